"""seed_demo creates accounts with a published password: only with DEBUG on, and only once."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import decrypt
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import override_settings

from accounts.models import User
from audit.models import AuditEvent
from grants.models import RFP
from grants.selectors import form_of
from grants.services import publication_problems
from portal.management.commands.seed_demo import DEMO_PASSWORD, DEMO_TOTP_SECRETS
from reviews.selectors import criteria_of
from tests.factories import totp_code


def test_seed_demo_refuses_to_run_with_debug_off(db):
    with pytest.raises(CommandError, match="runs only with DEBUG on"):
        call_command("seed_demo")
    assert User.objects.count() == 0


@override_settings(DEBUG=True)
def test_seed_demo_creates_one_verified_account_per_role(db):
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert "admin@example.org" in output.getvalue()
    roles = {user.email: sorted(user.roles) for user in User.objects.all()}
    assert roles == {
        "applicant@example.org": ["applicant"],
        "applicant2@example.org": ["applicant"],
        "applicant3@example.org": ["applicant"],
        "reviewer@example.org": ["reviewer"],
        "reviewer2@example.org": ["reviewer"],
        "staff@example.org": ["program_staff"],
        "admin@example.org": ["admin"],
    }
    assert EmailAddress.objects.filter(verified=True, primary=True).count() == 7
    assert list(User.objects.filter(is_staff=True).values_list("email", flat=True)) == ["admin@example.org"]
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())


@override_settings(DEBUG=True)
def test_running_seed_demo_twice_adds_nothing(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert User.objects.count() == 7
    assert EmailAddress.objects.count() == 7
    assert Group.objects.count() == 4
    assert sorted(group.user_set.count() for group in Group.objects.all()) == [1, 1, 2, 3]
    assert AuditEvent.objects.filter(verb="account.role_granted").count() == 7


@override_settings(DEBUG=True)
def test_seed_demo_gives_the_reviewer_staff_and_admin_an_authenticator_app_with_the_printed_key(db):
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    secrets = {
        user.email: decrypt(authenticator.data["secret"])
        for user in User.objects.all()
        for authenticator in Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP)
    }
    assert secrets == DEMO_TOTP_SECRETS
    assert set(secrets) == {"reviewer@example.org", "reviewer2@example.org", "staff@example.org", "admin@example.org"}
    for email, secret in secrets.items():
        assert f"{email:<24} authenticator app key: {secret}" in output.getvalue()
    # The printed key really is the app's: its current code is accepted.
    reviewer = User.objects.get(email="reviewer@example.org")
    totp = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    assert totp.wrap().validate_code(totp_code(DEMO_TOTP_SECRETS["reviewer@example.org"])) is True


@override_settings(DEBUG=True)
def test_running_seed_demo_twice_adds_no_second_authenticator(db):
    call_command("seed_demo", stdout=io.StringIO())
    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 4
    assert f"authenticator app key: {DEMO_TOTP_SECRETS['admin@example.org']}" in output.getvalue()


@override_settings(DEBUG=True)
def test_seed_demo_publishes_a_programmatic_and_a_rapid_response_call_run_by_the_demo_staff(db):
    from grants.models import RFP, Question

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    programmatic = RFP.objects.get(mechanism=RFP.Mechanism.PROGRAMMATIC)
    rapid = RFP.objects.get(mechanism=RFP.Mechanism.RAPID_RESPONSE)
    assert programmatic.texts["en"]["title"] == "ACCELERATE Programmatic Grants for Civil Society Organizations"
    assert {rfp.status for rfp in (programmatic, rapid)} == {RFP.Status.PUBLISHED}
    for rfp in (programmatic, rapid):
        rfp.full_clean()
        assert [user.email for user in rfp.staff.all()] == ["staff@example.org"]
        assert rfp.languages == ["en", "ar"]
        for question in rfp.questions.all():
            question.full_clean()
            assert question.texts["ar"]["label"] != question.texts["en"]["label"]
            assert bool(question.texts["ar"]["help"]) is bool(question.texts["en"]["help"])
            if question.has_choices:
                # Keyed choices, labelled in both languages (publication would refuse otherwise).
                assert len(question.choices) > 1
                assert (
                    set(question.texts["ar"]["choices"])
                    == set(question.texts["en"]["choices"])
                    == set(question.choices)
                )
            else:
                assert question.choices == []
    assert {question.type for question in programmatic.questions.all()} == set(Question.Type.values)
    assert (programmatic.currency, programmatic.min_amount, programmatic.max_amount) == ("USD", 5000, 25000)
    # Announced to close a month after it opened, then extended by two weeks, once.
    [extension] = programmatic.extensions.all()
    assert 29 <= (extension.previous_deadline - programmatic.opens_at).days <= 31
    assert programmatic.deadline == extension.new_deadline == extension.previous_deadline + timedelta(days=14)
    assert extension.reason and extension.by.email == "admin@example.org"
    assert not rapid.extensions.exists()
    assert (rapid.deadline, rapid.min_amount, rapid.max_amount) == (None, 1000, 10000)
    assert programmatic.sections.count() == 5
    assert 3 <= rapid.questions.count() <= 8
    assert publication_problems(programmatic, form_of(programmatic)) == []
    assert publication_problems(rapid, form_of(rapid)) == []


@override_settings(DEBUG=True)
def test_the_demo_applicant_has_a_draft_half_done_and_a_submitted_application_once_however_often_it_runs(db):
    from grants.answers import progress_of
    from grants.models import RFP, Application
    from grants.protected import answers_of
    from notifications.models import Message

    output = io.StringIO()
    call_command("seed_demo", stdout=output)
    call_command("seed_demo", stdout=io.StringIO())
    applicant = User.objects.get(email="applicant@example.org")
    assert Application.objects.filter(applicant=applicant).count() == 2
    draft = Application.objects.get(rfp__mechanism=RFP.Mechanism.PROGRAMMATIC)
    submitted = Application.objects.get(rfp__mechanism=RFP.Mechanism.RAPID_RESPONSE, applicant=applicant)
    assert (draft.applicant, draft.status, draft.reference) == (applicant, Application.Status.DRAFT, None)
    answers = answers_of(draft)
    assert answers["staff_count"] == "about twelve"  # kept as typed, though it is no number
    assert answers["registered"] == "no" and "registered" not in draft.answers  # sensitive: encrypted apart
    progress = progress_of(form_of(draft.rfp), answers, draft.rfp, {})
    assert 0 < progress.answered < progress.required
    assert "staff_count" in progress.sections[0].invalid
    # Reviewed, then awarded (tests/portal/test_seed_demo_awards.py).
    assert (submitted.applicant, submitted.status) == (applicant, Application.Status.AWARDED)
    assert submitted.reference and submitted.form_snapshot["sections"]
    assert answers_of(submitted)["country"] == "KE"
    assert Message.objects.filter(recipient=applicant, template="grants/submitted").count() == 1
    assert AuditEvent.objects.filter(verb="application.submitted", actor=applicant).count() == 1
    # The draft's request for a week more waits for staff, and keeps it open past its deadline.
    [request] = draft.extension_requests.all()
    assert (request.status, request.requested_by) == (request.Status.PENDING, applicant)
    assert request.requested_until - draft.rfp.deadline == timedelta(days=7)
    assert draft.extension_requested_at == request.created_at
    assert f"{submitted.reference} to /calls/{submitted.rfp_id}/" in output.getvalue()


@override_settings(DEBUG=True)
def test_each_demo_call_has_a_rubric_of_three_criteria_in_its_languages_once_however_often_it_runs(db):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    for rfp in RFP.objects.all():
        criteria = list(criteria_of(rfp))
        assert [criterion.key for criterion in criteria] == ["c1", "c2", "c3"]
        assert [criterion.weight for criterion in criteria] == [Decimal(2), Decimal(1), Decimal("1.5")]
        assert all(set(criterion.texts) == set(rfp.languages) for criterion in criteria)
        assert criteria[2].comment_required is True


@override_settings(DEBUG=True)
def test_the_demo_rapid_call_is_reviewed_in_part_through_the_services_once_however_often_it_runs(db):
    from grants.models import RFP, Application
    from notifications.models import Message
    from reviews.models import Assignment, CallReviewer, PanelRecommendation, Review
    from reviews.selectors import released_feedback_of

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    for rfp in RFP.objects.all():
        attached = CallReviewer.objects.filter(rfp=rfp).order_by("reviewer__email")
        assert [row.reviewer.email for row in attached] == ["reviewer2@example.org", "reviewer@example.org"]
    rapid = RFP.objects.get(mechanism=RFP.Mechanism.RAPID_RESPONSE)
    by_applicant = {
        application.applicant.email: application
        for application in Application.objects.filter(rfp=rapid).select_related("applicant")
    }
    assert sorted(by_applicant) == ["applicant2@example.org", "applicant3@example.org", "applicant@example.org"]
    # Reviewed, then decided on (tests/portal/test_seed_demo_awards.py).
    assert {email: application.status for email, application in by_applicant.items()} == {
        "applicant@example.org": Application.Status.AWARDED,
        "applicant2@example.org": Application.Status.AWARDED,
        "applicant3@example.org": Application.Status.DECLINED,
    }
    assigned = sorted(
        (row.application.applicant.email, row.reviewer.email)
        for row in Assignment.objects.filter(status=Assignment.Status.ACTIVE).select_related(
            "application__applicant", "reviewer"
        )
    )
    assert assigned == [
        ("applicant2@example.org", "reviewer2@example.org"),
        ("applicant2@example.org", "reviewer@example.org"),
        ("applicant3@example.org", "reviewer@example.org"),
        ("applicant@example.org", "reviewer2@example.org"),
        ("applicant@example.org", "reviewer@example.org"),
    ]
    reviews = {
        (review.application.applicant.email, review.reviewer.email): review
        for review in Review.objects.select_related("application__applicant", "reviewer")
    }
    # Weights 2, 1 and 1.5 over scales to 5: (2·5 + 4 + 1.5·4) / 22.5 = 88.89 %, and so on.
    assert {key: (review.status, review.total) for key, review in reviews.items()} == {
        ("applicant@example.org", "reviewer@example.org"): (Review.Status.SUBMITTED, Decimal("88.89")),
        ("applicant@example.org", "reviewer2@example.org"): (Review.Status.SUBMITTED, Decimal("73.33")),
        ("applicant2@example.org", "reviewer@example.org"): (Review.Status.SUBMITTED, Decimal("55.56")),
        ("applicant2@example.org", "reviewer2@example.org"): (Review.Status.DRAFT, None),
    }
    assert AuditEvent.objects.filter(verb="review.submitted").count() == 3
    [recommendation] = PanelRecommendation.objects.all()
    assert (recommendation.application, recommendation.recommendation) == (
        by_applicant["applicant@example.org"],
        PanelRecommendation.Recommendation.FUND,
    )
    applicant = User.objects.get(email="applicant@example.org")
    _application, released = released_feedback_of(applicant, by_applicant["applicant@example.org"].public_id)
    assert [review.feedback for review in released] == [
        "A clear, urgent need; the quote for the phone would help us pay quickly."
    ]
    assert Message.objects.filter(recipient=applicant, template="reviews/feedback_released").count() == 1
