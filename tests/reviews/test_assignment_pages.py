"""Staff's pages of a call's reviewers, assignments and review round: a call they do not run is
a 404, a refusal is shown beside its field with what was typed kept, the automatic assignment
shows its outcome before making it, and the assignments page costs the same queries for 1
application as for 50."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from reviews.models import Assignment, CallReviewer, ConflictDeclaration, ReviewRound
from tests.factories import OrganisationFactory, RFPFactory, UserFactory

from .factories import AssignmentFactory, CallReviewerFactory, SubmittedApplicationFactory, reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def rfp(program_staff):
    return SubmittedApplicationFactory(rfp__staff=[program_staff]).rfp


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def tomorrow():
    return (timezone.now() + timedelta(days=2)).date().isoformat()


@pytest.mark.parametrize(
    "name", ["reviews:reviewers", "reviews:assignments", "reviews:auto-assign", "reviews:round", "reviews:close-round"]
)
def test_a_call_they_do_not_run_is_a_404(name, rfp, program_staff, admin_user):
    other_staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    RFPFactory(staff=[other_staff])
    url = reverse(name, args=[rfp.pk])
    assert signed_in(program_staff).get(url).status_code == 200
    assert signed_in(admin_user).get(url).status_code == 200
    for user in (other_staff, reviewer(), UserFactory()):
        assert signed_in(user).get(url).status_code == 404


def test_an_assignment_of_another_call_is_a_404(rfp, program_staff):
    foreign = AssignmentFactory()
    for name in ("reviews:assignment-due", "reviews:reassign", "reviews:remove-assignment"):
        assert signed_in(program_staff).get(reverse(name, args=[rfp.pk, foreign.public_id])).status_code == 404
    url = reverse("reviews:assign", args=[rfp.pk, foreign.application.public_id])
    assert signed_in(program_staff).get(url).status_code == 404


def test_staff_attach_a_reviewer_from_the_accounts_that_may_review(rfp, program_staff):
    person = reviewer(name="Amina Okafor", email="amina@example.org")
    UserFactory(name="Not A Reviewer")
    client = signed_in(program_staff)
    page = client.get(reverse("reviews:reviewers", args=[rfp.pk])).content.decode()
    assert "Amina Okafor &lt;amina@example.org&gt;" in page
    assert "Not A Reviewer" not in page
    response = client.post(reverse("reviews:reviewers", args=[rfp.pk]), {"reviewer": person.pk})
    assert response.status_code == 302
    assert CallReviewer.objects.get(rfp=rfp).reviewer == person


def test_a_reviewer_with_live_assignments_is_not_detached_and_the_page_says_why(rfp, program_staff):
    call_reviewer = CallReviewerFactory(rfp=rfp)
    AssignmentFactory(application=rfp.applications.get(), reviewer=call_reviewer.reviewer)
    client = signed_in(program_staff)
    response = client.post(reverse("reviews:detach-reviewer", args=[rfp.pk, call_reviewer.pk]), follow=True)
    assert "This reviewer has 1 live assignment in this call: remove or reassign it first." in response.content.decode()
    assert CallReviewer.objects.filter(pk=call_reviewer.pk).exists()


def test_a_reviewer_s_exclusions_are_saved(rfp, program_staff):
    organisation = OrganisationFactory(name="Coast Defenders")
    rfp.applications.update(organisation=organisation)
    call_reviewer = CallReviewerFactory(rfp=rfp)
    url = reverse("reviews:reviewer-exclusions", args=[rfp.pk, call_reviewer.pk])
    client = signed_in(program_staff)
    assert "Coast Defenders" in client.get(url).content.decode()
    response = client.post(url, {"excluded_countries": ["SN", "KE"], "excluded_organisations": [organisation.pk]})
    assert response.status_code == 302
    call_reviewer.refresh_from_db()
    assert [str(code) for code in call_reviewer.excluded_countries] == ["KE", "SN"]
    assert list(call_reviewer.excluded_organisations.all()) == [organisation]


def test_a_refused_assignment_keeps_what_was_typed_with_the_reason_beside_the_field(rfp, program_staff):
    application = rfp.applications.get()
    person = CallReviewerFactory(rfp=rfp).reviewer
    ConflictDeclaration.objects.create(rfp=rfp, application=application, reviewer=person, reason="Friend")
    due = tomorrow()
    url = reverse("reviews:assign", args=[rfp.pk, application.public_id])
    response = signed_in(program_staff).post(url, {"reviewer": person.pk, "due_date": due})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"reviewer": ["This reviewer declared a conflict of interest with the application."]}
    html = response.content.decode()
    assert f'value="{due}"' in html and f'<option value="{person.pk}" selected>' in html
    assert not Assignment.objects.exists()


def test_a_missing_due_date_is_said_beside_its_field(rfp, program_staff):
    application = rfp.applications.get()
    person = CallReviewerFactory(rfp=rfp).reviewer
    url = reverse("reviews:assign", args=[rfp.pk, application.public_id])
    response = signed_in(program_staff).post(url, {"reviewer": person.pk, "due_date": ""})
    assert response.context["form"].errors == {"due_date": ["Give the date the review is due."]}


def test_the_automatic_assignment_shows_how_many_it_makes_before_making_them(rfp, program_staff):
    SubmittedApplicationFactory(rfp=rfp)
    people = [CallReviewerFactory(rfp=rfp).reviewer for _number in range(3)]
    client = signed_in(program_staff)
    url = reverse("reviews:auto-assign", args=[rfp.pk])
    data = {"reviewers": [p.pk for p in people], "due_date": tomorrow()}
    response = client.post(url, data)
    assert "4 assignments will be made, to 2 applications." in response.content.decode()
    assert not Assignment.objects.exists()
    response = client.post(url, {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert Assignment.objects.filter(status=Assignment.Status.ACTIVE).count() == 4


def test_too_few_reviewers_are_said_beside_the_reviewers(rfp, program_staff):
    person = CallReviewerFactory(rfp=rfp).reviewer
    url = reverse("reviews:auto-assign", args=[rfp.pk])
    response = signed_in(program_staff).post(url, {"reviewers": [person.pk], "due_date": tomorrow()})
    errors = response.context["form"].errors["reviewers"]
    assert errors[0] == "Nothing was assigned: 1 more reviewer is needed, one who may review every application."


@pytest.mark.parametrize("rows", [1, 50])
def test_the_assignments_page_costs_the_same_queries_for_1_and_50_applications(
    rows, program_staff, django_assert_num_queries
):
    rfp = RFPFactory(staff=[program_staff])
    organisation = OrganisationFactory()
    for number in range(rows):
        application = SubmittedApplicationFactory(rfp=rfp, organisation=organisation if number % 2 else None)
        assignment = AssignmentFactory(application=application)
        ConflictDeclaration.objects.create(
            rfp=rfp, application=application, reviewer=assignment.reviewer, reason="Cousin"
        )
        AssignmentFactory(application=application)
    client = signed_in(program_staff)
    url = reverse("reviews:assignments", args=[rfp.pk])
    with django_assert_num_queries(9):
        response = client.get(url)
    assert len(response.context["rows"]) == rows
    assert len(response.context["conflicts"]) == rows


def test_closing_the_round_asks_first_then_ends_access(rfp, program_staff):
    assignment = AssignmentFactory(application=rfp.applications.get())
    client = signed_in(program_staff)
    url = reverse("reviews:close-round", args=[rfp.pk])
    assert "Close the review round?" in client.get(url).content.decode()
    assignment.refresh_from_db()
    assert assignment.access_ends_at > timezone.now()
    client.post(url)
    assignment.refresh_from_db()
    assert assignment.access_ends_at <= timezone.now()
    assert ReviewRound.objects.get(rfp=rfp).closed_by == program_staff


def test_bad_access_days_are_said_beside_the_field(rfp, program_staff):
    response = signed_in(program_staff).post(reverse("reviews:round", args=[rfp.pk]), {"access_days": "400"})
    assert response.context["form"].errors == {"access_days": ["Ensure this value is less than or equal to 365."]}
    assert 'value="400"' in response.content.decode()


def test_staff_assign_a_replacement_for_a_declared_conflict(rfp, program_staff):
    rfp.reviewers_per_application = 1
    rfp.save()
    application = rfp.applications.get()
    conflicted = CallReviewerFactory(rfp=rfp).reviewer
    replacement = CallReviewerFactory(rfp=rfp).reviewer
    assignment = AssignmentFactory(application=application, reviewer=conflicted, status=Assignment.Status.CONFLICT)
    conflict = ConflictDeclaration.objects.create(
        rfp=rfp, application=application, reviewer=conflicted, assignment=assignment, reason="My sister's group"
    )
    client = signed_in(program_staff)
    page = client.get(reverse("reviews:assignments", args=[rfp.pk])).content.decode()
    assert "My sister&#x27;s group" in page
    assert reverse("reviews:replace", args=[rfp.pk, conflict.pk]) in page
    response = client.post(reverse("reviews:replace", args=[rfp.pk, conflict.pk]), {"due_date": tomorrow()})
    assert response.status_code == 302
    assert Assignment.objects.get(status=Assignment.Status.ACTIVE).reviewer == replacement
    conflict.refresh_from_db()
    assert conflict.replaced_at is not None


def test_staff_change_a_due_date_reassign_and_remove_after_confirming(rfp, program_staff):
    application = rfp.applications.get()
    first, second = CallReviewerFactory(rfp=rfp).reviewer, CallReviewerFactory(rfp=rfp).reviewer
    assignment = AssignmentFactory(application=application, reviewer=first)
    client = signed_in(program_staff)
    due = (timezone.now() + timedelta(days=30)).date()
    url = reverse("reviews:assignment-due", args=[rfp.pk, assignment.public_id])
    assert client.post(url, {"due_date": due.isoformat()}).status_code == 302
    assignment.refresh_from_db()
    assert assignment.due_at.date() == due
    url = reverse("reviews:reassign", args=[rfp.pk, assignment.public_id])
    assert client.post(url, {"reviewer": second.pk, "due_date": due.isoformat()}).status_code == 302
    new = Assignment.objects.get(status=Assignment.Status.ACTIVE)
    assert new.reviewer == second
    url = reverse("reviews:remove-assignment", args=[rfp.pk, new.public_id])
    assert "Remove this assignment?" in client.get(url).content.decode()
    assert Assignment.objects.get(pk=new.pk).is_active
    client.post(url)
    assert not Assignment.objects.filter(status=Assignment.Status.ACTIVE).exists()
