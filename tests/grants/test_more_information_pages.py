"""The pages of the more-information thread: the staff's panels and forms on the application's
staff page, the applicant's block on their application's page, the thread's files through the
permission-checked downloads, the reopened sections' pages, the resubmission, and the versions
side by side; the same queries for 1 message or version as for many."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from grants import services
from grants.models import Application
from tests.factories import RFPFactory, UserFactory

from .more_information import a_file, reopen_and_resubmit, run_by
from .submitted import ANSWERS_EN

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff_page(application) -> str:
    return reverse("portal:staff-application", args=[application.public_id])


def overview(application) -> str:
    return reverse("applying:application", args=[application.public_id])


def staff_url(name: str, application) -> str:
    return reverse(name, args=[application.rfp_id, application.public_id])


def test_staff_ask_from_the_staff_page_and_the_applicant_reads_and_answers_with_a_file(program_staff):
    application, _project, _documents = run_by(program_staff)
    staff = client_of(program_staff)
    html = staff.get(staff_page(application)).content.decode()
    assert "Questions and answers" in html and "Staff notes" in html
    assert f'action="{staff_url("grants:staff-ask", application)}"' in html
    response = staff.post(staff_url("grants:staff-ask", application), {"question-text": "Who <b>else</b> funds it?"})
    assert response.status_code == 302
    applicant = client_of(application.applicant)
    html = applicant.get(overview(application)).content.decode()
    assert "Who &lt;b&gt;else&lt;/b&gt; funds it?" in html
    assert "Staff of the call" in html and program_staff.get_full_name() not in html
    response = applicant.post(
        reverse("applying:answer", args=[application.public_id]), {"text": "Nobody.", "file": a_file()}
    )
    assert response.status_code == 302
    reply = application.attachments.get(message__isnull=False)
    for client, url in (
        (applicant, reverse("applying:file", args=[application.public_id, reply.public_id])),
        (staff, reverse("grants:staff-file", args=[application.rfp_id, application.public_id, reply.public_id])),
    ):
        download = client.get(url)
        assert download.status_code == 200
        assert 'filename="reply-file-1.txt"' in download["Content-Disposition"]
    html = staff.get(staff_page(application)).content.decode()
    assert "Nobody." in html and "File <bdi>1</bdi> sent with an answer (TXT)" in html
    # The answers panel and the files panel still list only the two files that answer questions.
    assert html.count("Attachment <bdi>") == 3 * 2


def test_an_empty_question_is_refused_beside_the_field(program_staff):
    application, _project, _documents = run_by(program_staff)
    response = client_of(program_staff).post(staff_url("grants:staff-ask", application), {"question-text": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors == {"text": ["This field is required."]}
    assert application.thread.count() == 0


def test_a_refused_answer_file_keeps_the_typed_answer_on_the_page(program_staff):
    application, _project, _documents = run_by(program_staff)
    services.ask_question(application, "Send the budget", by=program_staff)
    response = client_of(application.applicant).post(
        reverse("applying:answer", args=[application.public_id]),
        {"text": "My long answer", "file": a_file("x.exe", b"MZ\x90\x00binary")},
    )
    assert response.status_code == 200
    assert "My long answer" in response.content.decode()
    assert response.context["answer_form"].errors["file"]


def test_staff_reopen_a_section_and_the_applicant_edits_only_it_then_resubmits(program_staff):
    application, project, documents = run_by(program_staff)
    staff = client_of(program_staff)
    until = timezone.now() + timedelta(days=3)
    response = staff.post(
        staff_url("grants:staff-reopen", application),
        {
            "sections": [project.pk],
            "until": until.strftime("%Y-%m-%dT%H:%M"),
            "time_zone": "UTC",
            "text": "Please give the new title.",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.reopened_sections == [project.pk]
    assert application.reopened_until == until.replace(second=0, microsecond=0)
    applicant = client_of(application.applicant)
    html = applicant.get(overview(application)).content.decode()
    assert "Sections reopened for you to change" in html and "Please give the new title." in html
    assert applicant.get(reverse("applying:section", args=[application.public_id, project.pk])).status_code == 200
    other = applicant.get(reverse("applying:section", args=[application.public_id, documents.pk]))
    assert (other.status_code, other["Location"]) == (302, overview(application))
    response = applicant.post(
        reverse("applying:section", args=[application.public_id, project.pk]),
        {**ANSWERS_EN, "title": "Safe houses for reporters", "_version": "1", "_go": "overview"},
    )
    assert response.status_code == 302
    response = applicant.post(reverse("applying:resubmit", args=[application.public_id]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.reopened_sections == [] and application.versions.count() == 2


def test_a_reopen_in_the_past_is_refused_beside_the_time(program_staff):
    application, project, _documents = run_by(program_staff)
    response = client_of(program_staff).post(
        staff_url("grants:staff-reopen", application),
        {"sections": [project.pk], "until": "2020-01-01T10:00", "time_zone": "UTC", "text": "Change it"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"until": ["Choose an instant in the future."]}


def test_the_versions_page_shows_the_changes_marked_and_escaped(program_staff):
    application, project, _documents = run_by(program_staff)
    reopen_and_resubmit(application, project, program_staff, "Safe <script>houses</script> for reporters")
    for client, url in (
        (client_of(program_staff), staff_url("grants:staff-versions", application)),
        (client_of(application.applicant), reverse("applying:versions", args=[application.public_id])),
    ):
        html = client.get(url).content.decode()
        assert '<del><span class="visually-hidden">Removed: </span>houses</del>' in html
        assert '<ins><span class="visually-hidden">Added: </span>&lt;script&gt;houses&lt;/script&gt;</ins>' in html
        assert '<del><span class="visually-hidden">Removed: </span>journalists</del>' in html
        assert "<script>houses" not in html
        assert "Two of us were followed home." in html  # the sensitive answer, opened for its readers


def test_notes_never_reach_the_applicant(program_staff):
    application, _project, _documents = run_by(program_staff)
    response = client_of(program_staff).post(staff_url("grants:staff-note", application), {"note-text": "Call finance"})
    assert response.status_code == 302
    assert "Call finance" in client_of(program_staff).get(staff_page(application)).content.decode()
    applicant = client_of(application.applicant)
    assert "Call finance" not in applicant.get(overview(application)).content.decode()
    assert (
        "Call finance" not in applicant.get(reverse("applying:versions", args=[application.public_id])).content.decode()
    )
    assert applicant.get(staff_url("grants:staff-note", application)).status_code == 404


def test_staff_of_other_calls_get_404s(program_staff):
    application, _project, _documents = run_by(program_staff)
    other = UserFactory(roles=[Role.PROGRAM_STAFF])
    RFPFactory(staff=[other])
    client = client_of(other)
    for name in ("grants:staff-ask", "grants:staff-reopen", "grants:staff-note", "grants:staff-versions"):
        assert client.get(staff_url(name, application)).status_code == 404
        assert client.post(staff_url(name, application), {"question-text": "x", "note-text": "x"}).status_code == 404


def thread_of_many(application, staff, count: int) -> None:
    for number in range(count):
        services.ask_question(application, f"Question {number}", by=staff)
        services.answer_question(application, f"Answer {number}", a_file(f"r{number}.txt"), by=application.applicant)
    services.add_staff_note(application, "A note", by=staff)


# The reviews panel reads its call's assignments, reviews and totals, the awards panel its
# decision and letters: 5 of the 19.
@pytest.mark.parametrize("messages", [1, 6])
def test_the_staff_page_costs_the_same_queries_for_1_and_many_messages(
    messages, program_staff, django_assert_num_queries
):
    application, _project, _documents = run_by(program_staff)
    thread_of_many(application, program_staff, messages)
    client = client_of(program_staff)
    with django_assert_num_queries(17):
        response = client.get(staff_page(application))
    assert response.content.decode().count("sent with an answer (TXT)") == messages


@pytest.mark.parametrize("messages", [1, 6])
def test_the_applicants_page_costs_the_same_queries_for_1_and_many_messages(
    messages, program_staff, django_assert_num_queries
):
    application, _project, _documents = run_by(program_staff)
    thread_of_many(application, program_staff, messages)
    client = client_of(application.applicant)
    with django_assert_num_queries(8):
        response = client.get(overview(application))
    assert response.content.decode().count("sent with an answer (TXT)") == messages


@pytest.mark.parametrize("versions", [1, 4])
def test_the_versions_pages_cost_the_same_queries_for_1_and_many_versions(
    versions, program_staff, django_assert_num_queries
):
    application, project, _documents = run_by(program_staff)
    for number in range(versions - 1):
        reopen_and_resubmit(application, project, program_staff, f"Title {number}")
    staff, applicant = client_of(program_staff), client_of(application.applicant)
    with django_assert_num_queries(6):  # the staff's page also checks the call is theirs
        response = staff.get(staff_url("grants:staff-versions", application))
    assert len(response.context["versions"]) == versions
    with django_assert_num_queries(6):
        response = applicant.get(reverse("applying:versions", args=[application.public_id]))
    assert len(response.context["versions"]) == versions
    assert Application.objects.get(pk=application.pk).versions.count() == versions
