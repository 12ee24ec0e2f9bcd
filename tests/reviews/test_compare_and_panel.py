"""One application's reviews side by side, and the panel's recommendation recorded from there."""

from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from core.errors import Refused
from grants.models import Application
from reviews.errors import ReviewError
from reviews.models import PanelRecommendation
from reviews.services.panel import record_panel_recommendation
from tests.factories import UserFactory
from tests.reviews.factories import CriterionFactory, ReviewFactory, ScoreFactory, SubmittedApplicationFactory

from .ranking_world import small_call

D = Decimal
pytestmark = pytest.mark.django_db


def test_the_comparison_shows_criteria_as_rows_and_reviewers_as_columns(client):
    call = small_call()
    relevance = CriterionFactory(rfp=call.rfp, texts={"en": {"name": "Relevance"}}, position=0)
    feasibility = CriterionFactory(rfp=call.rfp, texts={"en": {"name": "Feasibility"}}, position=1, scale_max=10)
    a = call.applications["A"]
    first, second, _third = a.reviews.order_by("submitted_at", "pk")
    ScoreFactory(review=first, criterion=relevance, value=4, comment="Fits the call well")
    ScoreFactory(review=first, criterion=feasibility, value=7)
    ScoreFactory(review=second, criterion=relevance, value=None)
    first.comment = "Strong partners"
    first.save()
    client.force_login(call.staff)
    response = client.get(reverse("reviews:compare", args=[call.rfp.pk, a.public_id]))
    assert response.status_code == 200
    html = response.content.decode()
    head = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert head.index("Reviewer 1") < head.index("Reviewer 2") < head.index("Reviewer 3")
    lines = response.context["comparison"].lines
    assert [line.name for line in lines] == ["Relevance", "Feasibility"]
    assert [score.value if score else None for score in lines[0].scores] == [4, None, None]
    for text in ("4 of 5", "7 of 10", "not scored", "Fits the call well", "Strong partners", "80.52", "8.16"):
        assert text in html
    assert "wide spread" not in html
    totals = html.split("Total (out of 100)", 1)[1].split("</tr>", 1)[0]
    assert [part in totals for part in ("80.00", "70.00", "90.00")] == [True, True, True]


def test_a_flagged_spread_says_so_in_words(client):
    call = small_call()
    client.force_login(call.staff)
    html = client.get(reverse("reviews:compare", args=[call.rfp.pk, call.applications["C"].public_id])).content
    assert b"wide spread: above 10.00 points" in html


def test_an_application_of_another_call_or_a_draft_is_a_404(client):
    call = small_call()
    other = SubmittedApplicationFactory()
    draft = SubmittedApplicationFactory(rfp=call.rfp, status=Application.Status.DRAFT, reference=None)
    client.force_login(call.staff)
    for application in (other, draft):
        assert client.get(reverse("reviews:compare", args=[call.rfp.pk, application.public_id])).status_code == 404


def test_staff_record_then_change_the_panel_recommendation_keeping_one_row(client):
    call = small_call()
    a = call.applications["A"]
    client.force_login(call.staff)
    url = reverse("reviews:compare", args=[call.rfp.pk, a.public_id])
    response = client.post(url, {"recommendation": "fund", "note": "Top of the list"})
    assert response.status_code == 302
    response = client.post(url, {"recommendation": "reserve", "note": "If B withdraws"})
    stored = PanelRecommendation.objects.get(application=a)
    assert (stored.recommendation, stored.note, stored.recorded_by) == ("reserve", "If B withdraws", call.staff)
    assert PanelRecommendation.objects.filter(application=a).count() == 1
    events = AuditEvent.objects.filter(verb="review.panel_recommended").order_by("pk")
    assert [event.detail for event in events] == [
        {"recommendation": "fund", "previous": None, "note": True},
        {"recommendation": "reserve", "previous": "fund", "note": True},
    ]
    assert all("If B" not in str(event.detail) for event in events)
    html = client.get(url).content.decode()
    assert "Recorded: Reserve" in html and "If B withdraws" in html
    ranking = client.get(reverse("reviews:ranking", args=[call.rfp.pk])).content.decode()
    assert "<td>Reserve</td>" in ranking


def test_a_recommendation_needs_a_choice_and_keeps_the_note_typed(client):
    call = small_call()
    client.force_login(call.staff)
    url = reverse("reviews:compare", args=[call.rfp.pk, call.applications["A"].public_id])
    response = client.post(url, {"note": "Half a thought"})
    assert response.status_code == 200
    assert "Choose what the panel recommends." in response.content.decode()
    assert "Half a thought" in response.content.decode()
    assert not PanelRecommendation.objects.exists()


def test_no_recommendation_without_a_submitted_review_nor_once_decided():
    call = small_call()
    unreviewed = SubmittedApplicationFactory(rfp=call.rfp)
    ReviewFactory(assignment__application=unreviewed)  # a draft only
    with pytest.raises(ReviewError, match="none has been submitted yet"):
        record_panel_recommendation(unreviewed, "fund", by=call.staff)
    decided = call.applications["B"]
    Application.objects.filter(pk=decided.pk).update(status=Application.Status.AWARDED)
    decided.refresh_from_db()
    with pytest.raises(ReviewError, match="has been decided"):
        record_panel_recommendation(decided, "fund", by=call.staff)
    assert not PanelRecommendation.objects.exists()


def test_only_the_staff_who_run_the_call_record_one():
    call = small_call()
    with pytest.raises(Refused):
        record_panel_recommendation(call.applications["A"], "fund", by=UserFactory(roles=[Role.PROGRAM_STAFF]))
    assert not PanelRecommendation.objects.exists()


def test_a_decided_application_shows_why_there_is_no_form(client):
    call = small_call()
    Application.objects.filter(pk=call.applications["A"].pk).update(status=Application.Status.DECLINED)
    client.force_login(call.staff)
    html = client.get(reverse("reviews:compare", args=[call.rfp.pk, call.applications["A"].public_id])).content
    assert b"its panel recommendation no longer changes" in html
    assert b'name="recommendation"' not in html


def test_the_comparison_links_each_review_to_its_staff_page(client):
    call = small_call()
    a = call.applications["A"]
    reviews = list(a.reviews.order_by("submitted_at", "pk"))
    client.force_login(call.staff)
    html = client.get(reverse("reviews:compare", args=[call.rfp.pk, a.public_id])).content.decode()
    links = html.split('<th scope="row">The review</th>', 1)[1].split("</tr>", 1)[0]
    assert [reverse("reviews:staff-review", args=[call.rfp.pk, review.pk]) in links for review in reviews] == [
        True
    ] * len(reviews)
    assert links.count("<a href=") == len(reviews) == 3
    assert f">Open the review by {reviews[0].reviewer.name}</a>" in links
