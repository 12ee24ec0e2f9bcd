"""The public side of calls: what visitors and applicants read, in their language, time zone
and number format; drafts are invisible; page titles and URLs never name a call."""

import re
import zoneinfo
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from grants.models import RFP, Question
from grants.presentation import countdown, format_amount, instant
from tests.factories import QuestionFactory, RFPFactory, SectionFactory, UserFactory

PUBLISHED = RFP.Status.PUBLISHED


def page_title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


@pytest.fixture
def creator(db):
    return UserFactory()


@pytest.fixture
def call_factory(creator):
    def make(**kwargs):
        kwargs.setdefault("status", PUBLISHED)
        kwargs.setdefault("created_by", creator)
        return RFPFactory(**kwargs)

    return make


# The deadline across time zones and daylight-saving changes -------------------------------

# Europe/Paris moves from UTC+1 to UTC+2 at 01:00 UTC on 29 March 2026; New York already
# moved to UTC-4 on 8 March.
BEFORE_PARIS_CHANGE = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
AFTER_PARIS_CHANGE = datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("deadline", "zone", "local", "utc"),
    [
        (BEFORE_PARIS_CHANGE, "Europe/Paris", "March 29, 2026, 1:30 a.m.", "March 29, 2026, 12:30 a.m."),
        (AFTER_PARIS_CHANGE, "Europe/Paris", "March 29, 2026, 3:30 a.m.", "March 29, 2026, 1:30 a.m."),
        (BEFORE_PARIS_CHANGE, "America/New_York", "March 28, 2026, 8:30 p.m.", "March 29, 2026, 12:30 a.m."),
        (datetime(2026, 3, 7, 12, tzinfo=UTC), "America/New_York", "March 7, 2026, 7 a.m.", "March 7, 2026, noon"),
        (BEFORE_PARIS_CHANGE, "UTC", "March 29, 2026, 12:30 a.m.", "March 29, 2026, 12:30 a.m."),
    ],
)
def test_the_deadline_is_shown_in_the_readers_time_zone_and_in_utc_across_daylight_saving_changes(
    deadline, zone, local, utc
):
    with translation.override("en"):
        shown = instant(deadline, zoneinfo.ZoneInfo(zone))
    assert (shown.local, shown.zone, shown.utc) == (local, zone, utc)
    assert shown.in_utc is (zone == "UTC")
    assert shown.iso == deadline.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_the_deadline_follows_the_language_of_the_reader():
    with translation.override("fr"):
        shown = instant(BEFORE_PARIS_CHANGE, zoneinfo.ZoneInfo("Europe/Paris"))
    assert (shown.local, shown.utc) == ("29 mars 2026 01:30", "29 mars 2026 00:30")


@pytest.mark.parametrize(
    ("left", "words"),
    [
        (timedelta(days=3), "Closes in 3 days"),
        (timedelta(days=2, hours=23, minutes=59), "Closes in 2 days"),
        (timedelta(days=1), "Closes in 1 day"),
        (timedelta(hours=23, minutes=59), "Closes in 23 hours"),
        (timedelta(hours=5), "Closes in 5 hours"),
        (timedelta(hours=1), "Closes in 1 hour"),
        (timedelta(minutes=59, seconds=59), "Closes in 59 minutes"),
        (timedelta(minutes=1), "Closes in 1 minute"),
        (timedelta(seconds=59), "Closes in less than a minute"),
        (timedelta(seconds=1), "Closes in less than a minute"),
        (timedelta(0), "Closed"),
        (timedelta(seconds=-1), "Closed"),
    ],
)
def test_the_countdown_rounds_down_so_it_never_promises_more_time_than_is_left(left, words):
    now = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    with translation.override("en"):
        assert countdown(now + left, now) == words


def test_the_countdown_counts_real_hours_over_a_daylight_saving_change():
    # 23:30 on 28 March in Paris to 03:30 on the 29th is 3 hours of real time, not 4.
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    now = datetime(2026, 3, 28, 23, 30, tzinfo=paris)
    deadline = datetime(2026, 3, 29, 3, 30, tzinfo=paris)
    with translation.override("en"):
        assert countdown(deadline, now) == "Closes in 3 hours"


