"""The staff table of a call's submitted applications: sorted by whitelisted columns that end in
the primary key (so paging never repeats or skips a row), filtered from the URL, a bad filter
told beside its field while the others still apply, and as many queries for 1 row as for 100."""

import zoneinfo
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, formats, timezone, translation

from core.numbers import format_number
from core.times import machine_readable
from grants.models import RFP, Application
from tests.factories import ApplicationFactory

from .applying import published_call

pytestmark = pytest.mark.django_db
S = Application.Status


def table(user, rfp, **params):
    client = Client()
    client.force_login(user)
    return client.get(reverse("grants:staff-applications", args=[rfp.pk]), params)


def submitted(rfp, number: int, **fields) -> Application:
    values = {
        "status": S.SUBMITTED,
        "submitted_at": timezone.now() - timedelta(hours=number),
        "reference": f"A-2026-{number}",
        "title": f"Project {number}",
        "language": "en",
        **fields,
    }
    return ApplicationFactory(rfp=rfp, **values)


def references(response) -> list[str]:
    return [application.reference for application in response.context["page_obj"]]


def test_paging_through_a_status_sort_shows_every_row_exactly_once(program_staff):
    rfp = published_call(staff=[program_staff])
    statuses = [S.SUBMITTED, S.IN_REVIEW, S.AWARDED]
    # Every row of one status shares its submission instant too: only the key tells them apart.
    same_time = timezone.now() - timedelta(days=1)
    for number in range(1, 131):
        submitted(rfp, number, status=statuses[number % 3], submitted_at=same_time)
    for sort in ("status", "-status", "submitted", "-country"):
        seen = []
        page, pages = 1, 1
        while page <= pages:
            response = table(program_staff, rfp, sort=sort, page=page)
            pages = response.context["page_obj"].paginator.num_pages
            seen += references(response)
            page += 1
        assert pages == 3
        assert len(seen) == 130 and len(set(seen)) == 130, sort


def test_rows_of_one_value_come_in_the_order_of_their_key_both_ways(program_staff):
    rfp = published_call(staff=[program_staff])
    first, second, third = (submitted(rfp, number, status=S.IN_REVIEW) for number in (1, 2, 3))
    submitted(rfp, 4, status=S.SUBMITTED)
    ascending = references(table(program_staff, rfp, sort="status"))
    assert ascending == [first.reference, second.reference, third.reference, "A-2026-4"]
    descending = references(table(program_staff, rfp, sort="-status"))
    assert descending == ["A-2026-4", third.reference, second.reference, first.reference]


def test_each_sortable_column_sorts_and_an_unknown_sort_is_refused_beside_its_field(program_staff):
    rfp = published_call(staff=[program_staff])
    submitted(rfp, 1, title="Beta", requested_amount=Decimal(300), country="KE")
    submitted(rfp, 2, title="Alpha", requested_amount=Decimal(100), country="SN")
    submitted(rfp, 3, title="Gamma", requested_amount=None, country="AR")
    assert references(table(program_staff, rfp, sort="title")) == ["A-2026-2", "A-2026-1", "A-2026-3"]
    assert references(table(program_staff, rfp, sort="amount")) == ["A-2026-2", "A-2026-1", "A-2026-3"]
    assert references(table(program_staff, rfp, sort="-amount")) == ["A-2026-1", "A-2026-2", "A-2026-3"]
    assert references(table(program_staff, rfp, sort="country")) == ["A-2026-3", "A-2026-1", "A-2026-2"]
    assert references(table(program_staff, rfp, sort="submitted")) == ["A-2026-3", "A-2026-2", "A-2026-1"]
    response = table(program_staff, rfp, sort="applicant__email", status="submitted")
    assert "sort" in response.context["form"].errors
    # The default order (newest first) and the status filter still apply.
    assert references(response) == ["A-2026-1", "A-2026-2", "A-2026-3"]


def test_a_rapid_response_table_shows_the_oldest_first_and_how_long_each_has_waited(program_staff):
    rfp = published_call(staff=[program_staff], mechanism=RFP.Mechanism.RAPID_RESPONSE, deadline=None)
    submitted(rfp, 1)
    submitted(rfp, 72)
    submitted(rfp, 30, status=S.DECLINED)
    response = table(program_staff, rfp)
    assert references(response) == ["A-2026-72", "A-2026-30", "A-2026-1"]
    html = response.content.decode()
    assert ">Waiting</th>" in html
    assert "3\xa0days" in html and "1\xa0hour" in html


def test_each_row_links_to_its_page_and_is_written_escaped_in_the_readers_language_and_zone(program_staff):
    rfp = published_call(staff=[program_staff])
    first = submitted(
        rfp, 1, title='<b>Shelter</b> & "care"', requested_amount=Decimal("25000"), currency="USD", country="SN"
    )
    submitted(rfp, 2, title="", requested_amount=None, country="")
    program_staff.language, program_staff.time_zone = "fr", "Africa/Nairobi"
    program_staff.save(update_fields=["language", "time_zone"])
    html = table(program_staff, rfp).content.decode()
    link = reverse("portal:staff-application", args=[first.public_id])
    with translation.override("fr"), timezone.override(zoneinfo.ZoneInfo("Africa/Nairobi")):
        status = str(S.SUBMITTED.label)
        amount = format_number(Decimal("25000"))
        shown = formats.date_format(timezone.localtime(first.submitted_at), "SHORT_DATETIME_FORMAT")
    assert (
        f'<tr><td><a href="{link}"><bdi>A-2026-1</bdi></a></td>'
        '<td dir="auto">&lt;b&gt;Shelter&lt;/b&gt; &amp; &quot;care&quot;</td>'
        f"<td>{status}</td><td><bdi>{amount} USD</bdi></td><td>Sénégal</td>"
        f'<td><time datetime="{machine_readable(first.submitted_at)}">{shown}</time></td></tr>'
    ) in html
    assert f'<td dir="auto">—</td><td>{status}</td><td>—</td><td>—</td>' in html


