"""The pages that move a draft's deadline: staff extend one draft or every draft from a country
(confirmed with how many move), an applicant asks for more time from the draft and follows the
request, staff decide on it. Errors sit beside their field and keep what was typed; a draft of a
call the user does not run, or not a draft, is a 404."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from grants import services
from grants.deadlines import effective_deadline
from grants.models import Application, DeadlineExtension, ExtensionRequest
from tests.factories import OrganisationFactory, UserFactory

from .applying import draft_to, published_call

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def rfp(program_staff):
    return published_call(staff=[program_staff], time_zone="Africa/Dakar")


def local(instant) -> str:
    """The instant as a datetime-local field takes it, in UTC (Dakar's offset is zero)."""
    return instant.strftime("%Y-%m-%dT%H:%M")


def test_the_extend_page_shows_the_holder_and_history_and_never_the_answers(rfp, program_staff):
    organisation = OrganisationFactory(name="Coastal defenders", country="SN")
    draft = draft_to(rfp, organisation=organisation, applicant=UserFactory(name="Mariam Sow"), title="Secret plan")
    draft.answers = {"title": "Secret plan"}
    draft.save()
    services.extend_application_deadline(draft, rfp.deadline + timedelta(days=2), "Detained", by=program_staff)
    response = signed_in(program_staff).get(reverse("grants:extend-draft", args=[rfp.pk, draft.public_id]))
    html = response.content.decode()
    assert "Mariam Sow" in html and "Coastal defenders" in html and "Senegal" in html and "Detained" in html
    assert "Secret plan" not in html
    assert response.context["form"]["time_zone"].value() == "Africa/Dakar"


def test_staff_extend_one_draft_and_a_refusal_keeps_what_was_typed(rfp, program_staff):
    draft = draft_to(rfp)
    url = reverse("grants:extend-draft", args=[rfp.pk, draft.public_id])
    client = signed_in(program_staff)
    earlier = {"new_deadline": local(rfp.deadline - timedelta(days=1)), "time_zone": "UTC", "reason": "Illness"}
    response = client.post(url, earlier)
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "new_deadline": ["A deadline can only be extended: choose a later instant."]
    }
    assert ">\nIllness</textarea>" in response.content.decode()
    later = rfp.deadline.replace(second=0, microsecond=0) + timedelta(days=3)
    response = client.post(url, {**earlier, "new_deadline": local(later)})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert effective_deadline(draft) == later


def test_the_time_zone_of_the_typed_instant_is_the_one_chosen(rfp, program_staff):
    draft = draft_to(rfp)
    later = (rfp.deadline + timedelta(days=3)).replace(second=0, microsecond=0)
    signed_in(program_staff).post(
        reverse("grants:extend-draft", args=[rfp.pk, draft.public_id]),
        {"new_deadline": local(later), "time_zone": "Asia/Yangon", "reason": "Shutdown"},
    )
    draft.refresh_from_db()
    assert draft.extended_until == later - timedelta(hours=6, minutes=30)


def test_only_drafts_of_calls_the_user_runs_can_be_extended(rfp, program_staff, admin_user):
    draft = draft_to(rfp)
    submitted = draft_to(rfp, status=Application.Status.SUBMITTED, applicant=UserFactory())
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    url = reverse("grants:extend-draft", args=[rfp.pk, draft.public_id])
    assert signed_in(other_staff).get(url).status_code == 404
    assert signed_in(draft.applicant).get(url).status_code == 404
    assert signed_in(admin_user).get(url).status_code == 200
    assert (
        signed_in(program_staff).get(reverse("grants:extend-draft", args=[rfp.pk, submitted.public_id])).status_code
        == 404
    )
    other_call = published_call(staff=[program_staff])
    assert (
        signed_in(program_staff).get(reverse("grants:extend-draft", args=[other_call.pk, draft.public_id])).status_code
        == 404
    )


def test_extending_by_country_is_confirmed_with_how_many_drafts_move(rfp, program_staff):
    moving = [draft_to(rfp, country="SN") for _number in range(2)]
    draft_to(rfp, country="SN", extended_until=rfp.deadline + timedelta(days=30))
    draft_to(rfp, country="MM")
    url = reverse("grants:extend-country", args=[rfp.pk])
    client = signed_in(program_staff)
    page = client.get(url, {"country": "SN"})
    assert page.context["form"]["country"].value() == "SN"
    assert "Senegal (3 drafts)" in page.content.decode()
    later = (rfp.deadline + timedelta(days=5)).replace(second=0, microsecond=0)
    typed = {"country": "SN", "new_deadline": local(later), "time_zone": "UTC", "reason": "Shutdown"}
    confirm = client.post(url, typed)
    assert confirm.templates[0].name == "grants/staff/confirm_country.html"
    assert "Move the deadline of 2 drafts from Senegal to this instant?" in confirm.content.decode()
    assert not DeadlineExtension.objects.exists()
    assert client.post(url, {**typed, "edit": "1"}).context["form"]["reason"].value() == "Shutdown"
    done = client.post(url, {**typed, "confirmed": "1"})
    assert done.status_code == 302 and done.headers["Location"].endswith("?country=SN")
    for draft in moving:
        draft.refresh_from_db()
        assert draft.extended_until == later
    assert DeadlineExtension.objects.filter(scope=DeadlineExtension.Scope.COUNTRY).count() == 2


