"""Errors people's services raise with a message fit to show the person who acted."""


class PeopleError(Exception):
    """Base class: `str(error)` is the message for the user."""


class ReminderTooSoon(PeopleError):
    pass


class NothingToRemind(PeopleError):
    pass


class ImportRefused(PeopleError):
    """The import cannot be applied as asked (rows with errors and no explicit "only valid rows")."""
