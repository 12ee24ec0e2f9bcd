"""What every builder service shares: the row lock, the language check, the next position."""

from django.conf import settings
from django.db.models import Max
from django.utils.translation import gettext as _

from ..errors import BuilderError
from ..models import RFP
from ..selectors import rfps_run_by

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def locked(rfp: RFP, by) -> RFP:
    """The call's row, locked until the transaction ends (changes to one call and its form are
    serialised on it), if `by` runs it."""
    stored = rfps_run_by(by).select_for_update(of=("self",)).filter(pk=rfp.pk).first()
    if stored is None:
        raise BuilderError(_("You do not run this call."))
    return stored


def check_language(language: str) -> None:
    if language not in LANGUAGE_CODES:
        raise BuilderError(_("This language is not offered by the portal."))


def next_position(queryset) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


def moved(order: list, index: int, direction: str) -> list | None:
    """`order` with its item at `index` swapped with the neighbour above or below, or None when
    it cannot move that way (the first cannot go up, nor the last down)."""
    if direction not in ("up", "down"):
        raise TypeError(f"Move up or down, not {direction!r}")
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(order):
        return None
    order = list(order)
    order[index], order[other] = order[other], order[index]
    return order


def swap(siblings: list, item, direction: str) -> bool:
    """Swap `item` with its neighbour among `siblings` and number them 0..n-1 in the new order.
    Returns whether it moved."""
    index = next(index for index, sibling in enumerate(siblings) if sibling.pk == item.pk)
    order = moved(siblings, index, direction)
    if order is None:
        return False
    for position, sibling in enumerate(order):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    return True
