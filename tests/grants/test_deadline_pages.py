"""The pages of a call's deadline: an admin extends it or closes the call early from the call's
page (staff who are not admins never see the way in, and get a 404); refusals sit beside their
field with what was typed kept; the history is shown to staff; the public page and the
applicant's overview say when and for whom the deadline moved."""

from datetime import UTC, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from grants import services
from grants.forms.deadlines import CloseEarlyForm, ExtendCallForm
from grants.models import Application, DeadlineExtension
from notifications.models import Message
from tests.factories import UserFactory

from .applying import draft_to, published_call
from .submitted import copy_call, submitted_application

pytestmark = pytest.mark.django_db
NOW = timezone.now().replace(second=0, microsecond=0)
DEADLINE = NOW + timedelta(days=10)
LATER = NOW + timedelta(days=20)


def typed(instant, zone=UTC) -> str:
    return instant.astimezone(zone).strftime("%Y-%m-%dT%H:%M")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rfp(program_staff):
    return published_call(staff=[program_staff], deadline=DEADLINE, time_zone="Africa/Nairobi")


def extend_url(rfp):
    return reverse("grants:extend-call", args=[rfp.pk])


def close_url(rfp):
    return reverse("grants:close-early", args=[rfp.pk])


# Extending -------------------------------------------------------------------------------


def test_the_form_starts_from_the_current_deadline_in_the_calls_time_zone(rfp, admin_user):
    form = signed_in(admin_user).get(extend_url(rfp)).context["form"]
    nairobi = DEADLINE.astimezone(timezone.get_fixed_timezone(180)).replace(tzinfo=None)
    assert (form.initial["time_zone"], form.initial["new_deadline"]) == ("Africa/Nairobi", nairobi)


