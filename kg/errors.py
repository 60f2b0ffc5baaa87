"""The error hierarchy. Every error a user can cause is a ``KGError``; the CLI turns it into a
one-line message and an exit code, the UI into ``gr.Error``. Messages say what to do."""

from __future__ import annotations


class KGError(Exception):
    """Base class: something the user can fix (bad input, bad query, missing graph)."""

    exit_code = 1

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path + (f":{self.line}" if self.line else "") + ": "
        return where + self.message


class InputError(KGError):
    """A document cannot be read or decoded (empty, binary, unknown encoding, missing)."""


class ExtractionError(KGError):
    """A document was read but the extractor could not make a plan of it (no tasks, …)."""


class OntologyError(KGError):
    """The ontology, the shapes or a vocabulary file is missing or malformed."""


class GraphNotBuiltError(KGError):
    """Commands that read the built graph were pointed at a folder without one."""


class QueryError(KGError):
    """A saved query or ad-hoc SPARQL failed: unknown name, bad parameter, syntax, time limit."""


class UsageError(KGError):
    """Bad command-line usage (the CLI exits 2)."""

    exit_code = 2
