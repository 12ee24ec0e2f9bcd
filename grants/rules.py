"""What may change in a call, in which state.

Pure functions of the rows and of a `CallState` (selectors.call_state reads it): the services
check them before any change, and the builder's forms show what they freeze as read-only, with
the same reason, rather than as an error after submitting.

- A draft call: everything may change.
- Once published (and still after it is unpublished: applicants have read it): texts, help and
  new questions may; the mechanism, currency, blind review, default language and opening time
  may not; amounts only widen; published languages are only added; the closing time moves only
  through an extension of the deadline.
- Once any application exists: a question's type, its sensitivity and its choice keys are
  frozen (new choices may be added, and choices reordered and relabelled), and a removed
  question is retired, never deleted (as always).
- Once any application is submitted: its copy keeps the questions' wording of that day
  (form_snapshot), so editing a question's texts changes only what later applicants read.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.permissions import ALLOWED, Verdict, refuse

from .deadlines import effective_deadline, is_past
from .errors import BuilderError
from .models import RFP, Application, Question

MIN_CHOICES = 2


@dataclass(frozen=True)
class CallState:
    published: bool  # at least once
    has_applications: bool
    has_drafts: bool
    has_submitted: bool = False  # some application was submitted (and keeps its snapshot)


def frozen_settings(rfp: RFP, state: CallState) -> dict[str, str]:
    """The settings that cannot change now, each with the reason to show beside it."""
    if not state.published:
        return {}
    fixed = _("Fixed once the call is published: applicants rely on it.")
    frozen = dict.fromkeys(("mechanism", "currency", "blind_review", "default_language"), fixed)
    if rfp.mechanism == RFP.Mechanism.PROGRAMMATIC:
        frozen["opens_at"] = _("The opening time was announced when the call was published: it no longer changes.")
        frozen["deadline"] = _("Once the call is published, its closing time moves only by extending the deadline.")
    return frozen


def settings_notes(state: CallState) -> dict[str, str]:
    """What the settings that may still change may become, to show beside them."""
    if not state.published:
        return {}
    return {
        "min_amount": _("Once the call is published, the minimum amount can only be lowered."),
        "max_amount": _("Once the call is published, the maximum amount can only be raised."),
        "languages": _("Once the call is published, languages can be added but not removed."),
    }


def check_settings_change(rfp: RFP, values: dict, state: CallState) -> None:
    """Raise BuilderError (with the field) for the first change the call's state forbids."""
    for field, reason in frozen_settings(rfp, state).items():
        if field in values and values[field] != getattr(rfp, field):
            raise BuilderError(reason, field=field)
    if not state.published:
        return
    notes = settings_notes(state)
    if values.get("min_amount") is not None and values["min_amount"] > rfp.min_amount:
        raise BuilderError(notes["min_amount"], field="min_amount")
    if values.get("max_amount") is not None and values["max_amount"] < rfp.max_amount:
        raise BuilderError(notes["max_amount"], field="max_amount")
    if "languages" in values and set(rfp.languages) - set(values["languages"]):
        raise BuilderError(notes["languages"], field="languages")


def frozen_question_fields(state: CallState) -> dict[str, str]:
    """A question's settings that cannot change now, with the reason."""
    if not state.has_applications:
        return {}
    return {
        "type": _("Applications to this call exist: the type of an answer no longer changes."),
        "sensitive": _(
            "Applications to this call exist: answers already saved would not move in or out of the protected store."
        ),
    }


def question_notes(state: CallState) -> list[str]:
    """What to know before editing a question's texts, to show on its page."""
    if not state.has_submitted:
        return []
    return [_("Applications already submitted keep the wording they were submitted with.")]


def check_question_change(question: Question, values: dict, state: CallState) -> None:
    for field, reason in frozen_question_fields(state).items():
        if field in values and values[field] != getattr(question, field):
            raise BuilderError(reason, field=field)


def can_remove_choice(question: Question, state: CallState) -> Verdict:
    if state.has_applications:
        return refuse(
            _("Applications to this call exist and may have chosen it: a choice can be relabelled, not removed.")
        )
    if len(question.choices) <= MIN_CHOICES:
        return refuse(_("A choice question needs at least two choices: add another before removing this one."))
    return ALLOWED


def can_unpublish(rfp: RFP, state: CallState) -> Verdict:
    if not rfp.is_published:
        return refuse(_("This call is not published."))
    if state.has_drafts:
        return refuse(_("Applicants are writing drafts for this call: unpublishing it would strand them."))
    return ALLOWED


