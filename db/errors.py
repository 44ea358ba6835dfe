"""Errors raised by the database layer."""


class DatabaseError(Exception):
    """Base of the database layer's own errors."""


class LegacyWriteError(DatabaseError):
    """Something tried to write the job board's read-only tables."""


class DatabaseUnavailable(DatabaseError):
    """The database could not be reached, after retries."""
