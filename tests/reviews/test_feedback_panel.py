"""An applicant reaches the feedback staff released to them from the dashboard: reviews' panel
lists their applications with released feedback, each linking to it, in one query however
many; feedback not released, and others' applications, are not listed."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from reviews.panels import dashboard_panels
from tests.factories import RFPFactory

from .factories import ReviewFactory, SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


def released_on(application, released=True):
    return ReviewFactory(
        assignment__application=application,
        assignment__rfp=application.rfp,
        submitted=True,
        feedback="Clear and well argued.",
        feedback_released_at=timezone.now() if released else None,
    )


def dashboard(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get(reverse("portal:dashboard")).content.decode()


def test_the_applicant_is_linked_to_released_feedback_only(applicant):
    rfp = RFPFactory(texts={"en": {"title": "Safe houses"}})
    released = SubmittedApplicationFactory(applicant=applicant, rfp=rfp, reference="A-2026-7")
    released_on(released)
    released_on(released)  # two released reviews: still one row
    held_back = SubmittedApplicationFactory(applicant=applicant, rfp=rfp, reference="A-2026-8")
    released_on(held_back, released=False)
    foreign = SubmittedApplicationFactory(rfp=rfp, reference="A-2026-9")
    released_on(foreign)

    [panel] = dashboard_panels(applicant)
    assert panel.template == "reviews/panels/feedback.html"
    assert [row.reference for row in panel.context["feedback"]] == ["A-2026-7"]
    html = dashboard(applicant)
    assert (
        f'<a href="{reverse("reviews:feedback", args=[released.public_id])}">Read the feedback on A-2026-7</a>' in html
    )
    assert str(held_back.public_id) not in html.split("Feedback on your applications")[1]
    assert reverse("reviews:feedback", args=[foreign.public_id]) not in html
    # And the link leads to it.
    client = Client()
    client.force_login(applicant)
    assert (
        "Clear and well argued." in client.get(reverse("reviews:feedback", args=[released.public_id])).content.decode()
    )


def test_no_feedback_section_without_released_feedback(applicant):
    released_on(SubmittedApplicationFactory(applicant=applicant), released=False)
    assert dashboard_panels(applicant) == []
    assert "Feedback on your applications" not in dashboard(applicant)


def test_the_grants_sections_of_the_dashboard_do_not_link_to_reviews(applicant):
    application = SubmittedApplicationFactory(applicant=applicant)
    released_on(application)
    html = dashboard(applicant)
    before, section = html.split('<section aria-labelledby="reviews-feedback-panel"')
    assert "/reviews/" not in before
    assert section.count("/reviews/") == 1


@pytest.mark.parametrize("rows", [1, 25])
def test_the_feedback_section_costs_one_query_for_1_and_25_applications(rows, applicant, django_assert_num_queries):
    for _ in range(rows):
        released_on(SubmittedApplicationFactory(applicant=applicant))
    with django_assert_num_queries(1):
        [panel] = dashboard_panels(applicant)
    assert len(panel.context["feedback"]) == rows
