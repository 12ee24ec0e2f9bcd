"""The applicant's pages: starting an application from a call, filling its sections (everything
typed kept, problems beside the fields, a colleague's save shown beside one's own), its files,
submitting and withdrawing. Only its owners reach any of it; a draft's pages are kept by no
cache; the page titles never name the call."""

import re
import uuid
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from grants import services
from grants.models import Application, Attachment, Question
from grants.protected import answers_of
from grants.selectors import form_of
from tests.factories import MembershipFactory, OrganisationFactory, QuestionFactory, SectionFactory, UserFactory

from .applying import call_with_form, draft_to, published_call

pytestmark = pytest.mark.django_db
S = Application.Status
T = Question.Type


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def call():
    return call_with_form()


@pytest.fixture
def draft(call):
    rfp, _first, _second = call
    return draft_to(rfp, applicant=UserFactory(name="Amina Diallo"))


@pytest.fixture
def owner(client, draft):
    client.force_login(draft.applicant)
    return client


def section_url(application, section) -> str:
    return reverse("applying:section", args=[application.public_id, section.pk])


def overview_url(application) -> str:
    return reverse("applying:application", args=[application.public_id])


def page_title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def field_html(response, key: str) -> str:
    """The part of the page that crispy-forms renders for one field, errors and help included."""
    content = response.content.decode()
    start = content.index(f'id="question-{key}"')
    end = content.find('class="question mb-4"', start + 1)
    return content[start : end if end != -1 else len(content)]


def attach(application, key: str, content: bytes = b"Rent: 100", name: str = "budget.txt") -> Attachment:
    """A file stored as core.uploads leaves one, put through the storage directly."""
    attachment = Attachment(
        application=application,
        question_key=key,
        kind="text",
        content_type="text/plain",
        size=len(content),
        name=name,
        uploaded_by=application.applicant,
    )
    attachment.file.save("upload.txt", ContentFile(content), save=False)
    attachment.save()
    return attachment


# Starting ------------------------------------------------------------------------------------


def test_an_open_calls_page_offers_applicants_to_apply_and_visitors_to_sign_in(client, call):
    rfp, _first, _second = call
    apply_url = reverse("calls:apply", args=[rfp.pk])
    assert f'href="{apply_url}"' not in client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    assert "Sign in to apply" in client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    client.force_login(UserFactory())
    assert f'href="{apply_url}"' in client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    client.force_login(UserFactory(roles=[Role.REVIEWER]))
    content = client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    assert f'href="{apply_url}"' not in content and "Sign in to apply" not in content


def test_an_applicant_starts_as_themselves_or_for_one_of_their_organisations(client, call):
    rfp, _first, _second = call
    applicant = UserFactory()
    mine = OrganisationFactory(owner=applicant, name="Kibera Defenders")
    OrganisationFactory(owner=UserFactory(), name="Someone Else's Group")
    client.force_login(applicant)
    page = client.get(reverse("calls:apply", args=[rfp.pk]))
    assert [value for value, _label in page.context["form"].fields["organisation"].choices] == ["myself", str(mine.pk)]
    content = page.content.decode()
    assert "For Kibera Defenders" in content and "Someone Else" not in content
    response = client.post(reverse("calls:apply", args=[rfp.pk]), {"organisation": str(mine.pk)})
    application = Application.objects.get(rfp=rfp)
    assert response.status_code == 302 and response["Location"] == overview_url(application)
    assert (application.applicant, application.organisation) == (applicant, mine)
    # The same organisation again: refused, beside the field.
    again = client.post(reverse("calls:apply", args=[rfp.pk]), {"organisation": str(mine.pk)})
    assert again.status_code == 200
    assert 'id="id_organisation_error"' in again.content.decode()
    assert "Your organisation already has an application to this call." in again.content.decode()
    assert Application.objects.filter(rfp=rfp).count() == 1
    # ...and the page links to the one it has.
    assert overview_url(application) in again.content.decode()
    # As an individual, still allowed.
    client.post(reverse("calls:apply", args=[rfp.pk]), {"organisation": "myself"})
    assert Application.objects.filter(rfp=rfp, organisation=None, applicant=applicant).exists()


