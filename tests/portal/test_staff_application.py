"""The staff page of one application, made of the panels each app provides: the staff who run
its call (admins: every call) open it once submitted, with its answers in the submitted wording
(sensitive ones included), its files and its history; everyone else, and every draft, is a 404."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from grants import services
from grants.models import Question
from portal.panels import APPLICATION_PROVIDERS
from tests.factories import ApplicationFactory, RFPFactory, UserFactory
from tests.grants.submitted import attach, copy_call, submitted_application

pytestmark = pytest.mark.django_db


def page(user, application):
    client = Client()
    client.force_login(user)
    return client.get(reverse("portal:staff-application", args=[application.public_id]))


def test_the_staff_of_the_call_read_the_answers_in_the_wording_they_were_submitted_with(program_staff):
    application = submitted_application()
    application.rfp.staff.add(program_staff)
    Question.objects.filter(rfp=application.rfp, key="title").update(texts={"en": {"label": "Reworded"}})
    response = page(program_staff, application)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Title of the project" in html and "Reworded" not in html
    assert "Safe houses for journalists" in html
    assert "Two of us were followed home.<br>We moved twice." in html  # sensitive, for the call's staff
    assert "Security" in html and "Lawyers" in html and "Kenya" in html
    assert application.applicant.name in html
    assert f"<title>Application {application.reference} · " in html
    assert "no-store" in response["Cache-Control"]


def test_the_files_panel_describes_each_file_and_links_its_staff_download(program_staff):
    application = submitted_application()
    application.rfp.staff.add(program_staff)
    html = page(program_staff, application).content.decode()
    for numbered_file in application.attachments.all():
        url = reverse("grants:staff-file", args=[application.rfp_id, application.public_id, numbered_file.public_id])
        assert f'href="{url}"' in html
    assert "Attachment <bdi>1</bdi> (PDF, <bdi>3</bdi> pages)" in html


def test_the_history_lists_the_status_changes_with_who_made_them(program_staff):
    application = submitted_application()
    application.rfp.staff.add(program_staff)
    services.withdraw_application(application, by=application.applicant)
    response = page(program_staff, application)
    history_template = "grants/panels/application_history.html"
    [panel] = [panel for panel in response.context["panels"] if panel.template == history_template]
    history = panel.context["history"]
    assert [(entry["what"], entry["who"]) for entry in history] == [
        ("Submitted", application.applicant.name),
        ("Withdrawn", application.applicant.name),
    ]


def test_admins_open_every_submitted_application(admin_user):
    assert page(admin_user, submitted_application()).status_code == 200


def test_drafts_other_calls_applicants_and_reviewers_get_a_404(program_staff, reviewer):
    rfp = copy_call(staff=[program_staff])
    application = submitted_application(rfp)
    draft = ApplicationFactory(rfp=rfp)
    withdrawn_draft = ApplicationFactory(rfp=rfp)
    services.withdraw_application(withdrawn_draft, by=withdrawn_draft.applicant)
    assert page(program_staff, draft).status_code == 404
    assert page(program_staff, withdrawn_draft).status_code == 404
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    RFPFactory(staff=[other_staff])
    for user in (other_staff, application.applicant, reviewer, UserFactory()):
        assert page(user, application).status_code == 404


def test_grants_gives_no_panel_to_anyone_who_does_not_run_the_call(program_staff):
    application = submitted_application()
    assert [panel for provider in APPLICATION_PROVIDERS for panel in provider(application, program_staff)] == []


def test_reading_the_page_writes_no_answer_to_the_log_or_the_audit(program_staff, caplog):
    application = submitted_application()
    application.rfp.staff.add(program_staff)
    caplog.set_level(logging.DEBUG)
    page(program_staff, application)
    client = Client()
    client.force_login(program_staff)
    for attachment in application.attachments.all():
        client.get(reverse("grants:staff-file", args=[application.rfp_id, application.public_id, attachment.public_id]))
    assert "followed home" not in caplog.text
    details = " ".join(str(event.detail) for event in AuditEvent.objects.all())
    assert "followed" not in details and "Safe houses" not in details


@pytest.mark.parametrize("files", [1, 20])
def test_the_staff_page_costs_the_same_queries_for_1_and_20_files(files, program_staff, django_assert_num_queries):
    application = submitted_application(files=False)
    application.rfp.staff.add(program_staff)
    for _number in range(files):
        attach(application, "budget")
    client = Client()
    client.force_login(program_staff)
    # grants' panels take 14, reviews' 3 (tests/reviews/test_panels.py), awards' 2
    # (tests/awards/test_decision_pages.py).
    with django_assert_num_queries(17):
        response = client.get(reverse("portal:staff-application", args=[application.public_id]))
    # Each file is named in the answers, in the files panel and in its download link.
    assert response.content.decode().count("Attachment <bdi>") == 3 * files
