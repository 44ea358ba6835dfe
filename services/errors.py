"""Typed domain errors. Adapters (handlers, CLI, web) translate them for people."""


class DomainError(Exception):
    """Base of every error the services raise on purpose."""


class DevelopmentOnly(DomainError):
    """A command that fakes the job board's data, refused in production."""


class EmbeddingUnavailable(DomainError):
    """The embedding provider could not embed. `permanent`: retrying later will not help (quota, key, request)."""

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class IndexBusy(DomainError):
    """Another refresh of the job index holds the lock."""
