"""Staff download a submitted application's files: as a download under a neutral name, never
drawn by the browser, never cached, each download audited; nobody else gets them."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from tests.factories import ApplicationFactory, RFPFactory, UserFactory

from .submitted import attach, submitted_application

pytestmark = pytest.mark.django_db


def download(user, application, attachment, rfp_pk=None):
    client = Client()
    client.force_login(user)
    url = reverse("grants:staff-file", args=[rfp_pk or application.rfp_id, application.public_id, attachment.public_id])
    return client.get(url)


def test_staff_download_a_file_under_a_neutral_name_and_the_download_is_audited(program_staff):
    application = submitted_application()
    application.rfp.staff.add(program_staff)
    budget = application.attachments.get(question_key="budget")
    response = download(program_staff, application, budget)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 cleaned"
    assert response["Content-Disposition"] == 'attachment; filename="attachment-1.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(verb="attachment.downloaded")
    assert (event.actor, event.target_id) == (program_staff, str(application.pk))
    assert event.detail == {"attachment": budget.pk}
    photo = application.attachments.get(question_key="other")
    assert download(program_staff, application, photo)["Content-Disposition"] == (
        'attachment; filename="attachment-2.jpg"'
    )


def test_nobody_else_downloads_and_nothing_is_audited_for_them(program_staff, reviewer):
    application = submitted_application()
    application.rfp.staff.add(program_staff)
    budget = application.attachments.get(question_key="budget")
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    other_call = RFPFactory(staff=[other_staff, program_staff])
    for user in (other_staff, reviewer, application.applicant, UserFactory()):
        assert download(user, application, budget).status_code == 404
    # The right people, but the file of another application, or the wrong call in the path.
    another = submitted_application(application.rfp)
    assert download(program_staff, another, budget).status_code == 404
    assert download(program_staff, application, budget, rfp_pk=other_call.pk).status_code == 404
    draft = ApplicationFactory(rfp=application.rfp)
    assert download(program_staff, draft, attach(draft, "budget")).status_code == 404
    assert not AuditEvent.objects.filter(verb="attachment.downloaded").exists()
