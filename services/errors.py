"""Typed domain errors. Adapters (handlers, CLI, web) translate them for people."""


class DomainError(Exception):
    """Base of every error the services raise on purpose."""


class DevelopmentOnly(DomainError):
    """A command that fakes the job board's data, refused in production."""
