"""Every change to an RFP and its form: one transaction each, with its audit event.

Audit details hold ids, counts, field names and language codes only: never a title, a label or
any other text staff typed."""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from audit import services as audit

from .models import RFP, Question, Section
from .selectors import form_of

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
SECTION_TEXT_FIELDS = ("title", "intro")
QUESTION_TEXT_FIELDS = ("label", "help", "choices")
QUESTION_FIELDS = ("type", "required", "word_limit", "min_value", "max_value", "identifying", "sensitive")
KEY = re.compile(r"^[a-z][a-z0-9_]{0,49}$")
LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


class BuilderError(Exception):
    """A change the builder's rules refuse; the message says why, for the staff member."""


class PublishError(BuilderError):
    """Publication refused; `problems` lists every reason, one sentence each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(" ".join(problems))


# RFPs ----------------------------------------------------------------------------------------


def _clean_texts(values: dict, fields: tuple[str, ...]) -> dict:
    return {field: values.get(field) or ("" if field != "choices" else []) for field in fields}


def _check_language(language: str) -> None:
    if language not in LANGUAGE_CODES:
        raise BuilderError(_("This language is not offered by the portal."))


def _apply_rfp_values(rfp: RFP, values: dict) -> None:
    unknown = set(values) - set(RFP_FIELDS)
    if unknown:
        raise BuilderError(f"Unknown RFP fields: {sorted(unknown)}")
    for field, value in values.items():
        setattr(rfp, field, value)
    if rfp.mechanism == RFP.Mechanism.RAPID_RESPONSE:
        rfp.opens_at = rfp.deadline = None  # rolling: decided one by one, never closes


@transaction.atomic
def create_rfp(*, by: User, texts: dict, **values) -> RFP:
    """A draft RFP with its texts in its default language (`texts` = {"title": ..., ...}).
    Program staff who create one run it; admins run every RFP anyway."""
    rfp = RFP(created_by=by)
    _apply_rfp_values(rfp, values)
    rfp.texts = {rfp.default_language: _clean_texts(texts, RFP_TEXT_FIELDS)}
    rfp.full_clean()
    rfp.save()
    if by.is_program_staff:
        rfp.staff.add(by)
    audit.record(by, "rfp.created", rfp, detail={"mechanism": rfp.mechanism})
    return rfp


def _locked(rfp: RFP) -> RFP:
    return RFP.objects.select_for_update().get(pk=rfp.pk)


@transaction.atomic
def update_rfp(rfp: RFP, *, by: User, **values) -> list[str]:
    """Change the RFP's settings; returns the names of the fields that changed."""
    stored = _locked(rfp)
    before = {field: getattr(stored, field) for field in RFP_FIELDS}
    _apply_rfp_values(stored, values)
    changed = [field for field in RFP_FIELDS if getattr(stored, field) != before[field]]
    if changed:
        stored.full_clean()
        stored.save(update_fields=changed)
        audit.record(by, "rfp.updated", stored, detail={"fields": changed})
    for field in RFP_FIELDS:
        setattr(rfp, field, getattr(stored, field))
    return changed


@transaction.atomic
def update_rfp_texts(rfp: RFP, language: str, *, by: User, **texts) -> list[str]:
    """Set the RFP's title, summary, description and eligibility in one language."""
    _check_language(language)
    stored = _locked(rfp)
    before = stored.texts.get(language) or {}
    after = _clean_texts(texts, RFP_TEXT_FIELDS)
    changed = [field for field in RFP_TEXT_FIELDS if (before.get(field) or "") != after[field]]
    if changed:
        stored.texts = {**stored.texts, language: after}
        stored.save(update_fields=["texts"])
        detail = {"language": language, "fields": changed}
        audit.record(by, "rfp.texts_updated", stored, detail=detail)
    rfp.texts = stored.texts
    return changed


# Sections ------------------------------------------------------------------------------------


def _next_position(queryset) -> int:
    highest = queryset.aggregate(highest=Max("position"))["highest"]
    return 0 if highest is None else highest + 1


@transaction.atomic
def add_section(rfp: RFP, *, by: User, language: str, **texts) -> Section:
    _check_language(language)
    rfp = _locked(rfp)
    section = Section.objects.create(
        rfp=rfp,
        position=_next_position(rfp.sections.all()),
        texts={language: _clean_texts(texts, SECTION_TEXT_FIELDS)},
    )
    audit.record(by, "rfp.section_added", rfp, detail={"section": section.pk})
    return section


@transaction.atomic
def update_section(section: Section, *, by: User, language: str, **texts) -> list[str]:
    _check_language(language)
    rfp = _locked(section.rfp)
    stored = Section.objects.get(pk=section.pk)
    before = stored.texts.get(language) or {}
    after = _clean_texts(texts, SECTION_TEXT_FIELDS)
    changed = [field for field in SECTION_TEXT_FIELDS if (before.get(field) or "") != after[field]]
    if changed:
        stored.texts = {**stored.texts, language: after}
        stored.save(update_fields=["texts"])
        detail = {"section": stored.pk, "language": language, "fields": changed}
        audit.record(by, "rfp.section_updated", rfp, detail=detail)
    section.texts = stored.texts
    return changed