def test_a_closed_call_offers_no_start_and_a_late_post_is_refused(client):
    now = timezone.now()
    rfp = published_call(opens_at=now - timedelta(days=3), deadline=now - timedelta(seconds=1))
    client.force_login(UserFactory())
    page = client.get(reverse("calls:apply", args=[rfp.pk]))
    assert "This call is not open for applications." in page.content.decode()
    assert '<form method="post" novalidate>' not in page.content.decode()
    refused = client.post(reverse("calls:apply", args=[rfp.pk]), {"organisation": "myself"})
    assert "This call is not open for applications." in refused.content.decode()
    assert not Application.objects.filter(rfp=rfp).exists()


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.PROGRAM_STAFF, Role.ADMIN])
def test_accounts_that_do_not_apply_find_no_start_page(client, call, role):
    rfp, _first, _second = call
    client.force_login(UserFactory(roles=[role]))
    assert client.get(reverse("calls:apply", args=[rfp.pk])).status_code == 404
    assert client.post(reverse("calls:apply", args=[rfp.pk]), {"organisation": "myself"}).status_code == 404


# Filling a section ---------------------------------------------------------------------------


def test_a_save_keeps_what_was_typed_and_shows_each_problem_beside_its_field(owner, draft, call):
    _rfp, first, _second = call
    response = owner.post(
        section_url(draft, first),
        {"_version": "0", "title": "Safe houses", "amount": "twelve letts", "story": "one two three four five six"},
    )
    assert response.status_code == 200
    amount = field_html(response, "amount")
    assert 'value="twelve letts"' in amount
    assert 'aria-describedby="id_amount_error"' in amount
    assert "Enter a number, such as 1200 or 1200.50." in amount
    story = field_html(response, "story")
    assert "one two three four five six</textarea>" in story
    assert "At most 5 words (this has 6)." in story
    assert "6 of 5 words" in story
    assert "Saved. Some answers need attention." in response.content.decode()
    # It was saved, invalid answers included, and the page now stands at the new version.
    draft.refresh_from_db()
    assert answers_of(draft) == {
        "title": "Safe houses",
        "amount": "twelve letts",
        "story": "one two three four five six",
    }
    assert '<input type="hidden" name="_version" value="1">' in response.content.decode()
    # Opened again later, the page shows them as typed, with the same problems.
    again = owner.get(section_url(draft, first))
    assert 'value="twelve letts"' in field_html(again, "amount")
    assert "Enter a number, such as 1200 or 1200.50." in field_html(again, "amount")


def test_a_save_without_problems_redirects_with_the_time_and_where_the_button_said(owner, draft, call):
    _rfp, first, second = call
    values = {"_version": "0", "title": "Safe houses", "amount": "5000", "story": ""}
    stay = owner.post(section_url(draft, first), {**values, "_go": "stay"})
    assert stay.status_code == 302 and stay["Location"] == section_url(draft, first)
    message = [str(m) for m in owner.get(stay["Location"]).context["messages"]]
    assert len(message) == 1 and message[0].startswith("Saved at ")
    going_on = owner.post(section_url(draft, first), {**values, "_version": "1", "_go": "next"})
    assert going_on["Location"] == section_url(draft, second)
    last = owner.post(section_url(draft, second), {"_version": "0", "team": "c1", "_go": "next"})
    assert last["Location"] == overview_url(draft)  # no next section: the overview
    back = owner.post(section_url(draft, first), {**values, "_version": "2", "_go": "overview"})
    assert back["Location"] == overview_url(draft)


