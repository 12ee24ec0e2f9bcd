"""The grantee's report page (without script: every button saves first; errors beside their
field; nothing typed lost), staff's page to read and answer a report, the files' downloads, and
the sections of the award pages. Anyone else finds nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from audit.models import AuditEvent
from awards.models import Award, Report, ReportFile
from awards.services import reports
from tests.factories import UserFactory

from .factories import ReportRequirementFactory, active_award, staff_of

pytestmark = pytest.mark.django_db

NARRATIVE = "We moved the shelter twice; nobody was hurt."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def requirement():
    return ReportRequirementFactory(award=active_award(currency="USD"))


@pytest.fixture
def grantee(requirement):
    return requirement.award.application.applicant


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page(requirement) -> str:
    return reverse("awards:report", args=[requirement.award.public_id, requirement.pk])


def staff_page(requirement) -> str:
    return reverse("awards:staff-report", args=[requirement.award.public_id, requirement.pk])


def form_data(action="save", narrative=NARRATIVE, rows=(("Rent", "1200.50"),), blank=3, **extra) -> dict:
    data = {"action": action, "narrative": narrative, "lines-INITIAL_FORMS": "0", "lines-MIN_NUM_FORMS": "0"}
    data["lines-MAX_NUM_FORMS"] = "50"
    rows = list(rows) + [("", "")] * blank
    data["lines-TOTAL_FORMS"] = str(len(rows))
    for n, (line, amount) in enumerate(rows):
        data[f"lines-{n}-line"], data[f"lines-{n}-amount"] = line, amount
    return {**data, **extra}


def submitted(requirement, grantee):
    reports.save_report(requirement, by=grantee, narrative=NARRATIVE, lines=[{"line": "Rent", "amount": "1200.50"}])
    return reports.submit_report(requirement.report, by=grantee)


# --- The grantee's page ----------------------------------------------------------------------


def test_the_grantee_saves_the_report_and_finds_it_as_they_left_it(requirement, grantee):
    client = signed_in(grantee)
    response = client.post(page(requirement), form_data(rows=[("Rent", "1200.50"), ("Travel", "80")]))
    assert response.status_code == 302 and response["Location"] == page(requirement)
    report = Report.objects.get()
    assert reports.narrative_of(report) == NARRATIVE
    assert report.lines == [{"line": "Rent", "amount": "1200.50"}, {"line": "Travel", "amount": "80.00"}]
    response = client.get(page(requirement))
    assert response.context["form"].initial["narrative"] == NARRATIVE
    assert len(response.context["formset"].forms) == 5  # the two saved, and three blank rows
    assert b"Travel" in response.content


def test_a_wrong_amount_shows_beside_its_row_and_nothing_typed_is_lost(requirement, grantee):
    client = signed_in(grantee)
    response = client.post(page(requirement), form_data(rows=[("Rent", "-5"), ("", "30")]))
    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert forms[0].errors == {"amount": ["An amount spent is zero or more."]}
    assert forms[1].errors == {"line": ["Name the budget line."]}
    assert response.context["form"]["narrative"].value() == NARRATIVE
    assert b"An amount spent is zero or more." in response.content
    assert not Report.objects.exists()


def test_a_file_chosen_is_kept_even_when_an_amount_is_wrong(requirement, grantee):
    client = signed_in(grantee)
    upload = SimpleUploadedFile("receipts.txt", b"Rent: 100", content_type="text/plain")
    response = client.post(page(requirement), form_data(rows=[("Rent", "x")], file=upload))
    assert response.status_code == 200
    assert [f.name for f in response.context["files"]] == ["receipts.txt"]
    assert ReportFile.objects.count() == 1


def test_a_refused_file_shows_beside_the_file_field_and_the_text_is_saved(requirement, grantee):
    client = signed_in(grantee)
    upload = SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03" + b"\x00" * 60)
    response = client.post(page(requirement), form_data(file=upload))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert reports.narrative_of(Report.objects.get()) == NARRATIVE


def test_the_grantee_removes_a_file(requirement, grantee, django_capture_on_commit_callbacks):
    client = signed_in(grantee)
    upload = SimpleUploadedFile("receipts.txt", b"Rent: 100", content_type="text/plain")
    client.post(page(requirement), form_data(file=upload))
    kept = ReportFile.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(page(requirement), form_data(remove=str(kept.public_id)))
    assert response.status_code == 302
    assert not ReportFile.objects.exists()


def test_the_grantee_downloads_their_file_under_a_neutral_name(requirement, grantee):
    client = signed_in(grantee)
    upload = SimpleUploadedFile("Safe house receipts.txt", b"Rent: 100", content_type="text/plain")
    client.post(page(requirement), form_data(file=upload))
    kept = ReportFile.objects.get()
    url = reverse("awards:report-file", args=[requirement.award.public_id, requirement.pk, kept.public_id])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Rent: 100"
    assert response["Content-Disposition"] == 'attachment; filename="report-file-1.txt"'
    assert "no-store" in response["Cache-Control"]


def test_submitting_without_a_narrative_says_so_beside_it(requirement, grantee):
    response = signed_in(grantee).post(page(requirement), form_data(action="submit", narrative=""))
    assert response.status_code == 200
    assert response.context["form"].errors["narrative"] == ["Write the narrative before you submit the report."]
    assert Report.objects.get().status == Report.Status.DRAFT


def test_submitting_without_lines_says_so_above_them(requirement, grantee):
    response = signed_in(grantee).post(page(requirement), form_data(action="submit", rows=[]))
    assert response.status_code == 200
    assert response.context["lines_errors"] == ["Give the amount spent on at least one budget line."]
    assert b"Give the amount spent on at least one budget line." in response.content


def test_the_grantee_submits_and_then_reads_it_without_a_form(requirement, grantee):
    client = signed_in(grantee)
    response = client.post(page(requirement), form_data(action="submit"))
    assert response.status_code == 302
    assert Report.objects.get().status == Report.Status.SUBMITTED
    response = client.get(page(requirement))
    assert response.context["editable"] is False and "form" not in response.context
    assert b"with the staff" in response.content and b"1,200.50" in response.content
    assert client.post(page(requirement), form_data(narrative="changed")).status_code == 302
    assert reports.narrative_of(Report.objects.get()) == NARRATIVE


def test_sent_back_the_grantee_reads_the_staffs_message_and_edits_again(requirement, grantee):
    report = submitted(requirement, grantee)
    reports.request_changes(report, by=staff_of(requirement.award.rfp), message="Add the March receipts.")
    response = signed_in(grantee).get(page(requirement))
    assert response.context["editable"] is True
    assert b"Add the March receipts." in response.content


def test_a_financial_report_has_no_narrative_field():
    requirement = ReportRequirementFactory(award=active_award(), kind="financial")
    response = signed_in(requirement.award.application.applicant).get(page(requirement))
    assert "narrative" not in response.context["form"].fields


@pytest.mark.parametrize("files", [1, 8])
def test_the_grantees_page_costs_the_same_queries_for_1_and_many_files(
    files, requirement, grantee, django_assert_num_queries
):
    report = reports.save_report(
        requirement, by=grantee, narrative=NARRATIVE, lines=[{"line": f"L{n}", "amount": "1"} for n in range(files)]
    )
    for n in range(files):
        reports.attach_file(report, SimpleUploadedFile(f"f{n}.txt", b"Rent", content_type="text/plain"), by=grantee)
    client = signed_in(grantee)
    with django_assert_num_queries(5):
        response = client.get(page(requirement))
    assert len(response.context["files"]) == files


# --- Staff's page ----------------------------------------------------------------------------


def test_staff_read_the_submitted_report_with_its_total_and_accept_it(requirement, grantee):
    submitted(requirement, grantee)
    client = signed_in(staff_of(requirement.award.rfp))
    response = client.get(staff_page(requirement))
    assert response.status_code == 200
    assert response.context["narrative"] == NARRATIVE
    assert response.context["total"] == Decimal("1200.50")
    assert b"1,200.50 USD" in response.content
    response = client.post(staff_page(requirement), {"action": "accept", "message": ""})
    assert response.status_code == 302
    assert Report.objects.get().status == Report.Status.ACCEPTED


def test_asking_for_changes_needs_a_message_beside_its_field(requirement, grantee):
    submitted(requirement, grantee)
    client = signed_in(staff_of(requirement.award.rfp))
    response = client.post(staff_page(requirement), {"action": "changes", "message": " "})
    assert response.status_code == 200
    assert response.context["form"].errors["message"] == ["Say what the grantee should change."]
    response = client.post(staff_page(requirement), {"action": "changes", "message": "Add the receipts."})
    assert response.status_code == 302
    assert Report.objects.get().status == Report.Status.CHANGES_REQUESTED


def test_staff_see_nothing_of_a_draft(requirement, grantee):
    reports.save_report(requirement, by=grantee, narrative=NARRATIVE, lines=[])
    client = signed_in(staff_of(requirement.award.rfp))
    response = client.get(staff_page(requirement))
    assert response.status_code == 200 and NARRATIVE.encode() not in response.content
    assert b"has not submitted this report yet" in response.content
    assert client.post(staff_page(requirement), {"action": "accept"}).status_code == 404


def test_a_staff_download_is_audited(requirement, grantee):
    report = reports.start_report(requirement, by=grantee)
    kept = reports.attach_file(report, SimpleUploadedFile("r.txt", b"Rent", content_type="text/plain"), by=grantee)
    submitted(requirement, grantee)
    url = reverse("awards:staff-report-file", args=[requirement.award.public_id, requirement.pk, kept.public_id])
    response = signed_in(staff_of(requirement.award.rfp)).get(url)
    assert response.status_code == 200
    assert AuditEvent.objects.filter(verb="report.file_downloaded").count() == 1


@pytest.mark.parametrize("lines", [1, 20])
def test_the_staff_page_costs_the_same_queries_for_1_and_many_lines(
    lines, requirement, grantee, django_assert_num_queries
):
    report = reports.start_report(requirement, by=grantee)
    for n in range(lines // 4 + 1):
        upload = SimpleUploadedFile(f"f{n}.txt", b"Rent", content_type="text/plain")
        reports.attach_file(report, upload, by=grantee)
    rows = [{"line": f"Line {n}", "amount": "10"} for n in range(lines)]
    reports.save_report(requirement, by=grantee, narrative=NARRATIVE, lines=rows)
    reports.submit_report(report, by=grantee)
    client = signed_in(staff_of(requirement.award.rfp))
    with django_assert_num_queries(6):
        response = client.get(staff_page(requirement))
    assert response.context["total"] == Decimal(10 * lines)


# --- Who gets nothing ------------------------------------------------------------------------


def test_anyone_but_the_grantee_finds_no_report_page(requirement, grantee):
    submitted(requirement, grantee)
    kept = ReportFile.objects.create(
        report=requirement.report, file="reports/x.txt", kind="txt", content_type="text/plain", size=1, name="x.txt"
    )
    urls = [
        page(requirement),
        reverse("awards:report-file", args=[requirement.award.public_id, requirement.pk, kept.public_id]),
    ]
    for role in (Role.APPLICANT, Role.REVIEWER, Role.PROGRAM_STAFF, Role.ADMIN):
        client = signed_in(UserFactory(roles=[role]))
        for url in urls:
            assert client.get(url).status_code == 404, (role, url)
    assert signed_in(grantee).post(page(requirement), form_data()).status_code == 302


def test_only_the_staff_who_run_the_call_find_the_staff_pages(requirement, grantee):
    submitted(requirement, grantee)
    kept = ReportFile.objects.create(
        report=requirement.report, file="reports/x.txt", kind="txt", content_type="text/plain", size=1, name="x.txt"
    )
    file_url = reverse("awards:staff-report-file", args=[requirement.award.public_id, requirement.pk, kept.public_id])
    for someone in (grantee, UserFactory(roles=[Role.PROGRAM_STAFF]), UserFactory(roles=[Role.REVIEWER])):
        client = signed_in(someone)
        assert client.get(staff_page(requirement)).status_code == 404
        assert client.get(file_url).status_code == 404
        assert client.post(staff_page(requirement), {"action": "accept"}).status_code == 404
    assert Report.objects.get().status == Report.Status.SUBMITTED
    assert signed_in(UserFactory(roles=[Role.ADMIN])).get(staff_page(requirement)).status_code == 200


def test_a_duty_of_another_award_is_not_found_under_this_one(requirement, grantee):
    other = ReportRequirementFactory(award=active_award())
    url = reverse("awards:report", args=[requirement.award.public_id, other.pk])
    assert signed_in(grantee).get(url).status_code == 404


# --- The sections of the award pages -----------------------------------------------------------


def _prefetched(award):
    return Award.objects.prefetch_related("report_requirements__report").get(pk=award.pk)


def test_the_grantees_section_lists_each_duty_with_its_status_and_the_staffs_message(requirement, grantee):
    ReportRequirementFactory(award=requirement.award, title="Mid-term", due_on=timezone.localdate() + timedelta(days=9))
    report = submitted(requirement, grantee)
    reports.request_changes(report, by=staff_of(requirement.award.rfp), message="Add the receipts.")
    html = render_to_string("awards/grantee/_section_reports.html", {"award": _prefetched(requirement.award)})
    assert page(requirement) in html
    assert "Mid-term" in html and "Not started" in html
    assert "Changes requested" in html and "Add the receipts." in html


def test_the_staff_section_links_each_duty_and_shows_no_draft_status(requirement, grantee):
    reports.save_report(requirement, by=grantee, narrative="x", lines=[])
    html = render_to_string(
        "awards/staff/_section_reports.html", {"award": _prefetched(requirement.award), "can_manage": True}
    )
    assert staff_page(requirement) in html
    assert "Not submitted yet" in html and "Draft" not in html


@pytest.mark.parametrize("duties", [1, 10])
def test_the_sections_render_without_a_query_once_prefetched(duties, django_assert_num_queries):
    award = active_award()
    for n in range(duties):
        ReportRequirementFactory(award=award, title=f"Report {n}")
    award = _prefetched(award)
    with django_assert_num_queries(0):
        render_to_string("awards/grantee/_section_reports.html", {"award": award})
        render_to_string("awards/staff/_section_reports.html", {"award": award, "can_manage": True})
