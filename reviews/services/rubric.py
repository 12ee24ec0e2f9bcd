"""A call's rubric: its criteria, their texts in every language the call is published in, their
weights and scales. Each change is one transaction on the call's locked row, checked against
rules.py, and audited with ids only (a criterion's name is a text, never an audit detail)."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

import audit.services as audit
from grants.models import RFP
from grants.selectors import rfps_run_by

from .. import rules
from ..errors import ReviewError
from ..models import Criterion, RubricKeys, Score
from ..permissions import can_manage_reviews
from ..selectors import criteria_of, has_submitted_review

# Characters: a criterion's name is read in a table's header, its guidance beside the score.
TEXT_LIMITS = {"name": 200, "guidance": 2_000, "label": 200}
SCALE_FIELDS = ("weight", "scale_min", "scale_max")
LANGUAGE_NAMES = dict(settings.LANGUAGES)


def rubric_languages(rfp: RFP) -> list[str]:
    """The languages a criterion is written in: the call's default first, then the others it is
    published in."""
    return [rfp.default_language, *(code for code in rfp.languages if code != rfp.default_language)]


def language_name(code: str) -> str:
    return str(LANGUAGE_NAMES[code])


def missing_name_message(language: str) -> str:
    return _("Give the criterion a name in %(language)s.") % {"language": language_name(language)}


def _locked(rfp: RFP, by) -> RFP:
    """The call's row, locked until the transaction ends, if `by` manages its reviews: changes
    to one rubric are serialised on it, and on the submission of a review (which freezes it)."""
    stored = rfps_run_by(by).select_for_update(of=("self",)).filter(pk=rfp.pk).first()
    if stored is None:
        raise ReviewError(_("Only the staff who run a call manage its reviews."))
    verdict = can_manage_reviews(by, stored)
    if not verdict:
        raise ReviewError(verdict.reason)
    return stored


def _stored(criterion: Criterion, rfp: RFP) -> Criterion:
    stored = criteria_of(rfp).select_for_update().filter(pk=criterion.pk).first()
    if stored is None:
        raise ReviewError(_("This criterion is no longer in the rubric."))
    return stored


def _check_scale(weight: Decimal, scale_min: int, scale_max: int) -> None:
    if scale_min not in (0, 1):
        raise ReviewError(_("The lowest score is 0 or 1."), field="scale_min")
    if scale_max <= scale_min:
        raise ReviewError(_("The highest score must be above the lowest."), field="scale_max")
    if scale_max > 100:
        raise ReviewError(_("The highest score is at most 100."), field="scale_max")
    if not Decimal("0.01") <= weight <= Decimal(100) or weight != weight.quantize(Decimal("0.01")):
        raise ReviewError(
            _("The weight is a number above 0 and at most 100, with two decimals at most."), field="weight"
        )


def _check_length(value: str, limit_name: str, field: str) -> None:
    limit = TEXT_LIMITS[limit_name]
    if len(value) > limit:
        raise ReviewError(
            _("At most %(limit)d characters here (this text has %(count)d).") % {"limit": limit, "count": len(value)},
            field=field,
        )


def checked_texts(rfp: RFP, texts: dict, scale_min: int, scale_max: int) -> dict:
    """The texts as stored: {language: {"name", "guidance", "labels": {"0": ...}}}, empty values
    left out. Refuses a language the portal does not offer, a text over its limit, a label of a
    point off the scale, and a published language without a name."""
    cleaned = {}
    for language, values in texts.items():
        if language not in LANGUAGE_NAMES:
            raise ReviewError(_("This language is not offered by the portal."))
        name = (values.get("name") or "").strip()
        guidance = (values.get("guidance") or "").strip()
        _check_length(name, "name", f"name_{language}")
        _check_length(guidance, "guidance", f"guidance_{language}")
        labels = {}
        for point, label in (values.get("labels") or {}).items():
            label = (label or "").strip()
            if not label:
                continue
            if not scale_min <= int(point) <= scale_max:
                raise ReviewError(
                    _("%(point)d is not a point of the scale from %(low)d to %(high)d.")
                    % {"point": int(point), "low": scale_min, "high": scale_max},
                    field=f"labels_{language}",
                )
            _check_length(label, "label", f"labels_{language}")
            labels[str(int(point))] = label
        entry = {key: value for key, value in (("name", name), ("guidance", guidance), ("labels", labels)) if value}
        if entry:
            cleaned[language] = entry
    for language in rubric_languages(rfp):
        if not cleaned.get(language, {}).get("name"):
            raise ReviewError(missing_name_message(language), field=f"name_{language}")
    return cleaned


def _next_key(rfp: RFP) -> str:
    """`c` and the next number the call's rubric has never handed out (removed ones included)."""
    keys, _created = RubricKeys.objects.select_for_update().get_or_create(rfp=rfp)
    taken = set(Criterion.objects.filter(rfp=rfp).values_list("key", flat=True))
    number = keys.last_number + 1
    while f"c{number}" in taken:  # a key given by other means (an import) is never overwritten
        number += 1
    keys.last_number = number
    keys.save(update_fields=["last_number"])
    return f"c{number}"


