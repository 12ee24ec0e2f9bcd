"""The ranking of a call against figures worked out by hand (tests/reviews/ranking_world.py),
its sort and filters, the budget line, what it costs in queries, and who may see it."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

from accounts.roles import Role
from reviews.models import Assignment, PanelRecommendation, Review
from reviews.ranking import ranking_of
from reviews.services.assignments import remove_assignment
from reviews.services.staff_actions import reopen_review
from tests.factories import RFPFactory, UserFactory
from tests.reviews.factories import AssignmentFactory, ReviewFactory, SubmittedApplicationFactory

from .ranking_world import small_call

D = Decimal
pytestmark = pytest.mark.django_db


def by_reference(ranking):
    return {row.reference: row for row in ranking.rows}


def test_the_ranking_gives_the_figures_worked_out_by_hand():
    call = small_call()
    ranking = ranking_of(call.rfp, {})
    assert [row.reference for row in ranking.rows] == ["R-A", "R-B", "R-C"]
    rows = by_reference(ranking)
    assert [(rows[ref].standing.mean, rows[ref].standing.normalised, rows[ref].standing.spread) for ref in rows] == [
        (D("80.00"), D("80.52"), D("8.16")),
        (D("60.00"), D("60.52"), D("8.16")),
        (D("50.00"), D("48.97"), D("14.14")),
    ]
    assert [rows[ref].spread_flagged for ref in rows] == [False, False, True]  # threshold 10
    assert rows["R-A"].recommendations == {"fund": 2, "maybe": 1, "decline": 0}
    assert rows["R-C"].recommendations == {"fund": 1, "maybe": 0, "decline": 2}
    assert [(row.position, row.running_total, row.within_budget) for row in ranking.rows] == [
        (1, D(40000), True),
        (2, D(75000), False),
        (3, D(105000), False),
    ]
    assert ranking.budget_line == 1  # before B, the second row


def test_a_budget_that_covers_everything_draws_no_line():
    call = small_call(budget=D(105000))
    ranking = ranking_of(call.rfp, {})
    assert ranking.budget_line is None
    assert all(row.within_budget for row in ranking.rows)


def test_reviews_submitted_of_live_assignments_and_a_missing_one():
    call = small_call()
    c = call.applications["C"]
    AssignmentFactory(application=c)  # a fourth reviewer, not submitted yet
    AssignmentFactory(application=c, status=Assignment.Status.CONFLICT)  # ended: not counted
    rows = by_reference(ranking_of(call.rfp, {}))
    assert (rows["R-C"].submitted, rows["R-C"].assigned, rows["R-C"].waiting) == (3, 4, 1)
    assert (rows["R-A"].submitted, rows["R-A"].assigned, rows["R-A"].waiting) == (3, 3, 0)


def test_an_application_without_reviews_is_ranked_last_and_asks_nothing_of_the_scores():
    call = small_call()
    SubmittedApplicationFactory(rfp=call.rfp, reference="R-D", requested_amount=None)
    ranking = ranking_of(call.rfp, {})
    last = ranking.rows[-1]
    assert (last.reference, last.standing.mean, last.standing.normalised, last.running_total) == (
        "R-D",
        None,
        None,
        D(105000),
    )


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("-normalised", ["R-A", "R-B", "R-C"]),
        ("normalised", ["R-C", "R-B", "R-A"]),
        ("spread", ["R-A", "R-B", "R-C"]),  # A and B tie at 8.16: the reference breaks it
        ("-spread", ["R-C", "R-A", "R-B"]),
        ("amount", ["R-C", "R-B", "R-A"]),
        ("-reference", ["R-C", "R-B", "R-A"]),
    ],
)
def test_sorts_break_ties_by_reference_and_carry_the_running_total_with_them(sort, order):
    call = small_call()
    ranking = ranking_of(call.rfp, {"sort": sort})
    assert [row.reference for row in ranking.rows] == order
    amounts = {"R-A": 40000, "R-B": 35000, "R-C": 30000}
    assert ranking.rows[0].running_total == D(amounts[order[0]])


def test_filters_and_the_running_total_follows_the_rows_shown():
    call = small_call()
    PanelRecommendation.objects.create(
        application=call.applications["B"], recommendation="fund", recorded_by=call.staff
    )
    assert [row.reference for row in ranking_of(call.rfp, {"spread": "flagged"}).rows] == ["R-C"]
    assert [row.reference for row in ranking_of(call.rfp, {"spread": "ok"}).rows] == ["R-A", "R-B"]
    assert [row.reference for row in ranking_of(call.rfp, {"panel": "fund"}).rows] == ["R-B"]
    assert [row.reference for row in ranking_of(call.rfp, {"panel": "none"}).rows] == ["R-A", "R-C"]
    without_a = ranking_of(call.rfp, {"panel": "none"})
    assert [row.running_total for row in without_a.rows] == [D(40000), D(70000)]
    assert without_a.budget_line is None  # 70,000 is the budget exactly: still within
    assert ranking_of(call.rfp, {"status": "submitted"}).rows == []


def test_all_reviews_in_means_none_waiting_and_the_calls_number_reached():
    call = small_call()
    call.rfp.reviewers_per_application = 3
    call.rfp.save()
    AssignmentFactory(application=call.applications["C"])
    ReviewFactory(assignment=AssignmentFactory(application=call.applications["B"]))  # a draft
    assert [row.reference for row in ranking_of(call.rfp, {"complete": "yes"}).rows] == ["R-A"]
    assert [row.reference for row in ranking_of(call.rfp, {"complete": "no"}).rows] == ["R-B", "R-C"]
    call.rfp.reviewers_per_application = 4
    call.rfp.save()
    assert ranking_of(call.rfp, {"complete": "yes"}).rows == []


def test_the_page_shows_the_scores_and_the_budget_line_in_words(client):
    call = small_call()
    client.force_login(call.staff)
    response = client.get(reverse("reviews:ranking", args=[call.rfp.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for figure in ("80.52", "60.52", "48.97", "14.14", "wide spread"):
        assert figure in html
    body = html.split("<tbody>", 1)[1]
    assert body.index("R-A") < body.index("The budget of 70,000 USD runs out here") < body.index("R-B")
    assert "covers the first 1 applications listed; it runs out at number 2 (R-B, page 1)" in html
    assert html.count('class="past-budget-row"') == 2


def test_the_budget_line_is_on_the_page_where_it_falls(client, settings):
    call = small_call()
    client.force_login(call.staff)
    from reviews.views import ranking as views

    original = views.PAGE_SIZE
    views.PAGE_SIZE = 1
    try:
        url = reverse("reviews:ranking", args=[call.rfp.pk])
        first, second = client.get(url).content.decode(), client.get(url + "?page=2").content.decode()
    finally:
        views.PAGE_SIZE = original
    assert "runs out here" not in first and "R-B, page 2" in first
    body = second.split("<tbody>", 1)[1]
    assert body.index("runs out here") < body.index("R-B")


def test_a_filter_that_does_not_parse_is_shown_and_the_others_apply(client):
    call = small_call()
    client.force_login(call.staff)
    response = client.get(reverse("reviews:ranking", args=[call.rfp.pk]) + "?spread=flagged&sort=bogus")
    assert response.status_code == 200
    assert response.context["count"] == 1
    assert "id_sort_error" in response.content.decode()


def test_the_ranking_links_a_print_stylesheet_that_hides_the_navigation(client):
    from django.contrib.staticfiles import finders

    call = small_call()
    client.force_login(call.staff)
    for name in ("reviews:ranking", "reviews:ranking-print"):
        html = client.get(reverse(name, args=[call.rfp.pk])).content.decode()
        assert '<link rel="stylesheet" href="/static/css/ranking-print.css" media="print">' in html
    css = Path(finders.find("css/ranking-print.css")).read_text()
    assert "size: A4 landscape" in css
    rules = css.split("@media print", 1)[1]
    hidden = rules.split("display: none", 1)[0]
    for selector in ("header", "nav", "footer", ".ranking-filters", ".pagination"):
        assert f"{selector}," in hidden or f"{selector} {{" in hidden


def test_the_printable_ranking_holds_every_row_on_one_page_without_sort_links(client):
    call = small_call()
    client.force_login(call.staff)
    from reviews.views import ranking as views

    original = views.PAGE_SIZE
    views.PAGE_SIZE = 1
    try:
        html = client.get(reverse("reviews:ranking-print", args=[call.rfp.pk]) + "?sort=amount").content.decode()
    finally:
        views.PAGE_SIZE = original
    body = html.split("<tbody>", 1)[1]
    assert body.index("R-C") < body.index("R-B") < body.index("R-A")
    assert "?sort=" not in html.split("<thead>", 1)[1].split("</thead>", 1)[0]


@pytest.mark.parametrize("rows", [1, 200])
def test_the_ranking_costs_the_same_queries_for_1_and_200_applications(rows, client, django_assert_num_queries):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    call = small_call(staff=staff)
    for number in range(rows):
        review = ReviewFactory(
            submitted=True,
            total=D(number % 100),
            assignment=AssignmentFactory(application=SubmittedApplicationFactory(rfp=call.rfp)),
        )
        assert review.rfp == call.rfp
    client.force_login(staff)
    url = reverse("reviews:ranking", args=[call.rfp.pk])
    # The first time: the fingerprint, the reviews, the live assignments, the fingerprint again;
    # and each time the applications and the details of the page's rows.
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.context["count"] == rows + 3
    with django_assert_num_queries(8):  # then the fingerprint alone
        response = client.get(url)
    assert response.context["count"] == rows + 3


def test_staff_who_do_not_run_the_call_get_a_404(client):
    call = small_call()
    client.force_login(UserFactory(roles=[Role.PROGRAM_STAFF]))
    application = call.applications["A"]
    for url in (
        reverse("reviews:ranking", args=[call.rfp.pk]),
        reverse("reviews:ranking-print", args=[call.rfp.pk]),
        reverse("reviews:compare", args=[call.rfp.pk, application.public_id]),
    ):
        assert client.get(url).status_code == 404
    client.force_login(call.reviewers[0])
    assert client.get(reverse("reviews:ranking", args=[call.rfp.pk])).status_code == 404


def test_admins_see_every_calls_ranking(client):
    call = small_call()
    client.force_login(UserFactory(roles=[Role.ADMIN]))
    assert client.get(reverse("reviews:ranking", args=[call.rfp.pk])).status_code == 200


def test_standings_kept_for_the_same_totals_are_recomputed_once_any_total_changes():
    call = small_call()
    before = ranking_of(call.rfp, {}).rows[0]
    review = call.applications["A"].reviews.order_by("pk").first()
    review.total = D(20)
    review.save()
    after = {row.reference: row for row in ranking_of(call.rfp, {}).rows}
    assert before.standing.mean == D("80.00")
    assert after["R-A"].standing.mean == D("60.00")  # (20 + 70 + 90) / 3


def test_every_change_to_the_reviews_is_seen_at_once_by_the_next_ranking():
    call = small_call()
    a, b, c = (call.applications[letter] for letter in "ABC")
    ranking_of(call.rfp, {})  # kept
    first_of = {application: application.reviews.order_by("pk").first() for application in (a, b)}
    # A total changed with no timestamp moved (as an update() would), a review reopened, a new
    # review submitted, an unreviewed assignment removed.
    Review.objects.filter(pk=first_of[a].pk).update(total=D(20))
    reopen_review(first_of[b], by=call.staff)
    ReviewFactory(submitted=True, total=D(100), recommendation="fund", assignment=AssignmentFactory(application=c))
    removed = AssignmentFactory(application=c)
    waiting = by_reference(ranking_of(call.rfp, {}))["R-C"]
    assert (waiting.submitted, waiting.assigned, waiting.waiting) == (4, 5, 1)
    remove_assignment(removed, by=call.staff)
    rows = by_reference(ranking_of(call.rfp, {}))
    assert rows["R-A"].standing.mean == D("60.00")  # (20 + 70 + 90) / 3
    assert (rows["R-B"].submitted, rows["R-B"].waiting, rows["R-B"].standing.mean) == (2, 1, D("60.00"))
    assert rows["R-B"].recommendations == {"fund": 1, "maybe": 0, "decline": 1}
    assert (rows["R-C"].submitted, rows["R-C"].assigned, rows["R-C"].waiting) == (4, 4, 0)
    assert rows["R-C"].standing.mean == D("62.50")  # (40 + 40 + 70 + 100) / 4
    assert rows["R-C"].recommendations == {"fund": 2, "maybe": 0, "decline": 2}


def test_a_review_moved_to_another_reviewer_or_application_is_seen():
    call = small_call()
    ranking_of(call.rfp, {})
    review = call.applications["A"].reviews.order_by("pk").first()  # Reviewer 1's 80
    Review.objects.filter(pk=review.pk).update(application=call.applications["C"])
    rows = by_reference(ranking_of(call.rfp, {}))
    assert (rows["R-A"].submitted, rows["R-C"].submitted) == (2, 4)
    assert rows["R-C"].standing.mean == D("57.50")  # (80 + 40 + 40 + 70) / 4
    Review.objects.filter(pk=review.pk).update(application=call.applications["A"], reviewer=call.reviewers[1])
    rows = by_reference(ranking_of(call.rfp, {}))
    assert rows["R-A"].standing.mean == D("80.00")
    assert rows["R-A"].standing.normalised != D("80.52")  # Reviewer 2 now has 4 reviews, Reviewer 1 two


def test_another_process_change_is_seen_though_this_one_kept_the_standings():
    """The fingerprint is read from the database on every request: nothing in this process is
    told of a change, yet the next ranking has it."""
    call = small_call()
    assert by_reference(ranking_of(call.rfp, {}))["R-A"].standing.mean == D("80.00")
    with connection.cursor() as cursor:  # as another worker would, past the ORM
        cursor.execute("UPDATE reviews_review SET total = 50 WHERE rfp_id = %s AND total = 80", [call.rfp.pk])
    assert by_reference(ranking_of(call.rfp, {}))["R-A"].standing.mean == D("70.00")


def test_nothing_changed_reads_no_review_again(django_assert_num_queries):
    call = small_call()
    ranking_of(call.rfp, {})
    with django_assert_num_queries(3):  # the fingerprint, the applications, the rows' details
        rows = by_reference(ranking_of(call.rfp, {}))
    assert rows["R-A"].standing.normalised == D("80.52")


@pytest.mark.parametrize("by_id", [1, 500])
def test_rows_read_together_have_their_own_details_whether_read_by_id_or_by_call(by_id, monkeypatch):
    monkeypatch.setattr("reviews.ranking.BY_ID", by_id)
    call = small_call()
    rows = ranking_of(call.rfp, {"sort": "reference"}).rows
    expected = [(f"R-{letter}", f"Project {letter}", call.applications[letter].public_id) for letter in "ABC"]
    assert [(row.reference, row.title, row.public_id) for row in rows] == expected
    assert [(row.reference, row.title, row.country) for row in rows[1:]] == [
        ("R-B", "Project B", "KE"),
        ("R-C", "Project C", "KE"),
    ]
    assert (rows[-1].title, rows.reference_at(-1), rows.running_total_at(-1)) == ("Project C", "R-C", D(105000))


@pytest.mark.sqlite
def test_without_postgresql_the_ranking_is_read_afresh_each_time(client):
    call = small_call()
    client.force_login(call.staff)
    first = client.get(reverse("reviews:ranking", args=[call.rfp.pk])).content.decode()
    assert "80.52" in first and "48.97" in first
    Review.objects.filter(application=call.applications["A"]).update(total=D(20))
    again = {row.reference: row for row in ranking_of(call.rfp, {}).rows}
    assert again["R-A"].standing.mean == D("20.00")


def test_a_call_with_nothing_to_rank_says_so(client):
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    rfp = RFPFactory(staff=[staff], budget=D(5000))
    client.force_login(staff)
    ranking = client.get(reverse("reviews:ranking", args=[rfp.pk]))
    assert "No application of this call is under review yet." in ranking.content.decode()
    printed = client.get(reverse("reviews:ranking-print", args=[rfp.pk]))
    assert printed.status_code == 200 and "0 applications" in printed.content.decode()