def _swap(siblings: list, item, direction: str) -> bool:
    """Number `siblings` 0..n-1 in their order, then swap `item` with its neighbour. Returns
    whether it moved (the first cannot go up, nor the last down)."""
    if direction not in ("up", "down"):
        raise BuilderError(_("Move up or down."))
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


@transaction.atomic
def move_section(section: Section, direction: str, *, by: User) -> bool:
    rfp = _locked(section.rfp)  # one reordering of this RFP at a time
    moved = _swap(list(rfp.sections.order_by("position", "pk")), section, direction)
    if moved:
        detail = {"section": section.pk, "direction": direction}
        audit.record(by, "rfp.section_moved", rfp, detail=detail)
    return moved


# Questions -----------------------------------------------------------------------------------


def _question_texts(question_type: str, texts: dict) -> dict:
    cleaned = _clean_texts(texts, QUESTION_TEXT_FIELDS)
    if question_type not in Question.CHOICE_TYPES:
        cleaned.pop("choices")
    return cleaned


def _unused_key(rfp: RFP) -> str:
    taken = set(Question.objects.filter(rfp=rfp).values_list("key", flat=True))
    number = len(taken) + 1
    while f"q{number}" in taken:
        number += 1
    return f"q{number}"


@transaction.atomic
def add_question(
    section: Section,
    *,
    by: User,
    language: str,
    key: str = "",
    texts: dict,
    **values,
) -> Question:
    """A new question at the end of `section`. Its key names the answer in every application
    for good: a key already used in the RFP, even by a removed question, is refused."""
    _check_language(language)
    rfp = _locked(section.rfp)
    if key:
        if not KEY.match(key):
            raise BuilderError(
                _("A key starts with a small letter and has only small letters, digits and underscores.")
            )
        if Question.objects.filter(rfp=rfp, key=key).exists():
            raise BuilderError(
                _("This key is already used in this call, perhaps by a removed question: keys are never reused.")
            )
    else:
        key = _unused_key(rfp)
    unknown = set(values) - set(QUESTION_FIELDS)
    if unknown:
        raise BuilderError(f"Unknown question fields: {sorted(unknown)}")
    question = Question(
        rfp=rfp,
        section=section,
        key=key,
        position=_next_position(section.questions.filter(retired_at__isnull=True)),
        **values,
    )
    question.texts = {language: _question_texts(question.type, texts)}
    question.full_clean(validate_constraints=False)
    question.save()
    detail = {"question": question.pk, "section": section.pk, "type": question.type}
    audit.record(by, "rfp.question_added", rfp, detail=detail)
    return question


@transaction.atomic
def update_question(
    question: Question,
    *,
    by: User,
    language: str,
    texts: dict | None = None,
    **values,
) -> list[str]:
    """Change a question's settings and its texts in one language. The key never changes."""
    _check_language(language)
    rfp = _locked(question.rfp)
    stored = Question.objects.get(pk=question.pk)
    if "key" in values and values.pop("key") != stored.key:
        raise BuilderError(_("A question's key cannot be changed: applications name their answers by it."))
    if stored.retired_at is not None:
        raise BuilderError(_("This question was removed."))
    unknown = set(values) - set(QUESTION_FIELDS)
    if unknown:
        raise BuilderError(f"Unknown question fields: {sorted(unknown)}")
    changed = []
    for field, value in values.items():
        if getattr(stored, field) != value:
            setattr(stored, field, value)
            changed.append(field)
    if stored.type != Question.Type.LONG_TEXT and stored.word_limit is not None:
        stored.word_limit = None  # only long text has a word limit
        changed = [*changed, "word_limit"] if "word_limit" not in changed else changed
    if texts is not None:
        before = stored.texts.get(language) or {}
        after = _question_texts(stored.type, texts)
        changed_texts = [field for field in after if (before.get(field) or type(after[field])()) != after[field]]
        if changed_texts:
            stored.texts = {**stored.texts, language: after}
            changed.append("texts")
    if changed:
        stored.full_clean(validate_constraints=False)
        stored.save()
        detail = {"question": stored.pk, "language": language, "fields": changed}
        audit.record(by, "rfp.question_updated", rfp, detail=detail)
    question.refresh_from_db()
    return changed


@transaction.atomic
def move_question(question: Question, direction: str, *, by: User) -> bool:
    rfp = _locked(question.rfp)
    siblings = list(question.section.questions.filter(retired_at__isnull=True).order_by("position", "pk"))
    moved = _swap(siblings, question, direction)
    if moved:
        detail = {"question": question.pk, "direction": direction}
        audit.record(by, "rfp.question_moved", rfp, detail=detail)
    return moved


