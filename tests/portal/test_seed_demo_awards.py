"""seed_demo decides on the rapid-response call through awards' services: an active award with a
tranche paid, one waiting on a report sent back, and support planned and asked for; an award
still offered with its letter ready; a decline with a message. Only once, however often it runs."""

import io
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from awards.models import Award, Decision, Letter, Report, ReportRequirement, SupportCommitment, Tranche
from awards.services.letters import letter_to_accept
from awards.services.reports import narrative_of
from grants.models import Application
from notifications.models import Message
from portal.demo_awards import CHANGES_MESSAGE, DECLINE_MESSAGE, NARRATIVE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_debug")]


@pytest.fixture
def _debug():
    with override_settings(DEBUG=True):
        yield


def seed(times: int = 1) -> str:
    output = io.StringIO()
    for _ in range(times):
        call_command("seed_demo", stdout=output)
    return output.getvalue()


def award_of(email: str) -> Award:
    return Award.objects.get(application__applicant__email=email)


def test_two_awards_and_a_decline_on_the_rapid_call_however_often_it_runs():
    seed(times=2)
    decisions = Counter(
        (decision.application.applicant.email, decision.outcome)
        for decision in Decision.objects.select_related("application__applicant")
    )
    assert decisions == {
        ("applicant@example.org", Decision.Outcome.AWARD): 1,
        ("applicant2@example.org", Decision.Outcome.AWARD): 1,
        ("applicant3@example.org", Decision.Outcome.DECLINE): 1,
    }
    decline = Decision.objects.get(outcome=Decision.Outcome.DECLINE)
    assert decline.message == DECLINE_MESSAGE and decline.decided_by.email == "staff@example.org"
    assert {
        (award.application.applicant.email, award.status, award.amount, award.currency)
        for award in Award.objects.select_related("application__applicant")
    } == {
        ("applicant@example.org", Award.Status.ACTIVE, Decimal(4500), "USD"),
        ("applicant2@example.org", Award.Status.OFFERED, Decimal(6000), "USD"),
    }
    assert (Letter.objects.count(), Tranche.objects.count(), ReportRequirement.objects.count()) == (2, 3, 3)
    assert Report.objects.count() == 1 and SupportCommitment.objects.count() == 2
    verbs = Counter(AuditEvent.objects.filter(verb__regex=r"^(decision|letter|report|award)\.").values_list("verb"))
    assert {verb: count for (verb,), count in verbs.items()} == {
        "decision.awarded": 2,
        "decision.declined": 1,
        "letter.requested": 2,
        "letter.rendered": 2,
        "letter.accepted": 1,
        "award.tranche_paid": 1,
        "report.started": 1,
        "report.saved": 1,
        "report.submitted": 1,
        "report.changes_requested": 1,
        "award.support_added": 1,
        "award.support_requested": 1,
    }
    told = Counter(Message.objects.filter(template__startswith="awards/").values_list("recipient__email", "template"))
    assert told[("applicant@example.org", "awards/awarded")] == 1
    assert told[("applicant2@example.org", "awards/letter_ready")] == 1
    assert told[("applicant3@example.org", "awards/declined")] == 1
    assert told[("staff@example.org", "awards/letter_accepted")] == 1


def test_the_demo_applicants_award_is_active_with_a_tranche_paid_and_the_next_waiting_on_a_report_sent_back():
    seed()
    amina = User.objects.get(email="applicant@example.org")
    award = award_of("applicant@example.org")
    [letter] = award.letters.all()
    assert (letter.status, letter.accepted_by, letter.accepted_name) == (Letter.Status.READY, amina, "Amina Haddad")
    assert letter.accepted_sha256 == letter.sha256 and letter.file.read(5) == b"%PDF-"
    assert award.activated_at == letter.accepted_at
    interim, final = award.report_requirements.order_by("position")
    paid, waiting = award.tranches.order_by("position")
    assert (paid.amount, paid.paid_on is not None, paid.requires_report) == (Decimal(3000), True, None)
    assert (waiting.amount, waiting.paid_on, waiting.requires_report) == (Decimal(1500), None, interim)
    assert interim.kind == ReportRequirement.Kind.NARRATIVE and interim.due_on < waiting.scheduled_on
    report = interim.report
    assert (report.status, report.review_message, report.submitted_by) == (
        Report.Status.CHANGES_REQUESTED,
        CHANGES_MESSAGE,
        amina,
    )
    assert narrative_of(report) == NARRATIVE
    # Sent back, the report is due again: its reminders are armed.
    assert interim.next_reminder_at is not None
    assert final.kind == ReportRequirement.Kind.BOTH and not Report.objects.filter(requirement=final).exists()
    support = {(row.status, row.requested_by_grantee, row.created_by.email) for row in award.support.all()}
    assert support == {
        (SupportCommitment.Status.PLANNED, False, "staff@example.org"),
        (SupportCommitment.Status.REQUESTED, True, "applicant@example.org"),
    }


def test_the_second_award_is_offered_with_its_letter_ready_to_accept():
    seed(times=2)
    award = award_of("applicant2@example.org")
    [letter] = award.letters.all()
    assert letter.status == Letter.Status.READY and letter.accepted_at is None
    assert letter_to_accept(award) == letter
    assert not award.tranches.filter(paid_on__isnull=False).exists()
    assert not award.support.exists()


def test_the_renders_published_once_the_seed_commits_leave_the_drawn_letters_as_they_are(
    django_capture_on_commit_callbacks,
):
    # Without a broker (`make run`) the published render runs at once, in-process.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        seed()
    assert callbacks
    assert [(letter.version, letter.status) for letter in Letter.objects.all()] == [(1, Letter.Status.READY)] * 2
    assert AuditEvent.objects.filter(verb="letter.rendered").count() == 2


def test_the_summary_names_each_award_and_its_page():
    output = seed()
    for email, status in (("applicant@example.org", "active"), ("applicant2@example.org", "offered")):
        award = award_of(email)
        page = reverse("awards:award", args=[award.public_id])
        assert f"  {email}: award {award.reference}, {status}, at {page}" in output


def test_each_demo_grantee_reads_their_own_award_and_no_other(client):
    seed()
    own, other = award_of("applicant@example.org"), award_of("applicant2@example.org")
    client.force_login(User.objects.get(email="applicant@example.org"))
    page = client.get(reverse("awards:award", args=[own.public_id]))
    assert page.status_code == 200
    text = page.content.decode()
    assert own.reference in text and "Changes requested" in text and "Interim report" in text
    assert client.get(reverse("awards:award", args=[other.public_id])).status_code == 404
    client.force_login(User.objects.get(email="applicant2@example.org"))
    page = client.get(reverse("awards:award", args=[other.public_id]))
    assert page.status_code == 200
    assert reverse("awards:letter", args=[other.letters.get().public_id]) in page.content.decode()
    assert Application.objects.get(applicant__email="applicant2@example.org").status == Application.Status.AWARDED
