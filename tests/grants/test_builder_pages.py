"""The builder in the browser's terms: who may open which call, what the forms keep on an error,
what the preview shows, and what the pages cost in queries."""

import re
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from core.markdown import render_markdown
from grants.models import RFP, Question
from tests.accounts.flows import sign_in
from tests.factories import QuestionFactory, RFPFactory, SectionFactory, UserFactory

REAUTHENTICATE = reverse("account_reauthenticate")


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def builder_urls(rfp, section, question):
    return [
        reverse("grants:rfp", args=[rfp.pk]),
        reverse("grants:rfp-settings", args=[rfp.pk]),
        reverse("grants:rfp-texts", args=[rfp.pk]),
        reverse("grants:preview", args=[rfp.pk]),
        reverse("grants:add-section", args=[rfp.pk]),
        reverse("grants:edit-section", args=[rfp.pk, section.pk]),
        reverse("grants:add-question", args=[rfp.pk, section.pk]),
        reverse("grants:edit-question", args=[rfp.pk, question.pk]),
    ]


@pytest.fixture
def question(db):
    return QuestionFactory(key="plan")


# Who may open which call ---------------------------------------------------------------------


def test_staff_open_every_page_of_a_call_they_run(program_staff, question):
    question.rfp.staff.add(program_staff)
    client = logged_in(program_staff)
    for url in builder_urls(question.rfp, question.section, question):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [Role.PROGRAM_STAFF, Role.REVIEWER, Role.APPLICANT])
def test_anyone_but_its_staff_and_admins_gets_a_404_on_a_call(role, question):
    other_call = RFPFactory()
    outsider = UserFactory(roles=[role])
    if role == Role.PROGRAM_STAFF:
        other_call.staff.add(outsider)
    client = logged_in(outsider)
    for url in builder_urls(question.rfp, question.section, question):
        assert client.get(url).status_code == 404, url
    for name in ("publish", "unpublish", "duplicate"):
        assert client.post(reverse(f"grants:{name}", args=[question.rfp.pk])).status_code == 404
    move = reverse("grants:move-question", args=[question.rfp.pk, question.pk])
    assert client.post(move, {"direction": "up"}).status_code == 404
    assert not AuditEvent.objects.filter(verb__startswith="rfp.").exists()


def test_a_section_or_question_of_another_call_is_a_404_even_for_its_staff(program_staff, question):
    mine = RFPFactory(staff=[program_staff])
    client = logged_in(program_staff)
    assert client.get(reverse("grants:edit-section", args=[mine.pk, question.section.pk])).status_code == 404
    assert client.get(reverse("grants:edit-question", args=[mine.pk, question.pk])).status_code == 404


def test_admins_open_every_call(admin_user, question):
    client = logged_in(admin_user)
    for url in builder_urls(question.rfp, question.section, question):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.APPLICANT])
def test_the_list_and_creation_are_for_staff_and_admins_only(role):
    client = logged_in(UserFactory(roles=[role]))
    assert client.get(reverse("grants:rfps")).status_code == 404
    assert client.get(reverse("grants:create-rfp")).status_code == 404


def test_the_list_shows_only_the_calls_a_staff_member_runs(program_staff):
    mine = RFPFactory(staff=[program_staff], texts={"en": {"title": "Mine"}})
    RFPFactory(texts={"en": {"title": "Theirs"}})
    response = logged_in(program_staff).get(reverse("grants:rfps"))
    assert [rfp.pk for rfp in response.context["page_obj"]] == [mine.pk]
    assert b"Theirs" not in response.content


# Creating and editing ------------------------------------------------------------------------


def create_data(**overrides):
    data = {
        "mechanism": "programmatic",
        "time_zone": "Europe/Paris",
        "opens_at_local": "2026-10-01T09:00",
        "closes_at_local": "2036-10-26T12:00",
        "currency": "eur",
        "min_amount": "1000",
        "max_amount": "5000",
        "budget": "50000.50",
        "reviewers_per_application": "2",
        "spread_threshold": "20",
        "languages": ["en", "ar"],
        "default_language": "en",
        "text-title": "Safe houses",
        "text-summary": "Small grants",
        "text-description": "We fund **safety**.",
        "text-eligibility": "",
    }
    return {**data, **overrides}


def test_staff_create_a_call_with_its_times_entered_in_a_time_zone(program_staff):
    response = logged_in(program_staff).post(reverse("grants:create-rfp"), create_data())
    rfp = RFP.objects.get()
    assert response.headers["Location"] == reverse("grants:rfp", args=[rfp.pk])
    assert rfp.opens_at == datetime(2026, 10, 1, 7, 0, tzinfo=UTC)  # Paris summer time: UTC+2
    assert rfp.deadline == datetime(2036, 10, 26, 11, 0, tzinfo=UTC)  # the last Sunday of October: UTC+1
    assert rfp.time_zone == "Europe/Paris" and rfp.currency == "EUR" and rfp.budget == Decimal("50000.5")
    assert rfp.texts["en"]["title"] == "Safe houses"
    assert list(rfp.staff.all()) == [program_staff]
    assert "Safe houses" not in response.headers["Location"]


