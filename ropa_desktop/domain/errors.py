"""Errors a user can act on. Each carries one plain sentence for the screen or stderr."""

from __future__ import annotations

from dataclasses import dataclass


class RopaError(Exception):
    """Base of every error the user should see as a sentence, never as a traceback."""


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(RopaError):
    def __init__(
        self, errors: list[FieldError], *, subject: str = "", entity: tuple[str, str] = ("", "")
    ) -> None:
        self.errors = errors
        self.subject = subject
        self.entity = entity  # (entity type, key) of the record refused, when known
        head = f"{subject}: " if subject else ""
        first = errors[0] if errors else FieldError("?", "invalid")
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"{head}{first}{more}")


class InUseError(RopaError):
    """A record other records still use cannot be deleted; nothing was written."""


class ConflictError(RopaError):
    """Someone else saved the record since it was read; nothing was written."""

    def __init__(self, *, entity: str, label: str, expected: int, actual: int | None) -> None:
        self.entity = entity
        self.label = label
        self.expected = expected
        self.actual = actual
        if actual is None:
            what = "was deleted by someone else"
        else:
            what = f"was changed by someone else (version {actual}, you edited version {expected})"
        super().__init__(f"The {entity} “{label}” {what}; nothing was saved.")


class NotFoundError(RopaError):
    pass


class StoreError(RopaError):
    """The database cannot be opened, upgraded or written."""


class ImportFileError(RopaError):
    """A file given to an import is not readable as what it claims to be."""