def test_a_signed_in_reader_sees_the_deadline_in_their_own_time_zone_and_in_utc(client, call_factory):
    rfp = call_factory(deadline=BEFORE_PARIS_CHANGE, opens_at=BEFORE_PARIS_CHANGE - timedelta(days=60))
    client.force_login(UserFactory(time_zone="America/New_York"))
    content = client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    assert '<time datetime="2026-03-29T00:30:00Z">March 28, 2026, 8:30 p.m.</time> (America/New_York)' in content
    assert "March 29, 2026, 12:30 a.m. UTC" in content


def test_a_visitor_sees_the_deadline_in_utc_with_the_countdown(client, call_factory, clock):
    rfp = call_factory(deadline=timezone.now() + timedelta(days=3, minutes=1))
    content = client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    assert "Closes in 3 days" in content
    assert "(UTC)" in content
    clock.advance(days=2, hours=19)
    assert "Closes in 5 hours" in client.get(reverse("calls:call", args=[rfp.pk])).content.decode()


def test_a_closed_call_still_reads_but_says_it_is_closed_and_leaves_the_list(client, call_factory, clock):
    rfp = call_factory(deadline=timezone.now() + timedelta(hours=1))
    clock.advance(hours=1)
    assert "Closed" in client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    assert client.get(reverse("calls:open")).context["calls"] == []


def test_a_rapid_response_call_is_rolling(client, call_factory):
    rfp = call_factory(mechanism=RFP.Mechanism.RAPID_RESPONSE, deadline=None)
    content = client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    assert "Rolling: apply at any time" in content
    assert "Closes in" not in content


def test_a_call_that_opens_later_says_when_and_is_not_listed_yet(client, call_factory, clock):
    opens_at = timezone.now() + timedelta(days=10)
    rfp = call_factory(opens_at=opens_at, deadline=opens_at + timedelta(days=30))
    content = client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    assert "<dt>Opens</dt>" in content
    assert f'<time datetime="{opens_at:%Y-%m-%dT%H:%M:%SZ}">' in content
    assert client.get(reverse("calls:open")).context["calls"] == []
    clock.advance(days=10)
    assert "<dt>Opens</dt>" not in client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    assert [call.rfp for call in client.get(reverse("calls:open")).context["calls"]] == [rfp]


# Amounts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "value", "shown"),
    [
        ("en", Decimal("25000.000"), "25,000 USD"),
        ("en", Decimal("1234.5"), "1,234.50 USD"),
        ("en", Decimal("0.125"), "0.125 USD"),
        ("fr", Decimal("25000.000"), "25\xa0000 USD"),
        ("es", Decimal("1234.50"), "1\xa0234,50 USD"),
        ("en", Decimal("12345678901234.999"), "12,345,678,901,234.999 USD"),
    ],
)
def test_amounts_are_formatted_for_the_readers_language_from_decimals(language, value, shown):
    with translation.override(language):
        assert format_amount(value, "USD") == shown


def test_the_call_page_shows_the_range_of_amounts(client, call_factory):
    rfp = call_factory(min_amount=Decimal("5000.000"), max_amount=Decimal("25000.000"), currency="EUR")
    assert "From 5,000 EUR to 25,000 EUR" in client.get(reverse("calls:call", args=[rfp.pk])).content.decode()


# Language ----------------------------------------------------------------------------------

TEXTS = {
    "en": {
        "title": "Safe houses",
        "summary": "Relocation.",
        "description": "**Rent** and food.",
        "eligibility": "Anyone.",
    },
    "ar": {
        "title": "بيوت آمنة",
        "summary": "إعادة التوطين.",
        "description": "الإيجار والطعام.",
        "eligibility": "الجميع.",
    },
}


def test_a_reader_gets_the_call_in_their_language(client, call_factory):
    rfp = call_factory(texts=TEXTS, languages=["en", "ar"])
    client.cookies["django_language"] = "ar"
    content = client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    assert "بيوت آمنة" in content
    assert "Safe houses" not in content
    assert 'dir="rtl"' in content


