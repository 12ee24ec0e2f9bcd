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


def swap(siblings: list, item, direction: str) -> bool:
    """Number `siblings` 0..n-1 in their order, then swap `item` with its neighbour. Returns
    whether it moved (the first cannot go up, nor the last down)."""
    if direction not in ("up", "down"):
        raise TypeError(f"Move up or down, not {direction!r}")
    index = next(index for index, sibling in enumerate(siblings) if sibling.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings):
        if sibling.position != position:
            sibling.position = position
            sibling.save(update_fields=["position"])
    return True
