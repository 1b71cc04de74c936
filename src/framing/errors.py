"""Project exceptions: every error a user can cause names the file, the record and what to do."""

from __future__ import annotations


class FramingError(Exception):
    """Base class for errors the CLI reports as a clean message instead of a traceback."""


class InputError(FramingError):
    """A raw input file or record cannot be read (encoding, binary, empty, too large, malformed)."""

    def __init__(
        self, path: str, problem: str, *, kind: str = "unreadable", record: int | None = None
    ):
        self.path = str(path)
        self.problem = problem
        self.kind = kind
        self.record = record
        where = self.path if record is None else f"{self.path} (record {record})"
        super().__init__(f"{where}: {problem}")


class ParameterError(FramingError, ValueError):
    """A parameter value is out of range or of the wrong kind."""


class SchemaError(FramingError):
    """A table does not have the columns or types the pipeline expects."""


class LexiconError(FramingError):
    """A lexicon or other data file is invalid; the message names file, line and field."""


class MissingStepError(FramingError):
    """A pipeline step needs the output of an earlier step that has not been run."""