@transaction.atomic
def retire_question(question: Question, *, by: User) -> None:
    """Remove a question from the form. The row stays, so its key stays taken for good."""
    rfp = _locked(question.rfp)
    updated = Question.objects.filter(pk=question.pk, retired_at__isnull=True).update(retired_at=timezone.now())
    if updated:
        audit.record(by, "rfp.question_retired", rfp, detail={"question": question.pk})
    question.refresh_from_db()


# Publication ---------------------------------------------------------------------------------


def publication_problems(rfp: RFP, sections: list[Section]) -> list[str]:
    """Why the RFP cannot be published yet, one sentence each (empty when it can). `sections`
    is `selectors.form_of(rfp)`: nothing here queries the database."""
    problems = []
    names = dict(settings.LANGUAGES)
    questions = [question for section in sections for question in section.questions.all()]
    if not questions:
        problems.append(_("The form has no question yet."))
    for language in rfp.languages:
        name = names.get(language, language)
        if not (rfp.texts.get(language) or {}).get("title"):
            problems.append(_("The title in %(language)s is missing.") % {"language": name})
        unlabelled = [q.key for q in questions if not (q.texts.get(language) or {}).get("label")]
        if unlabelled:
            problems.append(
                _("In %(language)s, these questions have no label: %(keys)s.")
                % {"language": name, "keys": ", ".join(unlabelled)}
            )
    no_choices = [
        q.key
        for q in questions
        if q.type in Question.CHOICE_TYPES and len(q.text(rfp.default_language).get("choices") or []) < 2
    ]
    if no_choices:
        problems.append(
            _("These choice questions need at least two choices: %(keys)s.") % {"keys": ", ".join(no_choices)}
        )
    if rfp.deadline is not None and rfp.deadline <= timezone.now():
        problems.append(_("The closing time has already passed."))
    return problems


@transaction.atomic
def publish(rfp: RFP, *, by: User) -> RFP:
    stored = _locked(rfp)
    if stored.status == RFP.Status.PUBLISHED:
        raise BuilderError(_("This call is already published."))
    problems = publication_problems(stored, form_of(stored))
    if problems:
        raise PublishError(problems)
    stored.status = RFP.Status.PUBLISHED
    stored.published_at = timezone.now()
    stored.save(update_fields=["status", "published_at"])
    audit.record(by, "rfp.published", stored, detail={"languages": stored.languages})
    rfp.status, rfp.published_at = stored.status, stored.published_at
    return stored


@transaction.atomic
def unpublish(rfp: RFP, *, by: User) -> RFP:
    stored = _locked(rfp)
    if stored.status != RFP.Status.PUBLISHED:
        raise BuilderError(_("This call is not published."))
    stored.status = RFP.Status.UNPUBLISHED
    stored.save(update_fields=["status"])
    audit.record(by, "rfp.unpublished", stored)
    rfp.status = stored.status
    return stored


@transaction.atomic
def duplicate_rfp(rfp: RFP, *, by: User) -> RFP:
    """A draft copy to start the next call from: settings, texts, sections, current questions
    (same keys: the copy is a new RFP) and staff. Nothing about applications is copied."""
    original = RFP.objects.get(pk=rfp.pk)
    copy = RFP.objects.get(pk=rfp.pk)
    copy.pk = None
    copy.status = RFP.Status.DRAFT
    copy.published_at = None
    copy.created_at = timezone.now()
    copy.created_by = by
    copy.duplicated_from = original
    copy.save()
    copy.staff.set(original.staff.all())
    if by.is_program_staff:
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
    detail = {"from": original.pk, "questions": question_count}
    audit.record(by, "rfp.duplicated", copy, detail=detail)
    return copy


# Staff ---------------------------------------------------------------------------------------


def program_staff_accounts():
    return User.objects.filter(groups__name=Role.PROGRAM_STAFF.value, is_active=True).order_by("email", "pk")


@transaction.atomic
def set_rfp_staff(rfp: RFP, staff, *, by: User) -> tuple[int, int]:
    """Make the RFP's program staff exactly `staff` (admins only). Returns (added, removed)."""
    if not by.is_admin:
        raise PermissionDenied
    stored = _locked(rfp)
    wanted = {user.pk for user in staff}
    allowed = set(program_staff_accounts().filter(pk__in=wanted).values_list("pk", flat=True))
    if wanted - allowed:
        raise BuilderError(_("Only program staff can run a call."))
    current = set(stored.staff.values_list("pk", flat=True))
    added, removed = sorted(wanted - current), sorted(current - wanted)
    stored.staff.add(*added)
    stored.staff.remove(*removed)
    if added or removed:
        detail = {"added": added, "removed": removed}
        audit.record(by, "rfp.staff_set", stored, detail=detail)
    return len(added), len(removed)
