"""A decline comes with the reviewers' feedback if staff choose: the decline form shows staff the
feedback of the submitted reviews, released or not yet, and a tick box releases what is not
released yet through reviews' own release, so the applicant reads it where they read released
feedback. The applicant's dashboard lists their declined applications with the message staff
wrote."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from awards.models import Decision
from awards.panels import dashboard_panels
from awards.services.decisions import decide
from awards.services.decisions import reverse as reverse_decision
from notifications.models import Message
from reviews.models import Review
from tests.accounts.flows import sign_in
from tests.factories import RFPFactory
from tests.reviews.factories import ReviewFactory, SubmittedApplicationFactory

from .factories import staff_of

pytestmark = pytest.mark.django_db
RELEASED_BEFORE = timezone.now() - timedelta(days=3)


@pytest.fixture
def rfp():
    return RFPFactory(texts={"en": {"title": "Safe houses"}})


@pytest.fixture
def application(rfp):
    return SubmittedApplicationFactory(rfp=rfp, reference="A-2026-7")


@pytest.fixture
def staff(rfp):
    return staff_of(rfp)


def reviewed(application, feedback="", *, submitted=True, released_at=None) -> Review:
    return ReviewFactory(
        assignment__application=application,
        assignment__rfp=application.rfp,
        submitted=submitted,
        feedback=feedback,
        feedback_released_at=released_at,
    )


@pytest.fixture
def reviews(application) -> dict[str, Review]:
    return {
        "unreleased": reviewed(application, "Clear and well argued."),
        "released": reviewed(application, "The budget is thin.", released_at=RELEASED_BEFORE),
        "empty": reviewed(application, "   "),
        "draft": reviewed(application, "Half a thought.", submitted=False),
    }


def released_at(review: Review):
    review.refresh_from_db()
    return review.feedback_released_at


def signed_in(user) -> Client:
    client = Client()
    landing = sign_in(client, user)
    client.get(landing["Location"])
    return client


def decide_url(application):
    return reverse("awards:decide", args=[application.public_id])


# --- The service ------------------------------------------------------------------------------


def test_a_decline_releasing_the_feedback_releases_each_submitted_review_not_released_yet(application, staff, reviews):
    now = timezone.now()

    decide(application, by=staff, outcome="decline", message="Not this time.", release_feedback=True, now=now)

    assert released_at(reviews["unreleased"]) == now
    assert released_at(reviews["released"]) == RELEASED_BEFORE  # released before: kept as it was
    assert released_at(reviews["empty"]) is None
    assert released_at(reviews["draft"]) is None
    # Through reviews' own release: its audit event and its message to the applicant.
    assert AuditEvent.objects.filter(verb="review.feedback_released").count() == 1
    assert Message.objects.filter(recipient=application.applicant, template="reviews/feedback_released").count() == 1
    declined = AuditEvent.objects.get(verb="decision.declined")
    assert declined.detail == {"application": application.pk, "feedback_released": 1}
    # And the applicant reads both released reviews' feedback where released feedback is read.
    client = Client()
    client.force_login(application.applicant)
    page = client.get(reverse("reviews:feedback", args=[application.public_id])).content.decode()
    assert "Clear and well argued." in page and "The budget is thin." in page
    assert "Half a thought." not in page


def test_the_decline_message_says_the_feedback_can_be_read_in_the_portal(application, staff, reviews):
    decide(application, by=staff, outcome="decline", release_feedback=True)

    message = Message.objects.get(template="awards/declined")
    assert "The reviewers' feedback on it can be read in the portal" in message.body


def test_a_decline_without_the_tick_releases_nothing(application, staff, reviews):
    decide(application, by=staff, outcome="decline")

    assert released_at(reviews["unreleased"]) is None
    assert not AuditEvent.objects.filter(verb="review.feedback_released").exists()
    assert "feedback" not in Message.objects.get(template="awards/declined").body


def test_feedback_is_released_with_a_decline_only(application, staff):
    with pytest.raises(TypeError):
        decide(application, by=staff, outcome="award", release_feedback=True)


# --- The decline form ---------------------------------------------------------------------------


def test_the_decline_form_shows_the_feedback_released_or_not_and_the_tick_box(application, staff, reviews):
    response = signed_in(staff).get(decide_url(application))

    assert [review.pk for review in response.context["feedback"]] == [reviews["unreleased"].pk, reviews["released"].pk]
    html = response.content.decode()
    section = html.split('id="decline-heading"')[1]
    assert "Clear and well argued." in section and "The budget is thin." in section
    assert "Half a thought." not in html
    assert section.count("Not released yet") == 1
    assert section.count("Released to the applicant") == 1
    assert "Release the reviewers&#x27; feedback to the applicant" in section


def test_no_tick_box_when_every_feedback_is_released_already(application, staff):
    reviewed(application, "The budget is thin.", released_at=RELEASED_BEFORE)

    response = signed_in(staff).get(decide_url(application))

    assert "release_feedback" not in response.context["decline_form"].fields
    assert "No submitted review has feedback" not in response.content.decode()


def test_no_feedback_says_so(application, staff):
    response = signed_in(staff).get(decide_url(application))

    assert response.context["feedback"] == []
    assert "No submitted review has feedback for the applicant." in response.content.decode()


def test_declining_with_the_tick_from_the_page_releases_the_feedback(application, staff, reviews):
    client = signed_in(staff)
    response = client.post(
        decide_url(application),
        {"outcome": "decline", "decline-message": "Not this time.", "decline-release_feedback": "on"},
    )

    assert response.status_code == 302
    assert released_at(reviews["unreleased"]) is not None


def test_declining_without_the_tick_from_the_page_keeps_it_unreleased(application, staff, reviews):
    signed_in(staff).post(decide_url(application), {"outcome": "decline"})

    assert Decision.objects.get(application=application).outcome == "decline"
    assert released_at(reviews["unreleased"]) is None


@pytest.mark.parametrize("count", [1, 12])
def test_the_decision_page_costs_the_same_queries_for_1_and_12_reviews(
    count, application, staff, django_assert_num_queries
):
    for number in range(count):
        reviewed(application, f"Feedback {number}.")
    client = signed_in(staff)
    # Session, user (with roles and second factor) and unread messages; the application; who runs its
    # call; its standing decision; the reviewers' feedback; the panel's recommendation.
    with django_assert_num_queries(8):
        response = client.get(decide_url(application))
    assert len(response.context["feedback"]) == count


# --- The applicant's dashboard -------------------------------------------------------------------


def test_the_applicant_reads_the_decline_and_its_message_on_their_dashboard(rfp, application, staff):
    decide(application, by=staff, outcome="decline", message="Not this time: apply again in spring.")
    reversed_one = SubmittedApplicationFactory(rfp=rfp, applicant=application.applicant, reference="A-2026-8")
    reverse_decision(decide(reversed_one, by=staff, outcome="decline"), by=staff, reason="Decided too soon.")
    foreign = SubmittedApplicationFactory(rfp=rfp, reference="A-2026-9")
    decide(foreign, by=staff, outcome="decline", message="Someone else's.")

    [panel] = dashboard_panels(application.applicant)
    assert panel.template == "awards/panels/declines.html"
    assert [(row.reference, row.call_title, row.message) for row in panel.context["declines"]] == [
        ("A-2026-7", "Safe houses", "Not this time: apply again in spring.")
    ]
    client = Client()
    client.force_login(application.applicant)
    html = client.get(reverse("portal:dashboard")).content.decode()
    section = html.split('aria-labelledby="awards-declines-panel"')[1].split("</section>")[0]
    assert "Not this time: apply again in spring." in section
    assert reverse("applying:application", args=[application.public_id]) in section
    assert "A-2026-8" not in section and "Someone else" not in html


def test_no_declines_no_section(application):
    assert dashboard_panels(application.applicant) == []


@pytest.mark.parametrize("count", [1, 15])
def test_the_declines_cost_one_query_for_1_and_15(count, rfp, staff, django_assert_num_queries):
    first = SubmittedApplicationFactory(rfp=rfp)
    for number in range(count):
        application = first if number == 0 else SubmittedApplicationFactory(rfp=rfp, applicant=first.applicant)
        decide(application, by=staff, outcome="decline", message=f"Message {number}.")
    # Their awards (none), their declines.
    with django_assert_num_queries(2):
        [panel] = dashboard_panels(first.applicant)
    assert len(panel.context["declines"]) == count