def test_the_settings_form_shows_the_times_again_in_their_time_zone(admin_user):
    client = logged_in(admin_user)
    client.post(reverse("grants:create-rfp"), create_data())
    rfp = RFP.objects.get()
    response = client.get(reverse("grants:rfp-settings", args=[rfp.pk]))
    assert b'value="2036-10-26T12:00"' in response.content


def test_a_time_the_clocks_skip_is_refused_next_to_the_field_and_nothing_typed_is_lost(program_staff):
    data = create_data(closes_at_local="2036-03-30T02:30", **{"text-description": "Long *description*"})
    response = logged_in(program_staff).post(reverse("grants:create-rfp"), data)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "closes_at_local": ["This time does not exist in that time zone: the clocks skip it. Choose another."]
    }
    assert b"Long *description*" in response.content
    assert b'value="Safe houses"' in response.content
    assert not RFP.objects.exists()


def test_the_page_title_names_the_call_by_number_never_by_title(admin_user, question):
    question.rfp.texts = {"en": {"title": "Secret safe houses"}}
    question.rfp.save()
    client = logged_in(admin_user)
    for url in builder_urls(question.rfp, question.section, question):
        content = client.get(url).content.decode()
        title = content.split("<title>")[1].split("</title>")[0]
        assert "Secret" not in title and f"#{question.rfp.pk}" in title, url


def test_texts_are_edited_one_language_at_a_time(admin_user, question):
    rfp = question.rfp
    client = logged_in(admin_user)
    url = reverse("grants:rfp-texts", args=[rfp.pk]) + "?language=ar"
    page = client.get(url)
    assert b'lang="ar" dir="rtl"' in page.content
    response = client.post(url, {"title": "منح صغيرة", "summary": "", "description": "", "eligibility": ""})
    assert response.headers["Location"] == url
    rfp.refresh_from_db()
    assert rfp.texts["ar"]["title"] == "منح صغيرة"
    assert rfp.texts["en"]["title"].startswith("Call")


def test_staff_add_a_question_and_a_taken_key_is_refused_next_to_the_field(admin_user, question):
    client = logged_in(admin_user)
    url = reverse("grants:add-question", args=[question.rfp.pk, question.section.pk])
    data = {"key": "plan", "type": "single_choice", "label": "Which?", "new_choices": "One\nTwo\n", "required": "on"}
    response = client.post(url, data)
    assert response.context["form"].errors["key"][0].startswith("This key is already used")
    assert b"Which?" in response.content and b"One\nTwo" in response.content
    response = client.post(url, {**data, "key": "size"})
    added = Question.objects.get(key="size")
    assert added.choices == ["c1", "c2"]
    assert added.texts == {"en": {"label": "Which?", "help": "", "choices": {"c1": "One", "c2": "Two"}}}
    assert added.required


def test_a_question_is_moved_with_a_plain_form(admin_user):
    section = SectionFactory()
    first = QuestionFactory(section=section, key="first", position=0)
    second = QuestionFactory(section=section, key="second", position=1)
    client = logged_in(admin_user)
    response = client.post(reverse("grants:move-question", args=[section.rfp.pk, second.pk]), {"direction": "up"})
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.position, first.position) == (0, 1)


def test_publishing_an_empty_call_shows_why_and_publishing_a_ready_one_works(admin_user, question):
    empty = RFPFactory()
    client = logged_in(admin_user)
    response = client.post(reverse("grants:publish", args=[empty.pk]), follow=True)
    assert "The form has no question yet." in [str(message) for message in response.context["messages"]]
    client.post(reverse("grants:publish", args=[question.rfp.pk]))
    question.rfp.refresh_from_db()
    assert question.rfp.status == RFP.Status.PUBLISHED


def test_duplicate_leads_to_the_copy(admin_user, question):
    response = logged_in(admin_user).post(reverse("grants:duplicate", args=[question.rfp.pk]))
    copy = RFP.objects.exclude(pk=question.rfp.pk).get()
    assert response.headers["Location"] == reverse("grants:rfp", args=[copy.pk])


# Preview and Markdown ------------------------------------------------------------------------


def test_the_preview_shows_every_type_disabled_in_the_language_asked_right_to_left_for_arabic(admin_user):
    rfp = RFPFactory(languages=["en", "ar"], texts={"en": {"title": "Call"}, "ar": {"title": "دعوة"}})
    section = SectionFactory(rfp=rfp)
    for kind in Question.Type:
        keyed = kind in Question.CHOICE_TYPES
        QuestionFactory(
            section=section,
            key=kind.value,
            type=kind,
            choices=["c1", "c2"] if keyed else [],
            texts={"ar": {"label": f"سؤال {kind.value}", **({"choices": {"c1": "أ", "c2": "ب"}} if keyed else {})}},
        )
    response = logged_in(admin_user).get(reverse("grants:preview", args=[rfp.pk]) + "?language=ar")
    content = response.content.decode()
    assert 'id="preview" lang="ar" dir="rtl"' in content
    form = response.context["parts"][0]["form"]
    assert list(form.fields) == [kind.value for kind in Question.Type]
    assert all(field.disabled for field in form.fields.values())
    assert "سؤال file" in content and "نعم" in content  # "Yes" in Arabic
    assert form.fields["single_choice"].choices == [("c1", "أ"), ("c2", "ب")]  # offered by key
    assert "<form" not in content.split('id="preview"')[1].split("</main>")[0]  # nothing to submit