def test_an_admin_extends_the_deadline_and_is_back_on_the_calls_page(rfp, admin_user):
    holder = draft_to(rfp).applicant
    client = signed_in(admin_user)
    response = client.post(
        extend_url(rfp),
        {
            "time_zone": "Africa/Nairobi",
            "new_deadline": typed(LATER, timezone.get_fixed_timezone(180)),
            "reason": "A shutdown",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("grants:rfp", args=[rfp.pk])
    rfp.refresh_from_db()
    assert rfp.deadline == LATER
    assert Message.objects.filter(template="grants/deadline_extended", recipient=holder).count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "The deadline is extended. Every draft holder is told." in page


@pytest.mark.parametrize(
    ("new_deadline", "reason", "field", "message"),
    [
        (DEADLINE - timedelta(days=1), "A shutdown", "new_deadline", "A deadline can only be extended"),
        (NOW - timedelta(days=30), "A shutdown", "new_deadline", "A deadline can only be extended"),
        (LATER, "", "reason", "Say why the deadline is extended"),
    ],
)
def test_a_refusal_sits_beside_its_field_and_keeps_what_was_typed(
    rfp, admin_user, new_deadline, reason, field, message
):
    values = {"time_zone": "UTC", "new_deadline": typed(new_deadline), "reason": reason}
    response = signed_in(admin_user).post(extend_url(rfp), values)
    assert response.status_code == 200
    form = response.context["form"]
    assert message in form.errors[field][0]
    html = response.content.decode()
    assert f'value="{typed(new_deadline)}"' in html
    assert (
        f'id="id_{field}_error"' in html and f"id_{field}_error" in html.split(f'id="id_{field}"')[0].rsplit("<", 1)[1]
    )
    rfp.refresh_from_db()
    assert rfp.deadline == DEADLINE


def test_a_past_instant_is_refused_beside_the_field(admin_user):
    closed = published_call(deadline=NOW - timedelta(days=2))
    values = {"time_zone": "UTC", "new_deadline": typed(NOW - timedelta(days=1)), "reason": "Late"}
    response = signed_in(admin_user).post(extend_url(closed), values)
    assert response.context["form"].errors["new_deadline"] == ["Choose an instant in the future."]


def test_an_unpublished_call_has_no_deadline_to_extend(admin_user):
    draft_call = published_call(status="draft")
    values = {"time_zone": "UTC", "new_deadline": typed(LATER), "reason": "Because"}
    response = signed_in(admin_user).post(extend_url(draft_call), values)
    assert response.context["form"].non_field_errors() == [
        "Only a published call with a closing time has a deadline to extend."
    ]


def test_staff_who_are_not_admins_neither_see_the_links_nor_reach_the_pages(rfp, program_staff, admin_user):
    staff = signed_in(program_staff)
    page = staff.get(reverse("grants:rfp", args=[rfp.pk])).content.decode()
    assert extend_url(rfp) not in page and close_url(rfp) not in page
    assert staff.get(extend_url(rfp)).status_code == 404
    assert (
        staff.post(extend_url(rfp), {"time_zone": "UTC", "new_deadline": typed(LATER), "reason": "x"}).status_code
        == 404
    )
    assert staff.get(close_url(rfp)).status_code == 404
    rfp.refresh_from_db()
    assert rfp.deadline == DEADLINE
    page = signed_in(admin_user).get(reverse("grants:rfp", args=[rfp.pk])).content.decode()
    assert extend_url(rfp) in page and close_url(rfp) in page


# Closing early ---------------------------------------------------------------------------


def test_a_call_with_drafts_cannot_close_at_once(rfp, admin_user):
    draft_to(rfp)
    response = signed_in(admin_user).post(close_url(rfp), {"how": "now", "time_zone": "UTC", "reason": "Budget spent"})
    assert response.context["form"].errors["how"] == [
        "1 applicant holds a draft of this call: give notice of the early close."
    ]
    assert "Budget spent" in response.content.decode()


def test_closing_with_notice_asks_first_then_tells_the_draft_holders(rfp, admin_user):
    holder = draft_to(rfp).applicant
    client = signed_in(admin_user)
    values = {"how": "notice", "notice": "2", "notice_unit": "days", "time_zone": "UTC", "reason": "Budget spent"}
    asked = client.post(close_url(rfp), values)
    assert asked.status_code == 200
    assert "The holder of 1 draft is told at once." in asked.content.decode()
    rfp.refresh_from_db()
    assert rfp.deadline == DEADLINE and not Message.objects.exists()  # nothing yet
    before = timezone.now()
    done = client.post(close_url(rfp), {**values, "confirmed": "1"})
    after = timezone.now()
    assert done.status_code == 302
    rfp.refresh_from_db()
    # Two days from the moment it was confirmed (NOW is when the module was read: a long run
    # may reach this test many minutes later).
    assert before + timedelta(days=2) <= rfp.deadline <= after + timedelta(days=2)
    assert Message.objects.filter(template="grants/call_closing_early", recipient=holder).count() == 1
    assert DeadlineExtension.objects.get().closes_early


def test_a_call_without_drafts_closes_at_a_chosen_time(rfp, admin_user):
    at = NOW + timedelta(days=1)
    values = {"how": "at", "time_zone": "UTC", "closes_at": typed(at), "reason": "Budget spent", "confirmed": "1"}
    assert signed_in(admin_user).post(close_url(rfp), values).status_code == 302
    rfp.refresh_from_db()
    assert rfp.deadline == at


def test_a_notice_period_needs_its_length(rfp, admin_user):
    values = {"how": "notice", "notice": "", "time_zone": "UTC", "reason": "Budget spent", "confirmed": "1"}
    response = signed_in(admin_user).post(close_url(rfp), values)
    assert response.context["form"].errors["notice"] == ["How long a notice do the draft holders get?"]


# The history -----------------------------------------------------------------------------


def test_the_calls_page_shows_its_deadline_history_and_the_individual_extensions(rfp, admin_user, program_staff):
    admin_user.name = "Amina Admin"
    admin_user.save()
    services.extend_call_deadline(rfp, LATER, "Shutdown in the north", by=admin_user)
    draft = draft_to(rfp)
    services.extend_application_deadline(draft, LATER + timedelta(days=3), "Detained", by=program_staff)
    response = signed_in(program_staff).get(reverse("grants:rfp", args=[rfp.pk]))
    html = response.content.decode()
    assert "Shutdown in the north" in html and "Amina Admin" in html
    assert date_format(DEADLINE, "DATETIME_FORMAT") in html and date_format(LATER, "DATETIME_FORMAT") in html
    assert "One application: 1" in html
    assert "Detained" not in html  # one application's reason is on its own page
    [change] = response.context["deadline_history"]
    assert (change.previous.value, change.new.value, change.who) == (DEADLINE, LATER, "Amina Admin")


def test_the_history_is_shown_in_the_readers_zone_and_in_utc(rfp, admin_user):
    services.extend_call_deadline(rfp, LATER, "Shutdown", by=admin_user)
    admin_user.time_zone = "Asia/Tokyo"
    admin_user.save()
    [change] = signed_in(admin_user).get(reverse("grants:rfp", args=[rfp.pk])).context["deadline_history"]
    assert (change.new.zone, change.new.in_utc) == ("Asia/Tokyo", False)


def test_the_staff_page_of_an_application_lists_the_extensions_concerning_it(admin_user, program_staff):
    rfp = copy_call()
    rfp.staff.add(program_staff)
    other = submitted_application(rfp)
    services.extend_call_deadline(rfp, rfp.deadline + timedelta(days=3), "Shutdown in the north", by=admin_user)
    application = submitted_application(rfp, applicant=UserFactory())
    page = signed_in(program_staff).get(reverse("portal:staff-application", args=[application.public_id]))
    html = page.content.decode()
    assert "Deadline extensions" in html and "Shutdown in the north" in html
    assert "Its deadline was never moved." not in html
    assert other.pk != application.pk


# What applicants read ----------------------------------------------------------------------


def test_the_public_page_says_the_deadline_was_extended_and_from_when(rfp, admin_user):
    services.extend_call_deadline(rfp, LATER, "Shutdown", by=admin_user)
    reader = UserFactory(time_zone="America/Bogota")
    html = signed_in(reader).get(reverse("calls:call", args=[rfp.pk])).content.decode()
    bogota = timezone.get_fixed_timezone(-300)
    local = (
        date_format(LATER.astimezone(bogota), "DATETIME_FORMAT"),
        date_format(DEADLINE.astimezone(bogota), "DATETIME_FORMAT"),
    )
    assert f"Deadline extended to {local[0]} (was {local[1]})" in html
    utc = (date_format(LATER, "DATETIME_FORMAT"), date_format(DEADLINE, "DATETIME_FORMAT"))
    assert f"In UTC: {utc[0]} (was {utc[1]})" in html
    listed = Client().get(reverse("calls:open")).content.decode()
    assert f"Deadline extended to {utc[0]} (was {utc[1]})" in listed


def test_a_call_never_extended_says_nothing_of_it(rfp):
    assert "Deadline extended" not in Client().get(reverse("calls:call", args=[rfp.pk])).content.decode()


def test_the_countdown_carries_its_deadline_and_texts_for_the_script(rfp):
    html = Client().get(reverse("calls:call", args=[rfp.pk])).content.decode()
    iso = DEADLINE.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    assert f'data-deadline="{iso}"' in html
    assert 'data-closes="Closes in {time}"' in html and 'data-closed="Closed"' in html
    assert ">Closes in 9 days<" in html or ">Closes in 10 days<" in html
    assert "js/countdown.js" in html


def test_the_overview_says_when_the_deadline_was_extended_for_the_applicant_alone(rfp, program_staff):
    draft = draft_to(rfp)
    client = signed_in(draft.applicant)
    url = reverse("applying:application", args=[draft.public_id])
    assert "Extended for you" not in client.get(url).content.decode()
    services.extend_application_deadline(draft, LATER, "Detained", by=program_staff)
    html = client.get(url).content.decode()
    assert f"Extended for you to {date_format(LATER, 'DATETIME_FORMAT')} (UTC)" in html
    assert f"The call itself closes on {date_format(DEADLINE, 'DATETIME_FORMAT')}<" in html
    assert "Detained" not in html
    assert Application.objects.get(pk=draft.pk).extended_until == LATER


# The forms -------------------------------------------------------------------------------


def test_the_new_deadline_is_read_in_the_chosen_time_zone(rfp):
    form = ExtendCallForm({"time_zone": "Europe/Paris", "new_deadline": "2027-07-01T18:00", "reason": "x"}, rfp=rfp)
    assert form.is_valid()
    assert form.new_deadline.isoformat() == "2027-07-01T16:00:00+00:00"


def test_a_time_the_clocks_skip_is_refused_beside_the_field(rfp):
    form = ExtendCallForm({"time_zone": "Europe/Paris", "new_deadline": "2027-03-28T02:30", "reason": "x"}, rfp=rfp)
    assert not form.is_valid()
    assert "the clocks skip it" in form.errors["new_deadline"][0]


@pytest.mark.parametrize(
    ("values", "at", "notice"),
    [
        ({"how": "now"}, None, None),
        ({"how": "notice", "notice": "6", "notice_unit": "hours"}, None, timedelta(hours=6)),
        ({"how": "notice", "notice": "2", "notice_unit": "days"}, None, timedelta(days=2)),
        (
            {"how": "at", "closes_at": "2027-01-05T12:00", "time_zone": "Africa/Nairobi"},
            "2027-01-05T09:00:00+00:00",
            None,
        ),
    ],
)
def test_the_early_close_form_gives_the_service_an_instant_or_a_notice(rfp, values, at, notice):
    form = CloseEarlyForm({"time_zone": "UTC", "reason": "Budget spent", **values}, rfp=rfp)
    assert form.is_valid(), form.errors
    chosen = form.values()
    assert (chosen["at"] and chosen["at"].isoformat(), chosen["notice"], chosen["reason"]) == (
        at,
        notice,
        "Budget spent",
    )
