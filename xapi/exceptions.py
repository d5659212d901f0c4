class LRSUnavailable(Exception):
    """The LRS could not take the statements now (connection refused, timeout, 5xx, 429): try again later."""


class LRSRejected(Exception):
    """The LRS refused the statements for good (4xx): sending them again will not help."""

    def __init__(self, status: int, message: str):
        super().__init__(f"The LRS answered {status}: {message}")
        self.status = status
