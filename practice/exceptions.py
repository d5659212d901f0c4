class PracticeError(Exception):
    """A practice action the rules refuse; the message is shown to the person who acted."""
