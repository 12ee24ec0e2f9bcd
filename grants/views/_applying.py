"""What the applicant's pages share: the application, found only among the user's own (a
foreign id is a 404), and the addresses of its parts. Paths carry ids, never titles."""

from django.shortcuts import get_object_or_404
from django.urls import reverse

from ..models import Application, Question
from ..selectors import application_pages_of

GROUPED = (Question.Type.SINGLE_CHOICE, Question.Type.MULTIPLE_CHOICE, Question.Type.YES_NO)


def owned(request, public_id) -> Application:
    """One of the user's applications (their own, or their organisations'); else a 404."""
    return get_object_or_404(application_pages_of(request.user), public_id=public_id)


def field_id(question) -> str:
    """The id of the field a link to a question lands on: a group of options lands on its
    first option. `question` is a Question, or a key and type."""
    key, kind = question.key, question.type
    return f"id_{key}_0" if kind in GROUPED else f"id_{key}"


def section_url(application: Application, section_pk: int, question=None) -> str:
    url = reverse("applying:section", args=[application.public_id, section_pk])
    return f"{url}#{field_id(question)}" if question is not None else url


def overview_url(application: Application) -> str:
    return reverse("applying:application", args=[application.public_id])
