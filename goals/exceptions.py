class GoalsError(Exception):
    """A change goals refuses; `str(error)` says why in plain words."""


class ValueRefused(GoalsError):
    pass


class ImportRefused(GoalsError):
    pass
