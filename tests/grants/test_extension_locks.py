"""A call-wide extension and the submissions of its last minutes, on PostgreSQL (SQLite ignores
row locks): a submission commits while an admin's extension holds the call's row. Under
FOR UPDATE it could not (its foreign-key check at commit asks FOR KEY SHARE on that row), and
the extension, waiting for that submission's draft, deadlocked with it."""

import threading
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from grants import services
from grants.models import Application
from grants.services import deadlines

from .applying import AMOUNT_OK, call_with_form, draft_to

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_a_submission_commits_while_an_admin_extends_the_call(postgres, admin_user, monkeypatch):
    rfp, first, second = call_with_form()
    application = draft_to(rfp)
    by = application.applicant
    services.save_section(application, first, {"title": "Safe houses", "amount": AMOUNT_OK}, by=by)
    upload = SimpleUploadedFile("budget.txt", b"Rent: 100", content_type="text/plain")
    services.add_attachment(application, second.questions.get(key="budget_file"), upload, by=by)
    told, go_on = threading.Event(), threading.Event()
    tell = deadlines._tell

    def tell_then_wait(*args, **kwargs):
        tell(*args, **kwargs)
        told.set()
        go_on.wait(10)  # the extension holds the call's row here, before it re-arms the drafts

    monkeypatch.setattr(deadlines, "_tell", tell_then_wait)
    outcome, later = {}, rfp.deadline + timedelta(days=1)

    def extend():
        try:
            outcome["extension"] = deadlines.extend_call_deadline(rfp, later, "A shutdown", by=admin_user)
        finally:
            connection.close()

    extension = threading.Thread(target=extend)
    extension.start()
    try:
        assert told.wait(10)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '3s'")
        submitted = services.submit_application(application, by=by)
    finally:
        go_on.set()
        extension.join(10)
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")

    assert submitted.reference
    assert Application.objects.get(pk=application.pk).status == Application.Status.SUBMITTED
    assert outcome["extension"].new_deadline == later
