"""One hierarchy of errors; each carries the HTTP status it maps to."""

from __future__ import annotations


class GskgError(Exception):
    """Base class of every error gskg raises on purpose."""

    status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class BadQuery(GskgError):
    """The SPARQL query (or request) is malformed."""

    status = 400


class Forbidden(GskgError):
    """The request asks for something the endpoint refuses to do."""

    status = 403


class NotFound(GskgError):
    status = 404


class ValidationFailed(GskgError):
    """The data does not validate; `problems` lists every problem found."""

    status = 422

    def __init__(self, problems: list) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the data")


class BuildError(GskgError):
    """The build could not complete; dist/ was left untouched."""
