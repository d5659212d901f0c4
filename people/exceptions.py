"""Errors people's services raise with a message fit to show the person who acted."""

from django.core.exceptions import PermissionDenied


class PeopleError(Exception):
    """Base class: `str(error)` is the message for the user."""


class ReminderTooSoon(PeopleError):
    pass


class NothingToRemind(PeopleError):
    pass


class ImportRefused(PeopleError):
    """The import cannot be applied as asked (rows with errors and no explicit "only valid rows")."""


class AccountChangeRefused(PeopleError, PermissionDenied):
    """The privilege model (people/privileges.py) refuses a change to an account. `str(error)` is the reason for the
    person who acted (it may name the person concerned); `summary` is the audit log's form, which names nobody. A
    PermissionDenied, so a path that does not catch it answers 403, never 500."""

    def __init__(self, message: str, *, summary: str, actor, target, changes, via: str = "") -> None:
        super().__init__(message)
        self.summary = summary
        self.actor = actor
        self.target = target
        self.changes = sorted(changes)
        self.via = via