def test_a_reader_whose_language_the_call_lacks_is_told_and_reads_the_default_language(client, call_factory):
    rfp = call_factory(texts=TEXTS, languages=["en", "ar"])
    client.cookies["django_language"] = "fr"
    content = client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    assert '<h1 class="mb-3" lang="en" dir="ltr">Safe houses</h1>' in content
    assert "<strong>Rent</strong> and food." in content


def test_a_missing_text_falls_back_to_the_default_language(client, call_factory):
    rfp = call_factory(texts={"en": TEXTS["en"], "ar": {"title": "بيوت آمنة"}}, languages=["en", "ar"])
    client.force_login(UserFactory(language="ar"))
    content = client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    assert "بيوت آمنة" in content
    assert "Relocation." in content


def test_the_description_is_sanitised(client, call_factory):
    texts = {
        "en": {"title": "T", "description": '<script>alert(1)</script>[x](javascript:alert(1)) <img src="//evil">'}
    }
    rfp = call_factory(texts=texts)
    content = client.get(reverse("calls:call", args=[rfp.pk])).content.decode()
    # Raw HTML comes out as text (`&lt;script&gt;`): no element may carry it.
    assert "<script>alert" not in content
    assert not re.search(r'<a\b[^>]*href="javascript:', content)
    assert not re.search(r'<[a-z]+\b[^>]*src="//evil', content)


# Who sees what ------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [RFP.Status.DRAFT, RFP.Status.UNPUBLISHED])
@pytest.mark.parametrize("name", ["calls:call", "calls:questions"])
def test_a_call_that_is_not_published_is_a_404(client, call_factory, status, name):
    rfp = call_factory(status=status)
    assert client.get(reverse(name, args=[rfp.pk])).status_code == 404


def test_only_open_published_calls_are_listed_on_the_home_page_and_the_list(client, call_factory):
    open_call = call_factory(texts={"en": {"title": "Open one"}})
    call_factory(status=RFP.Status.DRAFT, texts={"en": {"title": "Draft one"}})
    call_factory(opens_at=timezone.now() + timedelta(days=1), texts={"en": {"title": "Later one"}})
    for name in ("portal:home", "calls:open"):
        response = client.get(reverse(name))
        assert [call.rfp for call in response.context["calls"]] == [open_call]
        content = response.content.decode()
        assert "Open one" in content
        assert reverse("calls:call", args=[open_call.pk]) in content
        assert "no open calls" not in content


def test_the_home_page_says_so_when_no_call_is_open(client, db):
    assert "There are no open calls" in client.get(reverse("portal:home")).content.decode()


@pytest.mark.parametrize("name", ["calls:call", "calls:questions", "calls:open"])
def test_page_titles_and_urls_never_name_the_call(client, call_factory, name):
    rfp = call_factory(texts={"en": {"title": "Safe houses for journalists"}})
    url = reverse(name, args=[rfp.pk]) if name != "calls:open" else reverse(name)
    response = client.get(url)
    assert "Safe houses" not in page_title(response)
    assert "safe" not in url.lower()
    assert page_title(response) in (
        "Call for proposals · Grants portal",
        "Questions of a call for proposals · Grants portal",
        "Open calls · Grants portal",
    )


# The printable questions --------------------------------------------------------------------


