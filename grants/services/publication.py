"""Publishing a call, and what must be true first."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit import services as audit

from .. import rules
from ..errors import PublishError
from ..models import RFP, Section
from ..rules import MIN_CHOICES
from ..selectors import call_state, form_of
from ._common import locked

LANGUAGE_NAMES = dict(settings.LANGUAGES)


def _questions(sections: list[Section]) -> list:
    return [question for section in sections for question in section.questions.all()]


def language_problems(rfp: RFP, sections: list[Section], languages: list[str]) -> list[str]:
    """What a reader of each of `languages` would find missing: the title, a question's label,
    a label of one of its choices. `sections` is `selectors.form_of(rfp)`: no query here."""
    problems = []
    questions = _questions(sections)
    for language in languages:
        name = LANGUAGE_NAMES.get(language, language)
        texts = {question.key: question.texts.get(language) or {} for question in questions}
        if not (rfp.texts.get(language) or {}).get("title"):
            problems.append(_("The title in %(language)s is missing.") % {"language": name})
        unlabelled = [question.key for question in questions if not texts[question.key].get("label")]
        if unlabelled:
            problems.append(
                _("In %(language)s, these questions have no label: %(keys)s.")
                % {"language": name, "keys": ", ".join(unlabelled)}
            )
        unlabelled_choices = [
            question.key
            for question in questions
            if question.has_choices
            and not all((texts[question.key].get("choices") or {}).get(key) for key in question.choices)
        ]
        if unlabelled_choices:
            problems.append(
                _("In %(language)s, some choices of these questions have no label: %(keys)s.")
                % {"language": name, "keys": ", ".join(unlabelled_choices)}
            )
    return problems


def publication_problems(rfp: RFP, sections: list[Section]) -> list[str]:
    """Why the call cannot be published yet, one sentence each (empty when it can)."""
    questions = _questions(sections)
    problems = [] if questions else [_("The form has no question yet.")]
    problems += language_problems(rfp, sections, rfp.languages or [rfp.default_language])
    too_few = [question.key for question in questions if question.has_choices and len(question.choices) < MIN_CHOICES]
    if too_few:
        problems.append(_("These choice questions need at least two choices: %(keys)s.") % {"keys": ", ".join(too_few)})
    if rfp.deadline is not None and rfp.deadline <= timezone.now():
        problems.append(_("The closing time has already passed."))
    return problems


@transaction.atomic
def publish(rfp: RFP, *, by: User) -> RFP:
    stored = locked(rfp, by)
    rules.can_publish(stored).enforce()
    problems = publication_problems(stored, form_of(stored))
    if problems:
        raise PublishError(problems)
    stored.status = RFP.Status.PUBLISHED
    stored.published_at = stored.published_at or timezone.now()
    stored.save(update_fields=["status", "published_at"])
    audit.record(by, "rfp.published", stored, detail={"languages": stored.languages})
    rfp.status, rfp.published_at = stored.status, stored.published_at
    return stored


@transaction.atomic
def unpublish(rfp: RFP, *, by: User) -> RFP:
    """Take a call off the public pages; refused while applicants hold drafts of it."""
    stored = locked(rfp, by)
    rules.can_unpublish(stored, call_state(stored)).enforce()
    stored.status = RFP.Status.UNPUBLISHED
    stored.save(update_fields=["status"])
    audit.record(by, "rfp.unpublished", stored)
    rfp.status = stored.status
    return stored
