"""A grantee writes the report of a duty over several visits and submits it; the call's staff
accept it or send it back with a message. The narrative is never readable in the database."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from accounts.roles import Role
from audit.models import AuditEvent
from awards.models import Award, Report, ReportFile, ReportRequirement
from awards.services import reports
from awards.services.reports import ReportError
from core.errors import Refused
from notifications.models import Message
from tests.factories import UserFactory

from .factories import AwardFactory, ReportRequirementFactory, active_award, staff_of

pytestmark = pytest.mark.django_db

NARRATIVE = "We moved the shelter twice; nobody was hurt."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def requirement():
    return ReportRequirementFactory(award=active_award())


@pytest.fixture
def grantee(requirement):
    return requirement.award.application.applicant


def upload(name="receipts.txt", content=b"Rent: 100"):
    return SimpleUploadedFile(name, content, content_type="text/plain")


def saved(requirement, grantee, *, narrative=NARRATIVE, lines=None):
    lines = [{"line": "Rent", "amount": "1200.50"}, {"line": "Travel", "amount": "0"}] if lines is None else lines
    return reports.save_report(requirement, by=grantee, narrative=narrative, lines=lines)


def test_a_saved_report_keeps_the_narrative_encrypted_and_the_amounts_in_the_currencys_places(requirement, grantee):
    report = saved(requirement, grantee)
    assert report.status == Report.Status.DRAFT
    assert reports.narrative_of(report) == NARRATIVE
    assert report.lines == [{"line": "Rent", "amount": "1200.50"}, {"line": "Travel", "amount": "0.00"}]
    assert reports.total_of(reports.lines_of(report)) == Decimal("1200.50")
    assert AuditEvent.objects.filter(verb="report.saved").count() == 1


def test_the_narrative_is_not_readable_in_the_database_row(requirement, grantee):
    saved(requirement, grantee)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM awards_report")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert "shelter" not in row
    assert NARRATIVE not in row


def test_saving_again_replaces_what_was_saved(requirement, grantee):
    saved(requirement, grantee)
    report = saved(requirement, grantee, narrative="", lines=[])
    assert reports.narrative_of(report) == "" and report.lines == []
    assert Report.objects.count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-1", "An amount spent is zero or more."),
        ("ten", "Write the amount as a number, for example 1250.50."),
        ("NaN", "Write the amount as a number, for example 1250.50."),
        ("1.005", "Amounts in USD have at most 2 decimals."),
    ],
)
def test_a_wrong_amount_is_refused_and_nothing_is_saved(requirement, grantee, amount, message):
    Award.objects.filter(pk=requirement.award_id).update(currency="USD")
    with pytest.raises(ReportError) as refused:
        saved(requirement, grantee, lines=[{"line": "Rent", "amount": amount}])
    assert (refused.value.message, refused.value.field) == (message, "lines")
    assert not Report.objects.filter(narrative_encrypted__gt="").exists()


def test_a_currency_without_decimals_takes_whole_amounts_only(requirement, grantee):
    Award.objects.filter(pk=requirement.award_id).update(currency="XOF")
    assert saved(requirement, grantee, lines=[{"line": "Rent", "amount": "1500"}]).lines[0]["amount"] == "1500"
    with pytest.raises(ReportError, match="at most 0 decimals"):
        saved(requirement, grantee, lines=[{"line": "Rent", "amount": "1500.5"}])


def test_a_line_needs_a_name(requirement, grantee):
    with pytest.raises(ReportError, match="Name the budget line"):
        saved(requirement, grantee, lines=[{"line": "  ", "amount": "5"}])


def test_only_the_grantee_writes_the_report(requirement):
    for someone in (UserFactory(roles=[Role.APPLICANT]), staff_of(requirement.award.rfp)):
        with pytest.raises(ReportError, match="Only the grantee"):
            saved(requirement, someone)
    assert not Report.objects.exists()


def test_an_award_not_active_takes_no_report():
    requirement = ReportRequirementFactory(award=AwardFactory())  # offered: its letter not accepted
    with pytest.raises(ReportError, match="active"):
        saved(requirement, requirement.award.application.applicant)


def test_a_file_is_kept_as_its_clean_rewrite_under_a_random_name(requirement, grantee):
    report = reports.start_report(requirement, by=grantee)
    kept = reports.attach_file(report, upload("../My receipts.txt"), by=grantee)
    assert (kept.name, kept.kind, kept.content_type) == ("My receipts.txt", "txt", "text/plain; charset=utf-8")
    assert "receipts" not in kept.file.name and kept.file.name.startswith("reports/")
    assert kept.file.read() == b"Rent: 100"
    assert AuditEvent.objects.filter(verb="report.file_added").count() == 1


def test_a_file_that_cannot_be_cleaned_is_refused_on_the_file_field(requirement, grantee):
    report = reports.start_report(requirement, by=grantee)
    with pytest.raises(ReportError) as refused:
        reports.attach_file(report, upload("tool.exe", b"MZ\x90\x00\x03" + b"\x00" * 60), by=grantee)
    assert refused.value.field == "file"
    assert not ReportFile.objects.exists()


def test_a_removed_file_is_gone_with_its_bytes(requirement, grantee, django_capture_on_commit_callbacks):
    report = reports.start_report(requirement, by=grantee)
    kept = reports.attach_file(report, upload(), by=grantee)
    storage, name = kept.file.storage, kept.file.name
    with django_capture_on_commit_callbacks(execute=True):
        reports.remove_file(kept, by=grantee)
    assert not ReportFile.objects.exists()
    assert not storage.exists(name)


@pytest.mark.parametrize(
    ("kind", "narrative", "lines", "field"),
    [
        (ReportRequirement.Kind.NARRATIVE, "", [{"line": "Rent", "amount": "1"}], "narrative"),
        (ReportRequirement.Kind.BOTH, "", [{"line": "Rent", "amount": "1"}], "narrative"),
        (ReportRequirement.Kind.FINANCIAL, NARRATIVE, [], "lines"),
        (ReportRequirement.Kind.BOTH, NARRATIVE, [], "lines"),
    ],
)
def test_a_report_is_submitted_only_with_what_its_kind_asks(kind, narrative, lines, field):
    requirement = ReportRequirementFactory(award=active_award(), kind=kind)
    grantee = requirement.award.application.applicant
    report = saved(requirement, grantee, narrative=narrative, lines=lines)
    with pytest.raises(ReportError) as refused:
        reports.submit_report(report, by=grantee)
    assert refused.value.field == field
    report.refresh_from_db()
    assert report.status == Report.Status.DRAFT


def test_a_narrative_report_needs_no_lines():
    requirement = ReportRequirementFactory(award=active_award(), kind=ReportRequirement.Kind.NARRATIVE)
    grantee = requirement.award.application.applicant
    report = reports.submit_report(saved(requirement, grantee, lines=[]), by=grantee)
    assert report.status == Report.Status.SUBMITTED


def test_a_submitted_report_tells_the_calls_staff_and_can_no_longer_change(requirement, grantee):
    staff = staff_of(requirement.award.rfp)
    report = reports.submit_report(saved(requirement, grantee), by=grantee)
    assert (report.status, report.submitted_by) == (Report.Status.SUBMITTED, grantee)
    message = Message.objects.get(template="awards/report_submitted")
    assert message.recipient == staff
    assert NARRATIVE not in message.body
    with pytest.raises(ReportError, match="with the staff"):
        saved(requirement, grantee)
    with pytest.raises(ReportError, match="with the staff"):
        reports.attach_file(report, upload(), by=grantee)


def test_staff_send_it_back_with_a_message_and_the_grantee_changes_it(requirement, grantee):
    staff = staff_of(requirement.award.rfp)
    report = reports.submit_report(saved(requirement, grantee), by=grantee)
    with pytest.raises(ReportError) as refused:
        reports.request_changes(report, by=staff, message="  ")
    assert refused.value.field == "message"
    report = reports.request_changes(report, by=staff, message="Add the receipts for March.")
    assert (report.status, report.review_message, report.reviewed_by) == (
        Report.Status.CHANGES_REQUESTED,
        "Add the receipts for March.",
        staff,
    )
    told = Message.objects.get(template="awards/report_changes_requested")
    assert told.recipient == grantee and "receipts" not in told.body
    saved(requirement, grantee, narrative="Now with receipts.")
    report = reports.submit_report(report, by=grantee)
    report = reports.accept_report(report, by=staff)
    assert report.status == Report.Status.ACCEPTED
    assert Message.objects.get(template="awards/report_accepted").recipient == grantee
    verbs = list(AuditEvent.objects.filter(verb__startswith="report.").order_by("pk").values_list("verb", flat=True))
    assert verbs[-4:] == ["report.changes_requested", "report.saved", "report.submitted", "report.accepted"]


def test_only_a_submitted_report_is_accepted_or_sent_back(requirement, grantee):
    staff = staff_of(requirement.award.rfp)
    report = saved(requirement, grantee)
    with pytest.raises(ReportError, match="Only a submitted report"):
        reports.accept_report(report, by=staff)
    with pytest.raises(ReportError, match="Only a submitted report"):
        reports.request_changes(report, by=staff, message="No")


def test_only_the_staff_who_run_the_call_answer_a_report(requirement, grantee):
    report = reports.submit_report(saved(requirement, grantee), by=grantee)
    someone_elses = UserFactory(roles=[Role.PROGRAM_STAFF])
    for someone in (someone_elses, grantee):
        with pytest.raises(Refused, match="Only the staff who run a call"):
            reports.accept_report(report, by=someone)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED
    admin = UserFactory(roles=[Role.ADMIN])
    assert reports.accept_report(report, by=admin).status == Report.Status.ACCEPTED
