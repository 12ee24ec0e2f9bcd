"""Applying under row locks, on PostgreSQL (SQLite ignores them): two submits of one draft
give one submission, one reference and one receipt; two members saving different sections at
the same moment both keep their answers."""

import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from grants import services
from grants.errors import SubmissionError
from grants.models import Application
from grants.protected import answers_of
from grants.selectors import form_of
from notifications.models import Message
from tests.accounts.test_organisation_locks import someone_waits_on_a_lock
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.notifications.conftest import wait_for

from .applying import call_with_form, draft_to

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_thread(work, outcome: dict, name: str) -> threading.Thread:
    def run():
        try:
            outcome[name] = work()
        except SubmissionError as refusal:
            outcome[name] = refusal.message
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_two_submits_of_one_draft_at_once_give_one_reference_and_one_receipt(postgres):
    rfp, _first, second = call_with_form()
    application = draft_to(rfp)
    sections = form_of(rfp)
    by = application.applicant
    services.save_section(application, sections[0], {"title": "Safe houses", "amount": "5000"}, by=by)
    upload = SimpleUploadedFile("budget.txt", b"Rent: 100", content_type="text/plain")
    services.add_attachment(application, second.questions.get(key="budget_file"), upload, by=by)
    outcome = {}
    with transaction.atomic():
        services.submit_application(application, by=by)  # holds the row until commit
        other = in_thread(lambda: services.submit_application(application, by=by).reference, outcome, "second")
        wait_for(someone_waits_on_a_lock, timeout=10, message="the second submit to wait on the lock")
    other.join(10)
    assert outcome == {"second": "This application has already been submitted."}
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.reference.endswith("-1")
    assert Message.objects.filter(template="grants/submitted", recipient=by).count() == 1


def test_two_members_saving_different_sections_at_once_lose_neither(postgres):
    rfp, _first, _second = call_with_form()
    organisation = OrganisationFactory(owner=UserFactory())
    amina = organisation.memberships.get().user
    bilal = MembershipFactory(organisation=organisation).user
    application = draft_to(rfp, applicant=amina, organisation=organisation)
    project, documents = form_of(rfp)
    outcome = {}
    with transaction.atomic():
        services.save_section(application, project, {"title": "Safe houses", "story": "A secret"}, by=amina)
        other = in_thread(
            lambda: services.save_section(
                Application.objects.get(pk=application.pk), documents, {"team": "c2"}, by=bilal
            ),
            outcome,
            "bilal",
        )
        wait_for(someone_waits_on_a_lock, timeout=10, message="Bilal's save to wait on the lock")
    other.join(10)
    assert outcome == {"bilal": {}}
    application.refresh_from_db()
    assert answers_of(application) == {"title": "Safe houses", "amount": None, "story": "A secret", "team": "c2"}
    assert application.section_versions == {str(project.pk): 1, str(documents.pk): 1}
