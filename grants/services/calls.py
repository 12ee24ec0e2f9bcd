"""Creating a call, its settings and texts, copies, and who runs it. One transaction each,
with its audit event; details hold ids, counts, field names and language codes only, never a
text staff typed."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import program_staff_accounts
from audit import services as audit
from core.changes import apply_changes, changed_texts

from .. import rules
from ..errors import BuilderError, PublishError
from ..models import RFP, Question
from ..permissions import can_build_calls, can_set_staff, runs_calls_it_creates
from ..selectors import call_state, form_of
from ..texts import check_lengths
from ._common import check_language, locked
from .publication import language_problems

RFP_FIELDS = (
    "mechanism",
    "opens_at",
    "deadline",
    "time_zone",
    "currency",
    "min_amount",
    "max_amount",
    "budget",
    "blind_review",
    "reviewers_per_application",
    "reviewers_see_each_other",
    "spread_threshold",
    "languages",
    "default_language",
)
RFP_TEXT_FIELDS = ("title", "summary", "description", "eligibility")


def _rolling(values: dict, current: RFP | None = None) -> dict:
    """A rapid-response call is rolling: decided one by one, it never opens or closes."""
    mechanism = values.get("mechanism", current.mechanism if current else None)
    if mechanism == RFP.Mechanism.RAPID_RESPONSE:
        return {**values, "opens_at": None, "deadline": None}
    return values


@transaction.atomic
def create_rfp(*, by: User, texts: dict, **values) -> RFP:
    """A draft call with its texts in its default language (`texts` = {"title": ..., ...})."""
    can_build_calls(by).enforce()
    unknown = set(values) - set(RFP_FIELDS)
    if unknown:
        raise TypeError(f"RFP has no settings {sorted(unknown)}")
    check_lengths(texts)
    rfp = RFP(created_by=by, **_rolling(values))
    rfp.texts, _changed = changed_texts({}, rfp.default_language, texts, RFP_TEXT_FIELDS)
    rfp.full_clean()
    rfp.save()
    if runs_calls_it_creates(by):
        rfp.staff.add(by)
    audit.record(by, "rfp.created", rfp, detail={"mechanism": rfp.mechanism})
    return rfp


@transaction.atomic
def update_rfp(rfp: RFP, *, by: User, **values) -> list[str]:
    """Change the call's settings, as far as its state allows (rules.py); returns the names of
    the fields that changed."""
    stored = locked(rfp, by)
    state = call_state(stored)
    values = _rolling(values, stored)
    rules.check_settings_change(stored, values, state)
    added = [code for code in values.get("languages", stored.languages) if code not in stored.languages]
    changed = apply_changes(stored, values, RFP_FIELDS)
    if state.published and added:
        problems = language_problems(stored, form_of(stored), added)
        if problems:
            raise PublishError(problems)  # rolls the change back
    if changed:
        audit.record(by, "rfp.updated", stored, detail={"fields": changed})
    for field in RFP_FIELDS:
        setattr(rfp, field, getattr(stored, field))
    return changed


@transaction.atomic
def update_rfp_texts(rfp: RFP, language: str, *, by: User, **texts) -> list[str]:
    """Set the call's title, summary, description and eligibility in one language."""
    check_language(language)
    check_lengths(texts)
    stored = locked(rfp, by)
    stored.texts, changed = changed_texts(stored.texts, language, texts, RFP_TEXT_FIELDS)
    if changed:
        stored.save(update_fields=["texts"])
        audit.record(by, "rfp.texts_updated", stored, detail={"language": language, "fields": changed})
    rfp.texts = stored.texts
    return changed


@transaction.atomic
def duplicate_rfp(rfp: RFP, *, by: User) -> RFP:
    """A draft copy to start the next call from: settings, texts, sections, live questions
    (same keys and choices: the copy is a new call) and staff. Nothing of applications."""
    original = locked(rfp, by)
    copy = RFP.objects.get(pk=original.pk)
    copy.pk = None
    copy.status = RFP.Status.DRAFT
    copy.published_at = None
    copy.created_at = timezone.now()
    copy.created_by = by
    copy.duplicated_from = original
    copy.save()
    copy.staff.set(original.staff.all())
    if runs_calls_it_creates(by):
        copy.staff.add(by)
    question_count = 0
    for section in original.sections.order_by("position", "pk"):
        questions = list(section.questions.filter(retired_at__isnull=True).order_by("position", "pk"))
        section.pk = None
        section.rfp = copy
        section.save()
        for position, question in enumerate(questions):
            question.pk = None
            question.rfp, question.section, question.position = copy, section, position
        Question.objects.bulk_create(questions)
        question_count += len(questions)
    audit.record(by, "rfp.duplicated", copy, detail={"from": original.pk, "questions": question_count})
    return copy


@transaction.atomic
def set_rfp_staff(rfp: RFP, staff, *, by: User) -> tuple[int, int]:
    """Make the call's program staff exactly `staff` (admins only). Returns (added, removed)."""
    can_set_staff(by).enforce()
    stored = locked(rfp, by)
    wanted = {user.pk for user in staff}
    allowed = set(program_staff_accounts().filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - allowed:
        raise BuilderError(_("Only program staff can run a call."), field="staff")
    current = set(stored.staff.values_list("pk", flat=True))
    added, removed = sorted(wanted - current), sorted(current - wanted)
    stored.staff.add(*added)
    stored.staff.remove(*removed)
    if added or removed:
        audit.record(by, "rfp.staff_set", stored, detail={"added": added, "removed": removed})
    return len(added), len(removed)