def test_a_language_the_call_is_not_published_in_has_no_preview(admin_user):
    rfp = RFPFactory(languages=["en"])
    assert logged_in(admin_user).get(reverse("grants:preview", args=[rfp.pk]) + "?language=fr").status_code == 404


HOSTILE = (
    "<script>alert(1)</script>\n\n"
    "<img src=//outside.example/pixel.png>\n\n"
    "[click](javascript:alert(1)) and [site](https://example.org)\n\n"
    '<a href="javascript:alert(2)" onclick="alert(3)">raw</a>'
)


# Raw HTML comes out as text (`&lt;script&gt;`): what matters is that no element carries it.
INERT_CHECKS = (r"<(script|img)\b", r"<[a-z]+\b[^>]*\s(onclick|src)=", r'<a\b[^>]*href="javascript:')


def test_render_markdown_leaves_script_images_and_javascript_links_inert():
    html = str(render_markdown(HOSTILE))
    assert not [check for check in INERT_CHECKS if re.search(check, html)]
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">site</a>' in html


def test_a_hostile_description_comes_out_inert_in_the_preview(admin_user):
    rfp = RFPFactory(texts={"en": {"title": "Call", "description": HOSTILE, "eligibility": HOSTILE}})
    content = logged_in(admin_user).get(reverse("grants:preview", args=[rfp.pk])).content.decode()
    preview = content.split('id="preview"')[1]
    assert "<script>alert" not in preview
    assert not [check for check in INERT_CHECKS[1:] if re.search(check, preview)]
    assert "<img" not in preview


# Staff of a call -----------------------------------------------------------------------------


def test_setting_the_staff_asks_an_admin_for_the_password_again_and_is_audited(admin_user, program_staff, clock):
    rfp = RFPFactory()
    client = Client()
    sign_in(client, admin_user)
    url = reverse("grants:rfp-staff", args=[rfp.pk])
    response = client.post(url, {"staff": [program_staff.pk]})
    assert response.headers["Location"] == reverse("grants:rfp", args=[rfp.pk])
    assert list(rfp.staff.all()) == [program_staff]
    assert AuditEvent.objects.get(verb="rfp.staff_set").detail == {"added": [program_staff.pk], "removed": []}

    clock.advance(minutes=5, seconds=1)
    assert client.get(url).status_code == 200  # reading needs no password
    response = client.post(url, {"staff": []})
    assert response.headers["Location"].startswith(REAUTHENTICATE)
    assert list(rfp.staff.all()) == [program_staff]


def test_staff_cannot_open_the_staff_page_even_of_their_own_call(program_staff):
    rfp = RFPFactory(staff=[program_staff])
    client = logged_in(program_staff)
    assert client.get(reverse("grants:rfp-staff", args=[rfp.pk])).status_code == 404
    assert client.post(reverse("grants:rfp-staff", args=[rfp.pk]), {"staff": []}).status_code == 404


def test_navigation_and_dashboard_lead_staff_to_their_calls(program_staff):
    rfp = RFPFactory(staff=[program_staff], texts={"en": {"title": "Safe houses"}})
    content = logged_in(program_staff).get(reverse("portal:dashboard")).content.decode()
    assert f'href="{reverse("grants:rfps")}">Calls for proposals' in content
    assert f'href="{reverse("grants:rfp", args=[rfp.pk])}">Safe houses' in content


# Query counts --------------------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_of_calls_costs_the_same_queries_for_1_and_50_calls(program_staff, admin_user):
    client = logged_in(program_staff)
    url = reverse("grants:rfps")
    RFPFactory(staff=[program_staff], created_by=admin_user)
    one = count_queries(client, url)
    RFPFactory.create_batch(49, staff=[program_staff], created_by=admin_user)
    many = count_queries(client, url)
    assert one == many
    assert len(client.get(url).context["page_obj"]) == 50


def test_the_builder_page_costs_the_same_queries_for_1_and_100_questions(admin_user):
    rfp = RFPFactory(languages=["en"])
    section = SectionFactory(rfp=rfp)
    QuestionFactory(section=section)
    client = logged_in(admin_user)
    urls = [reverse("grants:rfp", args=[rfp.pk]), reverse("grants:preview", args=[rfp.pk])]
    before = [count_queries(client, url) for url in urls]
    other = SectionFactory(rfp=rfp)
    QuestionFactory.create_batch(49, section=section)
    QuestionFactory.create_batch(50, section=other)
    after = [count_queries(client, url) for url in urls]
    assert before == after