def test_filters_by_status_country_amount_and_dates_together(program_staff):
    rfp = published_call(staff=[program_staff])
    now = timezone.now()
    submitted(rfp, 1, country="KE", requested_amount=Decimal(500), status=S.IN_REVIEW)
    submitted(rfp, 2, country="KE", requested_amount=Decimal(5000), status=S.IN_REVIEW)
    submitted(rfp, 3, country="SN", requested_amount=Decimal(500), status=S.IN_REVIEW)
    submitted(rfp, 4, country="KE", requested_amount=Decimal(600), status=S.SUBMITTED)
    submitted(rfp, 24 * 10, country="KE", requested_amount=Decimal(700), status=S.IN_REVIEW)
    response = table(
        program_staff,
        rfp,
        status="in_review",
        country="KE",
        amount_min="100",
        amount_max="1000",
        submitted_from=(now - timedelta(days=2)).date().isoformat(),
        submitted_to=now.date().isoformat(),
    )
    assert references(response) == ["A-2026-1"]
    assert "1 submitted application matches" in response.content.decode()
    assert references(table(program_staff, rfp, submitted_to=(now - timedelta(days=5)).date().isoformat())) == [
        "A-2026-240"
    ]


def test_a_bad_filter_is_told_beside_its_field_and_the_others_still_apply(program_staff):
    rfp = published_call(staff=[program_staff])
    submitted(rfp, 1, country="KE", requested_amount=Decimal(500))
    submitted(rfp, 2, country="SN", requested_amount=Decimal(500))
    response = table(program_staff, rfp, country="KE", amount_min="lots", submitted_from="31/02/2026")
    assert references(response) == ["A-2026-1"]
    form = response.context["form"]
    assert set(form.errors) == {"amount_min", "submitted_from"}
    html = response.content.decode()
    # A number input cannot hold what was typed: a text box shows it, tied to its message.
    assert (
        '<input type="text" name="amount_min" aria-describedby="id_amount_min_error" aria-invalid="true"'
        ' class="form-control is-invalid" id="id_amount_min" inputmode="decimal" value="lots">'
    ) in html
    assert '<div id="id_amount_min_error" class="invalid-feedback"><strong>Enter a number.</strong></div>' in html
    assert '<input type="date" name="submitted_to" class="form-control" id="id_submitted_to">' in html


def test_amounts_the_wrong_way_round_are_told_and_that_bound_left_out(program_staff):
    rfp = published_call(staff=[program_staff])
    submitted(rfp, 1, requested_amount=Decimal(500))
    response = table(program_staff, rfp, amount_min="1000", amount_max="10")
    assert response.context["form"].errors["amount_max"] == ["This is less than the amount from."]
    assert references(response) == []  # the lower bound still applies


def test_the_pages_links_keep_the_filters_and_sort_links_keep_them_too(program_staff):
    rfp = published_call(staff=[program_staff])
    for number in range(1, 53):
        submitted(rfp, number, country="KE")
    html = table(program_staff, rfp, country="KE", sort="title").content.decode()
    assert 'href="?country=KE&amp;sort=title&amp;page=2"' in html
    assert 'href="?country=KE&amp;sort=-title"' in html  # the sorted column's header turns it round
    assert 'aria-sort="ascending"' in html
    assert '<option value="KE" selected>Kenya</option>' in html
    assert '<option value="SN">Senegal</option>' in html


def test_the_filter_form_is_a_plain_get_form(program_staff):
    rfp = published_call(staff=[program_staff])
    html = table(program_staff, rfp).content.decode()
    assert '<form method="get" role="search"' in html
    for name in ("q", "status", "country", "amount_min", "amount_max", "submitted_from", "submitted_to", "sort"):
        assert f'name="{name}"' in html


@pytest.mark.parametrize("rows", [1, 100])
def test_the_table_costs_the_same_queries_for_1_and_100_rows(rows, program_staff, django_assert_num_queries):
    rfp = published_call(staff=[program_staff])
    for number in range(rows):
        submitted(rfp, number + 1, country="KE", requested_amount=Decimal(100 + number))
    call_command("rebuild_search_vectors", stdout=StringIO())
    client = Client()
    client.force_login(program_staff)
    url = reverse("grants:staff-applications", args=[rfp.pk])
    params = {"country": "KE", "amount_min": "1", "status": "submitted", "q": "Project", "sort": "-amount"}
    with django_assert_num_queries(6):
        response = client.get(url, params)
    assert len(response.context["page_obj"]) == min(rows, 50)


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_a_date_written_with_the_pages_format_and_words_read_once_is_the_one_django_writes(language):
    from grants.table_html import PageDates

    start = timezone.now().replace(hour=0, minute=0)
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Asia/Kolkata")):
        for format_string in (formats.get_format("SHORT_DATETIME_FORMAT"), r"a A P g:i \a\t jS F", "l N E"):
            dates = PageDates(format_string)
            for minutes in range(0, 24 * 60, 30):
                value = start + timedelta(minutes=minutes)
                assert dates(value) == dateformat.format(timezone.localtime(value), format_string)


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_a_number_written_with_the_separators_read_once_is_the_one_django_writes(language):
    from core.numbers import number_formatter, places_of

    with translation.override(language):
        number = number_formatter()
        for value in map(Decimal, ("0", "7", "25000", "1234567.5", "1234567.25", "0.125", "-9876543.210")):
            django = formats.number_format(value, places_of(value), use_l10n=True, force_grouping=True)
            assert number(value) == format_number(value) == django
