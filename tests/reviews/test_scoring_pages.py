"""The reviewer's review pages: each part saves on its own and keeps what was typed, valid or
not; submit lists what is missing; only the reviewer's live, conflict-free assignment is
reachable (a 404 for everyone else, before the conflict question, after access ends). Staff's
review page and the applicant's released feedback."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from reviews.models import Review
from reviews.services import reviewing, staff_actions
from tests.factories import RFPFactory, UserFactory
from tests.reviews.factories import AssignmentFactory, CriterionFactory, SubmittedApplicationFactory, reviewer


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.PROGRAM_STAFF])


@pytest.fixture
def rfp(staff):
    return RFPFactory(staff=[staff], reviewers_see_each_other=True)


@pytest.fixture
def criterion(rfp):
    return CriterionFactory(
        rfp=rfp,
        key="relevance",
        comment_required=True,
        texts={"en": {"name": "Relevance", "guidance": "How well it fits.", "labels": {"5": "Excellent"}}},
    )


def assign(rfp, application=None, **fields):
    application = application or SubmittedApplicationFactory(rfp=rfp)
    return AssignmentFactory(
        application=application, reviewer=reviewer(), no_conflict_confirmed_at=timezone.now(), **fields
    )


@pytest.fixture
def assignment(rfp):
    return assign(rfp)


def url(name, assignment, *args):
    return reverse(f"reviews:{name}", args=[assignment.public_id, *args])


def test_a_criterion_page_shows_its_guidance_and_labelled_points(client, assignment, criterion):
    client.force_login(assignment.reviewer)
    response = client.get(url("score-criterion", assignment, "relevance"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "How well it fits." in page
    assert list(response.context["form"].fields["value"].choices) == [
        ("0", "0"),
        ("1", "1"),
        ("2", "2"),
        ("3", "3"),
        ("4", "4"),
        ("5", "5: Excellent"),
    ]
    assert assignment.application.applicant.get_full_name() not in page


def test_a_bad_score_is_shown_beside_the_field_and_the_comment_kept(client, assignment, criterion):
    client.force_login(assignment.reviewer)
    response = client.post(url("score-criterion", assignment, "relevance"), {"value": "9", "comment": "Half a thought"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"value": ["Choose a score from 0 to 5."]}
    assert "Half a thought" in response.content.decode()
    assert Review.objects.get().scores.get().comment == "Half a thought"


def test_a_good_save_redirects_to_the_next_part(client, assignment, criterion):
    client.force_login(assignment.reviewer)
    response = client.post(
        url("score-criterion", assignment, "relevance"), {"value": "4", "comment": "", "_go": "next"}
    )
    assert response.headers["Location"] == url("score-overall", assignment)
    assert Review.objects.get().scores.get().value == 4


def test_the_background_save_answers_json(client, assignment, criterion):
    client.force_login(assignment.reviewer)
    response = client.post(
        url("score-overall", assignment),
        {"recommendation": "maybe", "comment": "", "feedback": ""},
        headers={"accept": "application/json"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["version"], body["problems"]) == (0, {})
    assert body["message"].startswith("Saved at ")
    assert Review.objects.get().recommendation == "maybe"


def test_submitting_too_soon_lists_each_missing_item_linked(client, assignment, criterion):
    client.force_login(assignment.reviewer)
    response = client.post(url("submit-review", assignment))
    assert response.status_code == 400
    assert response.context["missing"] == [
        {"message": "Score “Relevance”.", "url": url("score-criterion", assignment, "relevance") + "#id_value"},
        {"message": "Comment on “Relevance”.", "url": url("score-criterion", assignment, "relevance") + "#id_comment"},
        {"message": "Give your recommendation.", "url": url("score-overall", assignment) + "#id_recommendation"},
    ]
    assert "The review cannot be submitted yet: complete what is listed below." in response.content.decode()


def complete(assignment, criterion, feedback="Well argued"):
    by = assignment.reviewer
    reviewing.save_criterion(assignment, criterion, value="4", comment="Fits", by=by)
    reviewing.save_overall(assignment, comment="Staff only", feedback=feedback, recommendation="fund", by=by)


def test_after_submitting_the_review_reads_read_only_and_its_parts_are_closed(client, assignment, criterion):
    complete(assignment, criterion)
    client.force_login(assignment.reviewer)
    response = client.post(url("submit-review", assignment))
    assert response.headers["Location"] == url("score", assignment)
    page = client.get(url("score", assignment)).content.decode()
    assert "80.00 of 100" in page and "Fits" in page
    assert url("submit-review", assignment) not in page
    assert client.get(url("score-criterion", assignment, "relevance")).headers["Location"] == url("score", assignment)
    assert Review.objects.get().total == Decimal("80.00")


def test_others_reviews_only_after_submitting_and_without_names(client, rfp, assignment, criterion):
    first = assign(rfp, assignment.application)
    complete(first, criterion)
    reviewing.submit_review(first, by=first.reviewer)
    client.force_login(assignment.reviewer)
    assert client.get(url("others", assignment)).status_code == 404  # not submitted yet
    complete(assignment, criterion)
    reviewing.submit_review(assignment, by=assignment.reviewer)
    response = client.get(url("others", assignment))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Reviewer 1" in page and "80.00 of 100" in page
    assert first.reviewer.get_full_name() not in page
    assert "Staff only" not in page and "Well argued" not in page


def test_others_reviews_are_a_404_when_the_call_keeps_them_apart(client, rfp, assignment, criterion):
    rfp.reviewers_see_each_other = False
    rfp.save()
    complete(assignment, criterion)
    reviewing.submit_review(assignment, by=assignment.reviewer)
    client.force_login(assignment.reviewer)
    assert client.get(url("others", assignment)).status_code == 404


@pytest.mark.parametrize("name", ["score", "score-overall", "others"])
def test_everyone_else_gets_a_404(client, assignment, criterion, staff, name):
    for user in (reviewer(), staff, assignment.application.applicant, UserFactory(roles=[Role.ADMIN])):
        client.force_login(user)
        assert client.get(url(name, assignment)).status_code == 404, user


def test_before_the_conflict_question_the_review_is_a_404(client, assignment, criterion):
    assignment.no_conflict_confirmed_at = None
    assignment.save()
    client.force_login(assignment.reviewer)
    assert client.get(url("score", assignment)).status_code == 404
    assert client.post(url("score-criterion", assignment, "relevance"), {"value": "3"}).status_code == 404
    assert not Review.objects.exists()


def test_after_access_ends_every_page_is_a_404(client, assignment, criterion):
    client.force_login(assignment.reviewer)
    assert client.get(url("score", assignment)).status_code == 200
    assignment.access_ends_at = timezone.now()  # staff closed the round
    assignment.save()
    assert client.get(url("score", assignment)).status_code == 404
    assert client.post(url("submit-review", assignment)).status_code == 404


def test_an_unknown_criterion_is_a_404(client, assignment, criterion):
    client.force_login(assignment.reviewer)
    assert client.get(url("score-criterion", assignment, "nonsense")).status_code == 404


@pytest.mark.parametrize("count", [1, 20])
def test_the_review_page_costs_the_same_queries_for_1_and_20_criteria(
    count, client, rfp, assignment, django_assert_num_queries
):
    criteria = CriterionFactory.create_batch(count, rfp=rfp)
    for criterion in criteria:
        reviewing.save_criterion(assignment, criterion, value="3", comment="", by=assignment.reviewer)
    client.force_login(assignment.reviewer)
    client.get(url("score", assignment))  # the session's first page loads the user's roles
    with django_assert_num_queries(7):
        response = client.get(url("score", assignment))
    assert len(response.context["rows"]) == count


# --- Staff's page of one review, and the applicant's feedback -----------------------------------


def staff_url(name, review):
    return reverse(f"reviews:{name}", args=[review.rfp_id, review.pk])


@pytest.fixture
def submitted(assignment, criterion):
    complete(assignment, criterion)
    return reviewing.submit_review(assignment, by=assignment.reviewer)


def test_staff_read_the_review_in_full_and_reopen_it(client, submitted, staff):
    client.force_login(staff)
    page = client.get(staff_url("staff-review", submitted)).content.decode()
    assert "Staff only" in page and "Well argued" in page and "80.00 of 100" in page
    assert staff_url("reopen-review", submitted) in page and staff_url("release-feedback", submitted) in page
    response = client.post(staff_url("reopen-review", submitted))
    assert response.headers["Location"] == staff_url("staff-review", submitted)
    submitted.refresh_from_db()
    assert (submitted.status, submitted.total) == (Review.Status.DRAFT, None)
    assert (
        staff_url("reopen-review", submitted) not in client.get(staff_url("staff-review", submitted)).content.decode()
    )


def test_other_staff_and_reviewers_get_a_404_on_staff_pages(client, submitted):
    for user in (UserFactory(roles=[Role.PROGRAM_STAFF]), submitted.reviewer, submitted.application.applicant):
        client.force_login(user)
        for name in ("staff-review", "reopen-review", "release-feedback"):
            assert client.get(staff_url(name, submitted)).status_code == 404, (user, name)


def test_a_wrong_call_in_the_path_is_a_404(client, submitted, staff):
    other = RFPFactory(staff=[staff])
    client.force_login(staff)
    assert client.get(reverse("reviews:staff-review", args=[other.pk, submitted.pk])).status_code == 404


def test_the_applicant_reads_released_feedback_without_a_name(client, submitted, staff):
    application = submitted.application
    client.force_login(application.applicant)
    feedback_url = reverse("reviews:feedback", args=[application.public_id])
    assert "Well argued" not in client.get(feedback_url).content.decode()
    staff_actions.release_feedback(submitted, by=staff)
    page = client.get(feedback_url).content.decode()
    assert "Well argued" in page and "Feedback 1" in page
    assert submitted.reviewer.get_full_name() not in page and "Staff only" not in page
    client.force_login(UserFactory())
    assert client.get(feedback_url).status_code == 404
