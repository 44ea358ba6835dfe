"""Typed domain errors. Adapters (handlers, CLI, web) translate them for people."""


class DomainError(Exception):
    """Base of every error the services raise on purpose.

    `code` names the error for the people who read it: the bot shows the translation of `error-<code>`.
    """

    code: str = "domain"


class DevelopmentOnly(DomainError):
    """A command that fakes the job board's data, refused in production."""

    code = "development_only"


class EmbeddingUnavailable(DomainError):
    """The embedding provider could not embed. `permanent`: retrying later will not help (quota, key, request)."""

    code = "embedding_unavailable"

    def __init__(self, message: str, *, permanent: bool) -> None:
        super().__init__(message)
        self.permanent = permanent


class IndexBusy(DomainError):
    """Another refresh of the job index holds the lock."""

    code = "index_busy"