def can_publish(rfp: RFP) -> Verdict:
    if rfp.is_published:
        return refuse(_("This call is already published."))
    return ALLOWED


# An application's status moves only along these arrows (services.applications.move). Reviews
# and awards call down into the same function. Staff may decide on a submitted application no
# reviewer has scored (a rapid-response request decided at once); reversing a decision, which
# awards allows only before a letter is accepted, takes it back to review.
_S = Application.Status
MOVES: dict[str, frozenset[str]] = {
    _S.DRAFT: frozenset({_S.SUBMITTED, _S.WITHDRAWN}),
    _S.SUBMITTED: frozenset({_S.IN_REVIEW, _S.AWARDED, _S.DECLINED, _S.WITHDRAWN}),
    _S.IN_REVIEW: frozenset({_S.AWARDED, _S.DECLINED, _S.WITHDRAWN}),
    _S.AWARDED: frozenset({_S.IN_REVIEW}),
    _S.DECLINED: frozenset({_S.IN_REVIEW}),
    _S.WITHDRAWN: frozenset(),
}


def can_move(application: Application, to: str) -> Verdict:
    if to not in MOVES:
        raise TypeError(f"No such status: {to!r}")
    if to in MOVES[application.status]:
        return ALLOWED
    return refuse(
        _("An application that is %(status)s cannot become %(new)s.")
        % {"status": _S(application.status).label.lower(), "new": _S(to).label.lower()}
    )


def can_withdraw(application: Application) -> Verdict:
    if _S.WITHDRAWN in MOVES[application.status]:
        return ALLOWED
    if application.status == _S.WITHDRAWN:
        return refuse(_("This application is already withdrawn."))
    return refuse(_("A decision has been made on this application: it can no longer be withdrawn."))


# Staff ask about an application, and reopen its sections, between its submission and a decision.
DISCUSSED = frozenset({_S.SUBMITTED, _S.IN_REVIEW})


def is_reopened(application: Application, section_pk: int, now: datetime) -> bool:
    """Whether staff reopened this section of the submitted application and its time is not up."""
    return (
        application.status in DISCUSSED
        and section_pk in (application.reopened_sections or [])
        and application.reopened_until is not None
        and now < application.reopened_until
    )


def can_edit_answers(application: Application, section_pk: int | None = None, now: datetime | None = None) -> Verdict:
    """A draft's answers change until its deadline (services check it); a submitted one's only
    in the sections staff reopened, until the instant they chose (the deadline no longer counts)."""
    if application.status == _S.DRAFT:
        return ALLOWED
    now = now or timezone.now()
    if section_pk is not None and is_reopened(application, section_pk, now):
        return ALLOWED
    if section_pk in (application.reopened_sections or []) and application.status in DISCUSSED:
        return refuse(_("The time staff gave to change this section has passed: it is kept as it was."))
    if application.reopened_sections and application.status in DISCUSSED:
        return refuse(_("Staff reopened other sections of this application: this one is kept as it was submitted."))
    return refuse(_("This application is no longer a draft: its answers are kept as they were submitted."))


def can_request_extension(application: Application, now) -> Verdict:
    """An applicant asks for more time on a draft before its deadline, one request at a time."""
    if application.status != _S.DRAFT:
        return refuse(_("Only a draft can be given more time."))
    deadline = effective_deadline(application)
    if deadline is None:
        return refuse(_("This call has no deadline: it takes applications at any time."))
    if application.extension_requested_at is not None:
        return refuse(_("Your request for more time awaits a decision: you can ask again once it is decided."))
    if is_past(deadline, now):
        return refuse(_("The deadline has passed: more time can only be asked for before it."))
    return ALLOWED


def can_discuss(application: Application) -> Verdict:
    if application.status in DISCUSSED:
        return ALLOWED
    return refuse(_("Questions can be asked only about a submitted application that is not decided yet."))


def can_resubmit(application: Application, now: datetime | None = None) -> Verdict:
    now = now or timezone.now()
    if application.status not in DISCUSSED or not application.reopened_sections:
        return refuse(_("No section of this application is reopened: there is nothing to resubmit."))
    if application.reopened_until is None or now >= application.reopened_until:
        return refuse(
            _("The time staff gave to change this application has passed: the version submitted before is kept.")
        )
    return ALLOWED