def test_the_printable_page_lists_every_question_in_order_with_what_it_asks(client, call_factory):
    rfp = call_factory(currency="EUR")
    second = SectionFactory(rfp=rfp, position=2, texts={"en": {"title": "Budget", "intro": ""}})
    first = SectionFactory(rfp=rfp, position=1, texts={"en": {"title": "Project", "intro": "About the work."}})
    QuestionFactory(
        section=first,
        position=1,
        type=Question.Type.LONG_TEXT,
        required=True,
        word_limit=300,
        texts={"en": {"label": "Describe the project", "help": "Plain words."}},
    )
    QuestionFactory(
        section=first,
        position=2,
        type=Question.Type.MULTIPLE_CHOICE,
        choices=["c2", "c1"],
        texts={"en": {"label": "Which areas?", "help": "", "choices": {"c1": "Relocation", "c2": "Legal aid"}}},
    )
    QuestionFactory(
        section=second,
        position=1,
        type=Question.Type.AMOUNT,
        min_value=Decimal(1000),
        max_value=Decimal("25000.500"),
        texts={"en": {"label": "How much?"}},
    )
    QuestionFactory(section=second, position=2, retired_at=timezone.now(), texts={"en": {"label": "Retired"}})
    content = client.get(reverse("calls:questions", args=[rfp.pk])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content))
    assert text.index("Section 1: Project") < text.index("Describe the project") < text.index("Section 2: Budget")
    assert "About the work." in text
    # Numbered across the call, not from 1 in each section, so "question 3" means one question.
    assert "Question 1: Describe the project Plain words. Long text Required At most 300 words" in text
    assert "Question 2: Which areas? Multiple choice Optional Choose any of: Legal aid Relocation" in text
    assert "Question 3: How much? Amount Optional At least 1,000 EUR At most 25,000.50 EUR" in text
    assert "Retired" not in text
    assert 'src="/static/js/print-page.js"' in content


def test_the_printable_page_is_in_the_readers_language(client, call_factory):
    rfp = call_factory(texts=TEXTS, languages=["en", "ar"])
    section = SectionFactory(rfp=rfp, texts={"en": {"title": "Project"}, "ar": {"title": "المشروع"}})
    QuestionFactory(
        section=section,
        type=Question.Type.SINGLE_CHOICE,
        choices=["c1", "c2"],
        texts={
            "en": {"label": "Where?", "choices": {"c1": "Here", "c2": "Away"}},
            "ar": {"label": "أين؟", "choices": {"c2": "بعيدًا"}},
        },
    )
    client.cookies["django_language"] = "ar"
    content = client.get(reverse("calls:questions", args=[rfp.pk])).content.decode()
    assert "المشروع" in content
    assert "أين؟" in content
    # A choice not translated falls back to the default language's label, the others stay.
    assert "<li>Here</li><li>بعيدًا</li>" in content


# Query counts: the count must not grow with the rows ----------------------------------------


@pytest.mark.parametrize("rows", [1, 50])
def test_the_open_calls_cost_the_same_queries_for_1_and_50_calls(rows, client, call_factory, django_assert_num_queries):
    for _ in range(rows):
        call_factory()
    with django_assert_num_queries(1):
        response = client.get(reverse("calls:open"))
    assert len(response.context["calls"]) == rows
    with django_assert_num_queries(1):
        response = client.get(reverse("portal:home"))
    assert len(response.context["calls"]) == rows


@pytest.mark.parametrize("questions", [1, 100])
def test_the_call_page_and_its_questions_cost_the_same_queries_for_1_and_100_questions(
    questions, client, call_factory, django_assert_num_queries
):
    rfp = call_factory()
    sections = SectionFactory.create_batch(5, rfp=rfp)
    for index in range(questions):
        QuestionFactory(section=sections[index % 5])
    with django_assert_num_queries(1):
        client.get(reverse("calls:call", args=[rfp.pk]))
    with django_assert_num_queries(3):
        response = client.get(reverse("calls:questions", args=[rfp.pk]))
    assert sum(len(entry.questions) for entry in response.context["sections"]) == questions


@pytest.mark.parametrize("questions", [1, 100])
def test_a_signed_in_reader_costs_no_more_queries_per_question(
    questions, client, call_factory, django_assert_num_queries
):
    rfp = call_factory()
    section = SectionFactory(rfp=rfp)
    QuestionFactory.create_batch(questions, section=section)
    client.force_login(UserFactory())
    client.get(reverse("calls:questions", args=[rfp.pk]))  # the session's first-visit writes
    # The page's 3, and the session, the user with their roles and unread messages.
    with django_assert_num_queries(6):
        client.get(reverse("calls:questions", args=[rfp.pk]))