def test_a_colleagues_save_is_shown_beside_what_was_typed_and_nothing_is_overwritten(client, call):
    rfp, first, _second = call
    organisation = OrganisationFactory(owner=UserFactory(name="Amina Diallo"))
    amina = organisation.memberships.get().user
    bilal = MembershipFactory(organisation=organisation, user=UserFactory(name="Bilal")).user
    application = draft_to(rfp, applicant=amina, organisation=organisation)
    [section, _] = form_of(rfp)
    services.save_section(application, section, {"title": "Amina's title", "amount": "5000"}, by=amina, seen_version=0)
    client.force_login(bilal)
    response = client.post(
        section_url(application, first), {"_version": "0", "title": "Bilal's title", "amount": "5000", "story": ""}
    )
    assert response.status_code == 200
    title = field_html(response, "title")
    assert 'value="Bilal&#x27;s title"' in title  # his, as he typed it
    assert "Saved by Amina Diallo:" in title and "Amina&#x27;s title" in title  # hers, beside it
    assert 'aria-describedby="id_title_helptext"' in title
    assert "Saved by" not in field_html(response, "amount")  # the same in both: nothing to compare
    assert "Someone else saved this section after you opened it." in response.content.decode()
    assert '<input type="hidden" name="_version" value="1">' in response.content.decode()
    application.refresh_from_db()
    assert application.answers["title"] == "Amina's title"
    # Having seen both, he saves against her version: his choice is kept.
    client.post(section_url(application, first), {"_version": "1", "title": "Our title", "amount": "5000"})
    application.refresh_from_db()
    assert application.answers["title"] == "Our title"


def test_the_page_of_a_submitted_application_sends_to_its_overview(owner, draft, call):
    _rfp, first, _second = call
    Application.objects.filter(pk=draft.pk).update(status=S.SUBMITTED)
    response = owner.get(section_url(draft, first))
    assert response.status_code == 302 and response["Location"] == overview_url(draft)
    refused = owner.post(section_url(draft, first), {"_version": "0", "title": "x"})
    assert refused["Location"] == overview_url(draft)
    draft.refresh_from_db()
    assert "title" not in draft.answers


def close(rfp) -> None:
    rfp.deadline = timezone.now() - timedelta(seconds=1)
    rfp.save(update_fields=["deadline"])


def test_after_the_deadline_nothing_is_saved_and_everything_typed_is_still_on_the_page(owner, draft, call):
    rfp, first, _second = call
    close(rfp)
    response = owner.post(section_url(draft, first), {"_version": "0", "title": "Late words", "amount": "1"})
    assert response.status_code == 200
    assert "The deadline has passed" in response.content.decode()
    assert 'value="Late words"' in field_html(response, "title")
    draft.refresh_from_db()
    assert draft.answers == {}


# Files ---------------------------------------------------------------------------------------