def _refuse_unless_set_may_change(rfp: RFP) -> None:
    verdict = rules.can_change_criteria_set(has_submitted_review(rfp))
    if not verdict:
        raise ReviewError(verdict.reason)


@transaction.atomic
def add_criterion(
    rfp: RFP,
    *,
    by,
    texts: dict,
    weight: Decimal,
    scale_min: int,
    scale_max: int,
    comment_required: bool = False,
) -> Criterion:
    """A new criterion at the end of the rubric, with a key the call has never used."""
    rfp = _locked(rfp, by)
    _refuse_unless_set_may_change(rfp)
    _check_scale(weight, scale_min, scale_max)
    texts = checked_texts(rfp, texts, scale_min, scale_max)
    highest = criteria_of(rfp).aggregate(highest=Max("position"))["highest"]
    criterion = Criterion.objects.create(
        rfp=rfp,
        key=_next_key(rfp),
        position=0 if highest is None else highest + 1,
        texts=texts,
        weight=weight,
        scale_min=scale_min,
        scale_max=scale_max,
        comment_required=comment_required,
    )
    audit.record(by, "criterion.added", rfp, detail={"criterion": criterion.pk})
    return criterion


@transaction.atomic
def update_criterion(
    criterion: Criterion,
    *,
    by,
    texts: dict,
    weight: Decimal,
    scale_min: int,
    scale_max: int,
    comment_required: bool,
) -> bool:
    """Save the criterion's texts and settings; returns whether anything changed. Once the call
    has a submitted review, a weight or scale other than the stored one is refused."""
    rfp = _locked(criterion.rfp, by)
    stored = _stored(criterion, rfp)
    values = {"weight": weight, "scale_min": scale_min, "scale_max": scale_max}
    for field, reason in rules.frozen_criterion_fields(has_submitted_review(rfp)).items():
        if values[field] != getattr(stored, field):
            raise ReviewError(reason, field=field)
    _check_scale(weight, scale_min, scale_max)
    values.update(texts=checked_texts(rfp, texts, scale_min, scale_max), comment_required=comment_required)
    changed = [field for field, value in values.items() if getattr(stored, field) != value]
    if not changed:
        return False
    for field in changed:
        setattr(stored, field, values[field])
    stored.save(update_fields=changed)
    audit.record(by, "criterion.changed", rfp, detail={"criterion": stored.pk, "fields": sorted(changed)})
    return True


@transaction.atomic
def move_criterion(criterion: Criterion, direction: str, *, by) -> bool:
    """Swap the criterion with its neighbour above or below; returns whether it moved (the
    first cannot go up, nor the last down). Allowed at any time: the order weighs nothing."""
    if direction not in ("up", "down"):
        raise TypeError(f"Move up or down, not {direction!r}")
    rfp = _locked(criterion.rfp, by)
    order = list(criteria_of(rfp).select_for_update())
    index = next((index for index, row in enumerate(order) if row.pk == criterion.pk), None)
    if index is None:
        raise ReviewError(_("This criterion is no longer in the rubric."))
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(order):
        return False
    order[index], order[other] = order[other], order[index]
    for position, row in enumerate(order):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    audit.record(by, "criterion.moved", rfp, detail={"criterion": criterion.pk, "direction": direction})
    return True


@transaction.atomic
def remove_criterion(criterion: Criterion, *, by) -> None:
    """Remove a criterion before any review is submitted, with the draft scores given to it.
    Its key stays taken (RubricKeys)."""
    rfp = _locked(criterion.rfp, by)
    _refuse_unless_set_may_change(rfp)
    stored = _stored(criterion, rfp)
    scores, _per_model = Score.objects.filter(criterion=stored).delete()
    pk = stored.pk
    stored.delete()
    audit.record(by, "criterion.removed", rfp, detail={"criterion": pk, "draft_scores": scores})