def test_a_country_extension_moving_nothing_says_so_beside_the_instant(rfp, program_staff):
    draft_to(rfp, country="SN")
    response = signed_in(program_staff).post(
        reverse("grants:extend-country", args=[rfp.pk]),
        {"country": "SN", "new_deadline": local(rfp.deadline - timedelta(days=1)), "time_zone": "UTC", "reason": "x"},
    )
    assert list(response.context["form"].errors) == ["new_deadline"]


def request_page(user, draft):
    return signed_in(user).get(reverse("applying:request-extension", args=[draft.public_id]))


def test_an_applicant_asks_for_more_time_and_follows_the_request(rfp, program_staff):
    draft = draft_to(rfp)
    overview = reverse("applying:application", args=[draft.public_id])
    client = signed_in(draft.applicant)
    assert "Ask for more time" in client.get(overview).content.decode()
    url = reverse("applying:request-extension", args=[draft.public_id])
    asked = (rfp.deadline + timedelta(days=4)).replace(second=0, microsecond=0)
    missing = client.post(url, {"until": local(asked), "time_zone": "UTC", "reason": ""})
    assert list(missing.context["form"].errors) == ["reason"]
    assert missing.context["form"]["until"].value() == local(asked)
    response = client.post(url, {"until": local(asked), "time_zone": "UTC", "reason": "Shutdown"})
    assert response.status_code == 302
    html = client.get(overview).content.decode()
    assert "your request waits for a decision" in html and "Ask for more time</a>" not in html
    assert "awaits a decision" in client.get(url).content.decode()
    request = ExtensionRequest.objects.get()
    services.decide_extension_request(request, ExtensionRequest.Status.REFUSED, None, "Sorry, no", by=program_staff)
    html = client.get(overview).content.decode()
    assert "Your request for more time was refused." in html and "Sorry, no" in html


def test_after_the_deadline_a_pending_request_keeps_the_draft_open_and_says_so(rfp, program_staff):
    draft = draft_to(rfp)
    services.request_extension(draft, rfp.deadline + timedelta(days=2), "Shutdown", by=draft.applicant)
    rfp.deadline = timezone.now() - timedelta(minutes=1)
    rfp.save()
    html = signed_in(draft.applicant).get(reverse("applying:application", args=[draft.public_id])).content.decode()
    assert "Your draft stays open until staff decide" in html


def test_staff_see_pending_requests_first_and_decide_a_shorter_one(rfp, program_staff):
    draft = draft_to(rfp, applicant=UserFactory(name="Thida Win"))
    asked = rfp.deadline + timedelta(days=6)
    services.request_extension(draft, asked, "Power cuts", by=draft.applicant)
    client = signed_in(program_staff)
    drafts = client.get(reverse("grants:staff-drafts", args=[rfp.pk])).content.decode()
    url = reverse("grants:decide-extension", args=[rfp.pk, draft.public_id])
    assert drafts.index("Power cuts") < drafts.index(reverse("grants:extend-draft", args=[rfp.pk, draft.public_id]))
    assert url in drafts
    page = client.get(url).content.decode()
    assert "Power cuts" in page and "Thida Win" in page
    too_long = {"decision": "shortened", "until": local(asked + timedelta(days=1)), "time_zone": "UTC", "message": ""}
    response = client.post(url, too_long)
    assert list(response.context["form"].errors) == ["until"]
    shorter = (rfp.deadline + timedelta(days=2)).replace(second=0, microsecond=0)
    assert client.post(url, {**too_long, "until": local(shorter)}).status_code == 302
    draft.refresh_from_db()
    assert effective_deadline(draft) == shorter
    assert client.get(url).status_code == 404  # decided: nothing pending


def test_only_the_staff_of_the_call_reach_a_request(rfp, program_staff):
    draft = draft_to(rfp)
    services.request_extension(draft, rfp.deadline + timedelta(days=2), "Shutdown", by=draft.applicant)
    url = reverse("grants:decide-extension", args=[rfp.pk, draft.public_id])
    assert signed_in(UserFactory(roles=[Role.PROGRAM_STAFF])).get(url).status_code == 404
    assert signed_in(draft.applicant).get(url).status_code == 404
    assert signed_in(program_staff).get(url).status_code == 200
    assert request_page(UserFactory(), draft).status_code == 404


def test_once_the_deadline_has_passed_no_one_may_ask_for_more_time(rfp):
    draft = draft_to(rfp)
    rfp.deadline = timezone.now() - timedelta(minutes=1)
    rfp.save()
    client = signed_in(draft.applicant)
    assert (
        "Ask for more time" not in client.get(reverse("applying:application", args=[draft.public_id])).content.decode()
    )
    page = client.get(reverse("applying:request-extension", args=[draft.public_id]))
    assert "The deadline has passed: more time can only be asked for before it." in page.content.decode()
    assert "Send the request" not in page.content.decode()


def test_refused_after_the_deadline_the_draft_says_it_is_closed(rfp, program_staff):
    draft = draft_to(rfp)
    request = services.request_extension(draft, rfp.deadline + timedelta(days=2), "Shutdown", by=draft.applicant)
    rfp.deadline = timezone.now() - timedelta(minutes=1)
    rfp.save()
    services.decide_extension_request(request, ExtensionRequest.Status.REFUSED, None, "No more time", by=program_staff)
    html = signed_in(draft.applicant).get(reverse("applying:application", args=[draft.public_id])).content.decode()
    assert "Your request for more time was refused." in html
    assert "The deadline has passed: your draft is closed and kept as you left it." in html
    assert "Ask for more time</a>" not in html