def test_an_upload_saves_what_was_typed_and_lists_the_file(owner, draft, call):
    _rfp, _first, second = call
    response = owner.post(
        section_url(draft, second),
        {
            "_version": "0",
            "team": "c2",
            "_upload": "budget_file",
            "budget_file": SimpleUploadedFile("My budget.txt", b"Rent: 100", content_type="text/plain"),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == section_url(draft, second) + "#id_budget_file"
    draft.refresh_from_db()
    assert draft.answers == {"team": "c2"}
    [attachment] = draft.attachments.all()
    page = owner.get(response["Location"])
    files = field_html(page, "budget_file")
    assert "My budget.txt" in files
    assert reverse("applying:file", args=[draft.public_id, attachment.public_id]) in files
    assert f'name="_remove" value="{attachment.public_id}"' in files
    assert next(str(m) for m in page.context["messages"]).endswith("the file was attached.")


def test_a_refused_upload_still_saves_the_typed_answers_and_says_why_beside_the_field(owner, draft, call, settings):
    _rfp, _first, second = call
    settings.ATTACHMENT_MAX_BYTES = 10
    response = owner.post(
        section_url(draft, second),
        {
            "_version": "0",
            "team": "c1",
            "_upload": "budget_file",
            "budget_file": SimpleUploadedFile("big.txt", b"x" * 200, content_type="text/plain"),
        },
    )
    assert response.status_code == 200
    files = field_html(response, "budget_file")
    assert "is-invalid" in files and 'id="id_budget_file_error"' in files
    draft.refresh_from_db()
    assert draft.answers == {"team": "c1"}
    assert not draft.attachments.exists()
    assert "the file was not attached" in response.content.decode()


@pytest.mark.parametrize(("go", "lands_on"), [("stay", "section"), ("overview", "overview")])
def test_a_file_chosen_and_saved_with_the_section_is_attached_not_dropped(owner, draft, call, go, lands_on):
    _rfp, _first, second = call
    response = owner.post(
        section_url(draft, second),
        {
            "_version": "0",
            "team": "c2",
            "_go": go,
            "budget_file": SimpleUploadedFile("My budget.txt", b"Rent: 100", content_type="text/plain"),
        },
    )
    expected = {"section": section_url(draft, second) + "#id_budget_file", "overview": overview_url(draft)}
    assert response["Location"] == expected[lands_on]
    [attachment] = draft.attachments.all()
    assert attachment.name == "My budget.txt"
    page = owner.get(response["Location"])
    assert next(str(m) for m in page.context["messages"]).endswith("the file was attached.")


def test_upload_without_a_file_asks_for_one(owner, draft, call):
    _rfp, _first, second = call
    response = owner.post(section_url(draft, second), {"_version": "0", "team": "c1", "_upload": "budget_file"})
    assert "Choose a file first" in field_html(response, "budget_file")
    draft.refresh_from_db()
    assert draft.answers == {"team": "c1"}


def test_remove_saves_the_typed_answers_then_asks_before_removing(
    owner, draft, call, django_capture_on_commit_callbacks
):
    _rfp, _first, second = call
    attachment = attach(draft, "budget_file")
    stored = attachment.file.name
    response = owner.post(
        section_url(draft, second), {"_version": "0", "team": "c2", "_remove": str(attachment.public_id)}
    )
    confirm_url = reverse("applying:remove-file", args=[draft.public_id, attachment.public_id])
    assert response["Location"] == confirm_url
    draft.refresh_from_db()
    assert draft.answers == {"team": "c2"}
    page = owner.get(confirm_url)
    assert page.status_code == 200 and "budget.txt" in page.content.decode()
    assert draft.attachments.exists()  # asking removes nothing
    with django_capture_on_commit_callbacks(execute=True):
        removed = owner.post(confirm_url)
    assert removed["Location"] == section_url(draft, second) + "#id_budget_file"
    assert not draft.attachments.exists()
    assert not attachment.file.storage.exists(stored)


def test_a_download_has_a_neutral_name_and_is_never_opened_in_the_page(owner, draft):
    attach(draft, "budget_file", name="Amina Diallo budget.txt")
    second = attach(draft, "budget_file", b"Food: 50", name="Safe house list.txt")
    response = owner.get(reverse("applying:file", args=[draft.public_id, second.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Food: 50"
    assert response["Content-Disposition"] == 'attachment; filename="attachment-2.txt"'
    assert response["Content-Type"] == "text/plain"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert "no-store" in response["Cache-Control"]


def test_a_download_is_named_by_its_number_in_the_copy_as_staff_downloads_are(owner, draft, call):
    _rfp, first, _second = call
    QuestionFactory(section=first, key="papers", type=T.FILE, position=9)  # before the budget's section
    budget = attach(draft, "budget_file")  # uploaded first...
    attach(draft, "papers")  # ...but the copy lists the first section's file first
    response = owner.get(reverse("applying:file", args=[draft.public_id, budget.public_id]))
    assert response["Content-Disposition"] == 'attachment; filename="attachment-2.txt"'


# Overview, submission, withdrawal ------------------------------------------------------------


def test_the_overview_shows_completeness_sections_files_and_the_deadline(owner, draft, call):
    _rfp, first, second = call
    services.save_section(draft, first, {"title": "Safe houses", "amount": "lots"}, by=draft.applicant)
    attach(draft, "budget_file")
    response = owner.get(overview_url(draft))
    content = response.content.decode()
    assert "2 of 3 required answers" in content
    assert [(row.title, row.missing, bool(row.progress.invalid)) for row in response.context["sections"]] == [
        ("The project", 1, True),
        ("Documents", 0, False),
    ]
    assert "Complete" in content and "1 answer missing" in content and "Has problems" in content
    assert section_url(draft, first) in content and section_url(draft, second) in content
    assert "budget.txt" in content
    assert "Closes in 9 days" in content and 'class="countdown"' in content
    assert reverse("applying:submit", args=[draft.public_id]) in content


def test_a_refused_submission_links_each_problem_to_its_field_and_keeps_the_draft(owner, draft, call):
    _rfp, first, second = call
    services.save_section(draft, first, {"title": "Safe houses", "amount": "lots"}, by=draft.applicant)
    response = owner.post(reverse("applying:submit", args=[draft.public_id]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "This application cannot be submitted yet: 1 of 3 required answers are given." in content
    assert f'href="{section_url(draft, first)}#id_amount"' in content
    assert f'href="{section_url(draft, second)}#id_budget_file"' in content
    draft.refresh_from_db()
    assert (draft.status, draft.reference) == (S.DRAFT, None)


def test_once_submitted_the_overview_is_the_copy_in_the_wording_it_was_submitted_in(owner, draft, call):
    _rfp, first, second = call
    services.save_section(draft, first, {"title": "Safe houses", "amount": "5000"}, by=draft.applicant)
    services.save_section(draft, second, {"team": "c2"}, by=draft.applicant)
    attach(draft, "budget_file", name="Budget 2027.txt")
    response = owner.post(reverse("applying:submit", args=[draft.public_id]))
    assert response["Location"] == overview_url(draft)
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    # Staff reword a question and a choice afterwards: the copy keeps what was submitted.
    team = second.questions.get(key="team")
    team.texts = {"en": {"label": "Team size (reworded)", "choices": {"c1": "Small", "c2": "Big"}}}
    team.save()
    page = owner.get(overview_url(draft))
    content = page.content.decode()
    assert draft.reference in content
    assert "Team size (reworded)" not in content and "Big" not in content
    assert "<dt>Team</dt>" in content and ">Large</span>" in content
    assert ">Safe houses</span>" in content and "<bdi>5000 USD</bdi>" in content
    assert "Budget 2027.txt" in content
    assert f'href="{reverse("applying:copy-pdf", args=[draft.public_id])}"' in content
    assert reverse("applying:submit", args=[draft.public_id]) not in content
    assert section_url(draft, first) not in content


def test_withdrawing_asks_first_and_the_withdrawn_draft_stays_readable(owner, draft, call):
    _rfp, first, _second = call
    services.save_section(draft, first, {"title": "Safe houses"}, by=draft.applicant)
    withdraw_url = reverse("applying:withdraw", args=[draft.public_id])
    assert withdraw_url in owner.get(overview_url(draft)).content.decode()
    page = owner.get(withdraw_url)
    assert page.status_code == 200 and "Withdraw the application" in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == S.DRAFT  # asking changes nothing
    assert owner.post(withdraw_url)["Location"] == overview_url(draft)
    draft.refresh_from_db()
    assert draft.status == S.WITHDRAWN
    overview = owner.get(overview_url(draft)).content.decode()
    assert ">Safe houses</span>" in overview
    assert withdraw_url not in overview and reverse("applying:submit", args=[draft.public_id]) not in overview
    # Never submitted, it has no submitted copy: no link to a PDF that is not there.
    assert reverse("applying:copy-pdf", args=[draft.public_id]) not in overview
    assert owner.get(reverse("applying:copy-pdf", args=[draft.public_id])).status_code == 404


def test_once_a_decision_is_made_withdrawal_is_refused_with_its_reason(owner, draft):
    Application.objects.filter(pk=draft.pk).update(status=S.AWARDED)
    withdraw_url = reverse("applying:withdraw", args=[draft.public_id])
    assert withdraw_url not in owner.get(overview_url(draft)).content.decode()
    page = owner.get(withdraw_url).content.decode()
    assert "A decision has been made on this application: it can no longer be withdrawn." in page
    assert '<button type="submit" class="btn btn-danger"' not in page
    owner.post(withdraw_url)
    draft.refresh_from_db()
    assert draft.status == S.AWARDED


# JavaScript's background save ------------------------------------------------------------------


def test_a_background_save_answers_json_with_the_new_version_the_time_and_the_problems(owner, draft, call):
    _rfp, first, _second = call
    response = owner.post(
        section_url(draft, first), {"_version": "0", "title": "Safe", "amount": "abc"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200
    answer = response.json()
    assert set(answer) == {"version", "saved_at", "message", "problems"}
    assert answer["version"] == 1
    assert answer["problems"] == {"amount": "Enter a number, such as 1200 or 1200.50."}
    assert answer["message"].startswith(f"Saved at {answer['saved_at']}")
    draft.refresh_from_db()
    assert answers_of(draft) == {"title": "Safe", "amount": "abc", "story": None}


def test_a_background_save_over_a_colleagues_answers_is_a_409_and_saves_nothing(owner, draft, call):
    _rfp, first, _second = call
    [section, _] = form_of(draft.rfp)
    services.save_section(draft, section, {"title": "Earlier"}, by=draft.applicant)
    response = owner.post(
        section_url(draft, first), {"_version": "0", "title": "Later"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 409
    assert response.json()["version"] == 1
    draft.refresh_from_db()
    assert draft.answers["title"] == "Earlier"


def test_a_background_save_after_the_deadline_says_why_nothing_was_saved(owner, draft, call):
    rfp, first, _second = call
    close(rfp)
    response = owner.post(section_url(draft, first), {"_version": "0", "title": "x"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error"].startswith("The deadline has passed")


def test_the_section_page_loads_its_script_and_marks_the_word_limits(owner, draft, call):
    _rfp, first, _second = call
    content = owner.get(section_url(draft, first)).content.decode()
    assert '<script src="/static/js/autosave.js" defer></script>' in content
    assert 'data-word-limit="5"' in content
    assert 'data-template="{count} of 5 words" aria-live="polite">0 of 5 words</p>' in content
    assert "<script>" not in content and "style=" not in content


# Caching and titles ----------------------------------------------------------------------------


def test_a_drafts_pages_are_kept_by_no_cache(owner, draft, call):
    _rfp, first, _second = call
    for url in (overview_url(draft), section_url(draft, first), reverse("applying:withdraw", args=[draft.public_id])):
        cache_control = {part.strip() for part in owner.get(url)["Cache-Control"].split(",")}
        assert {"no-store", "private"} <= cache_control, url


def test_page_titles_name_neither_the_call_the_applicant_nor_the_reference(owner, draft, call):
    rfp, first, _second = call
    attachment = attach(draft, "budget_file")
    urls = [
        reverse("calls:apply", args=[rfp.pk]),
        overview_url(draft),
        section_url(draft, first),
        reverse("applying:withdraw", args=[draft.public_id]),
        reverse("applying:remove-file", args=[draft.public_id, attachment.public_id]),
    ]
    title_of_call = rfp.text("en")["title"]
    for url in urls:
        title = page_title(owner.get(url))
        assert title_of_call not in title and "Amina" not in title and "budget" not in title, (url, title)


# Access --------------------------------------------------------------------------------------


def every_url(application, section, attachment) -> list[tuple[str, str]]:
    public_id, file_id = application.public_id, attachment.public_id
    return [
        ("get", reverse("applying:application", args=[public_id])),
        ("post", reverse("applying:submit", args=[public_id])),
        ("get", reverse("applying:withdraw", args=[public_id])),
        ("post", reverse("applying:withdraw", args=[public_id])),
        ("get", reverse("applying:section", args=[public_id, section.pk])),
        ("post", reverse("applying:section", args=[public_id, section.pk])),
        ("get", reverse("applying:file", args=[public_id, file_id])),
        ("get", reverse("applying:remove-file", args=[public_id, file_id])),
        ("post", reverse("applying:remove-file", args=[public_id, file_id])),
    ]


@pytest.mark.parametrize("who", ["another applicant", "member of another organisation", "staff of the call", "admin"])
def test_nobody_but_the_owners_reaches_any_page_or_file_of_an_application(client, call, who):
    rfp, first, _second = call
    organisation = OrganisationFactory(owner=UserFactory())
    application = draft_to(rfp, applicant=organisation.memberships.get().user, organisation=organisation)
    attachment = attach(application, "budget_file")
    if who == "another applicant":
        user = UserFactory()
    elif who == "member of another organisation":
        user = MembershipFactory(organisation=OrganisationFactory(owner=UserFactory())).user
    elif who == "staff of the call":
        user = UserFactory(roles=[Role.PROGRAM_STAFF])
        rfp.staff.add(user)
    else:
        user = UserFactory(roles=[Role.ADMIN])
    client.force_login(user)
    for method, url in every_url(application, first, attachment):
        response = getattr(client, method)(url, {"_version": "0", "title": "Taken over"})
        assert response.status_code == 404, (method, url)
    application.refresh_from_db()
    assert (application.answers, application.status, application.attachments.count()) == ({}, S.DRAFT, 1)


def test_every_member_of_the_organisation_reaches_its_application(client, call):
    rfp, first, _second = call
    organisation = OrganisationFactory(owner=UserFactory())
    application = draft_to(rfp, applicant=organisation.memberships.get().user, organisation=organisation)
    attachment = attach(application, "budget_file")
    client.force_login(MembershipFactory(organisation=organisation).user)
    for method, url in every_url(application, first, attachment):
        if method == "get":
            assert client.get(url).status_code == 200, url


def test_an_id_of_no_application_or_of_another_applications_file_is_a_404(owner, draft, call):
    rfp, _first, _second = call
    other = attach(draft_to(rfp), "budget_file")
    assert owner.get(reverse("applying:application", args=[uuid.uuid4()])).status_code == 404
    assert owner.get(reverse("applying:file", args=[draft.public_id, other.public_id])).status_code == 404
    assert owner.get(reverse("applying:remove-file", args=[draft.public_id, other.public_id])).status_code == 404
    other_call_section = SectionFactory(rfp=published_call())
    assert owner.get(section_url(draft, other_call_section)).status_code == 404


# Query counts --------------------------------------------------------------------------------


@pytest.fixture
def big_draft():
    """A draft of one section with `answers` answered questions (one of them sensitive) and a
    file question with `files` files."""

    def make(answers: int, files: int):
        rfp = published_call()
        section = SectionFactory(rfp=rfp)
        QuestionFactory(section=section, key="secret", type=T.LONG_TEXT, sensitive=True, word_limit=50)
        keys = [QuestionFactory(section=section, key=f"q{n}", type=T.SHORT_TEXT).key for n in range(answers - 1)]
        QuestionFactory(section=section, key="papers", type=T.FILE)
        QuestionFactory(section=section, key="team", type=T.SINGLE_CHOICE, choices=["c1", "c2"])
        application = draft_to(rfp)
        [loaded] = form_of(rfp)
        services.save_section(
            application, loaded, {**dict.fromkeys(keys, "An answer"), "secret": "Kept apart"}, by=application.applicant
        )
        for number in range(files):
            Attachment.objects.create(
                application=application,
                question_key="papers",
                file=f"attachments/{number}.txt",
                kind="text",
                content_type="text/plain",
                size=10,
                name=f"paper {number}.txt",
            )
        return application, section

    return make


@pytest.mark.parametrize(("answers", "files"), [(1, 0), (1, 20), (100, 20)])
def test_the_section_page_and_the_overview_cost_the_same_queries_for_1_and_100_answers_and_20_files(
    answers, files, client, big_draft, django_assert_num_queries
):
    application, section = big_draft(answers, files)
    client.force_login(application.applicant)
    client.get(overview_url(application))  # the session's first-visit writes
    # The session, the user with their roles, unread messages; the application, the call's form
    # (sections, questions), its files.
    with django_assert_num_queries(7):
        response = client.get(section_url(application, section))
    assert len(response.context["rows"]) == answers + 2
    with django_assert_num_queries(8):  # and its requests for more time
        response = client.get(overview_url(application))
    assert len(response.context["files"]) == files


# The dashboard -------------------------------------------------------------------------------


def test_the_dashboard_lists_drafts_with_their_progress_and_the_others_with_their_reference(client, call):
    rfp, first, _second = call
    applicant = UserFactory()
    draft = draft_to(rfp, applicant=applicant)
    services.save_section(draft, first, {"title": "Safe houses", "amount": "5000"}, by=applicant)
    submitted = draft_to(published_call(), applicant=applicant, status=S.SUBMITTED, reference="A-2026-7")
    client.force_login(applicant)
    response = client.get(reverse("portal:dashboard"))
    content = response.content.decode()
    assert "2 of 3 required answers" in content
    assert "Closes in 9 days" in content
    assert f'href="{overview_url(draft)}"' in content
    assert f'href="{overview_url(submitted)}"><bdi>A-2026-7</bdi></a>' in content
    assert "Submitted" in content


def test_each_draft_on_the_dashboard_says_whom_it_is_for(client, call):
    rfp, _first, _second = call
    applicant = UserFactory()
    organisation = OrganisationFactory(name="Defenders Collective", owner=applicant)
    draft_to(rfp, applicant=applicant)
    draft_to(rfp, applicant=applicant, organisation=organisation)
    client.force_login(applicant)
    content = client.get(reverse("portal:dashboard")).content.decode()
    cards = re.findall(r'<li class="card mb-2">(.*?)</li>', content, re.S)
    holders = sorted(re.search(r"(For Defenders Collective|As myself, an individual)", card).group(1) for card in cards)
    assert holders == ["As myself, an individual", "For Defenders Collective"]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_applicants_dashboard_costs_the_same_queries_for_1_and_50_applications(
    rows, client, django_assert_num_queries
):
    applicant = UserFactory()
    organisation = OrganisationFactory(owner=applicant)
    calls = [call_with_form()[0] for _ in range(min(rows, 5))]
    for number in range(rows):
        rfp = calls[number % len(calls)]
        if number % 3 == 2:
            draft_to(rfp, applicant=applicant, status=S.SUBMITTED, reference=f"A-2026-{number}")
        else:
            application = draft_to(rfp, applicant=applicant, organisation=organisation if number % 2 else None)
            application.answers = {"title": f"Project {number}"}
            application.save(update_fields=["answers"])
            attach(application, "budget_file")
    client.force_login(applicant)
    client.get(reverse("portal:dashboard"))  # the session's first-visit writes
    # Session, user (with roles) and unread messages; the applications; the forms of their calls
    # (sections, questions); their files; the open calls; the organisations; their applications
    # with released feedback (reviews' panel); their awards and declines (awards' panels).
    with django_assert_num_queries(12):
        response = client.get(reverse("portal:dashboard"))
    [panel] = [panel for panel in response.context["panels"] if panel.template == "grants/panels/applications.html"]
    assert len(panel.context["drafts"]) + len(panel.context["others"]) == rows
    assert {row.progress.answered for row in panel.context["drafts"]} == {2}
