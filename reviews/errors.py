from core.errors import Refused


class ReviewError(Refused):
    """What the review rules refuse, with a message for the user."""
