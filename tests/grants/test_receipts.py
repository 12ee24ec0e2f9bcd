"""The receipt and the withdrawal message in the inbox: one per submission however often submit
is pressed, in the recipient's language, naming the reference, the call and the time."""

from datetime import UTC

import pytest
from django.utils import formats, translation

from grants import services
from grants.errors import SubmissionError
from notifications.selectors import inbox_of
from tests.factories import ApplicationFactory, UserFactory

from .submitted import ANSWERS_EN, copy_call, submitted_application

pytestmark = pytest.mark.django_db


def test_a_submission_puts_exactly_one_receipt_in_the_inbox_even_when_submitted_twice():
    application = submitted_application()
    with pytest.raises(SubmissionError):
        services.submit_application(application, by=application.applicant)
    receipts = list(inbox_of(application.applicant).filter(template="grants/submitted"))
    assert len(receipts) == 1
    receipt = receipts[0]
    assert receipt.subject == f"Application {application.reference} received"
    assert f"Its reference is {application.reference}" in receipt.body
    assert "“Call " in receipt.body and application.rfp.texts["en"]["title"] in receipt.body
    with translation.override("en"):
        when = formats.date_format(application.submitted_at.astimezone(UTC), "DATETIME_FORMAT")
    assert f"on {when} (UTC)" in receipt.body
    assert "read the submitted copy and download it as a PDF" in receipt.body


def test_the_receipt_is_in_the_recipients_language():
    applicant = UserFactory(language="fr")
    application = submitted_application(applicant=applicant)
    receipt = inbox_of(applicant).get(template="grants/submitted")
    assert receipt.language == "fr"
    month = application.submitted_at.month
    french_months = [
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ]  # fmt: skip
    assert french_months[month - 1] in receipt.body  # the date as French readers write it


def test_the_call_title_is_kept_as_typed_in_the_message_text():
    rfp = copy_call(texts={"en": {"title": "Safety & care <now>", "summary": ""}})
    application = submitted_application(rfp)
    body = inbox_of(application.applicant).get(template="grants/submitted").body
    assert "“Safety & care <now>”" in body  # the message page escapes it once, when shown


def test_a_withdrawal_is_told_once_with_the_reference_once_submitted():
    application = submitted_application()
    services.withdraw_application(application, by=application.applicant)
    message = inbox_of(application.applicant).get(template="grants/withdrawn")
    assert message.subject == "Application withdrawn"
    assert f"Your application {application.reference} to" in message.body
    draft = ApplicationFactory(rfp=copy_call())
    services.save_section(draft, draft.rfp.sections.first(), ANSWERS_EN, by=draft.applicant)
    services.withdraw_application(draft, by=draft.applicant)
    assert "Your draft application to" in inbox_of(draft.applicant).get(template="grants/withdrawn").body
