"""The access matrix: every URL of the URL configuration (taken from the resolver, never listed
by hand), opened with GET by each kind of visitor, answers as the table below says.

The ids in the paths are real: they point to what "applicant" owns (an organisation with a
member, a pending invitation, an inbox message, a passkey, a draft application with a file, and
an application submitted with a file to the call the program-staff member runs). "another
applicant" opens the very same paths, so a foreign id shows up as the 404 it must be; reviewers,
staff and admins see the applicant's things through their own pages only: the staff who run the
call (and admins) open the submitted application's staff page and its files, and no one else does.

Reviewers, staff and admins sign in through the login page and their authenticator app, as in
real life; a reviewer without a second factor is sent to set one up from everywhere but the few
pages that allow it.

A URL nobody classified fails here, asking for its row in MATRIX (the admin site's pages are
classified by kind in ADMIN_SITE: one model's pages stand for every model's).
"""

import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from allauth.account import app_settings as account_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone

from accounts import services as accounts
from accounts.models import Membership
from accounts.roles import Role
from awards.models import Report, ReportFile
from grants import services as grants
from grants.models import RFP, Application, Attachment, Question
from notifications import services as notifications
from reviews.models import ConflictDeclaration, PanelRecommendation
from tests.awards.factories import (
    AwardFactory,
    LetterFactory,
    ReportFactory,
    ReportRequirementFactory,
    SupportCommitmentFactory,
    TrancheFactory,
)
from tests.factories import (
    ApplicationFactory,
    ChoiceQuestionFactory,
    OrganisationFactory,
    QuestionFactory,
    RFPFactory,
    SectionFactory,
    UserFactory,
    add_passkey,
    add_totp,
)
from tests.grants.submitted import attach
from tests.reviews.factories import (
    AssignmentFactory,
    CallReviewerFactory,
    CriterionFactory,
    ReviewFactory,
    ScoreFactory,
)
from tests.urlwalk import WalkedURL, reachable_urls

from .flows import sign_in

# What a GET may answer.
OK = "200"
NOT_FOUND = "404"
POST_ONLY = "405"
FORBIDDEN = "403"
TO_LOGIN = "302 to login"
TO_MFA_SETUP = "302 to MFA setup"
TO_MFA_AUTHENTICATION = "302 to MFA authentication"


def to(target: str) -> str:
    """A redirect elsewhere: to the page named `target` (a URL name), or to an outside address."""
    return f"302 to {target}"


ROLES = ("anonymous", "applicant", "another_applicant", "reviewer", "program_staff", "admin")
WITHOUT_SECOND_FACTOR = "reviewer_without_2fa"
EVERY_ROLE = (*ROLES, WITHOUT_SECOND_FACTOR)

# Each row: what a GET answers to (anonymous, applicant, another applicant, reviewer, program
# staff, admin). The ids are the applicant's, so "another applicant" shows a foreign id's 404.
Row = tuple[str, str, str, str, str, str]


def everyone(answer: str) -> Row:
    return (answer,) * 6


def signed_in(answer: str, *, anonymous: str = TO_LOGIN) -> Row:
    return (anonymous, answer, answer, answer, answer, answer)


def owner_only() -> Row:
    """A page of the applicant's own thing: anyone else signed in finds nothing there."""
    return (TO_LOGIN, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND)


def admins_only(as_admin: str = OK) -> Row:
    return (TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, as_admin)


# The admin site signs in through the portal (its own login page only relays there, and answers
# 404 to anyone signed in); it does not exist for anyone signed in who is not an admin. One
# model's pages stand for every model's ("<model>"): domain models are read-only there (403).
ADMIN_SITE: dict[str, Row] = {
    "admin:index": admins_only(),
    "admin:app_list": admins_only(),
    "admin:login": admins_only(NOT_FOUND),
    # Django sends anyone who is not signed in to the admin site from its logout to its index.
    "admin:logout": (*(to("admin:index"),) * 5, POST_ONLY),
    # The portal's password change, with its rate limit, audit event and notice.
    "admin:password_change": admins_only(to("account_change_password")),
    "admin:password_change_done": admins_only(to("account_change_password")),
    "admin:autocomplete": admins_only(FORBIDDEN),  # without its query: refused
    "admin:jsi18n": admins_only(),
    "admin:view_on_site": admins_only(NOT_FOUND),  # no model has a public page
    "admin:<any other path>": admins_only(NOT_FOUND),
    "admin:<model>_changelist": admins_only(),
    "admin:<model>_change": admins_only(),  # read-only, but shown
    "admin:<model>_history": admins_only(),
    "admin:<model>_add": admins_only(FORBIDDEN),
    "admin:<model>_delete": admins_only(FORBIDDEN),
    "admin:<model>/<id>/": admins_only(to("admin:<model>_change")),
}


def staff_only(as_staff: str = OK, *, as_admin: str | None = None) -> Row:
    """A page of the call the program-staff member runs: admins run every call."""
    return (TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, as_staff, as_staff if as_admin is None else as_admin)


RFP_PAGES = (
    "grants:rfp",
    "grants:rfp-settings",
    "grants:rfp-texts",
    "grants:preview",
    "grants:publish",
    "grants:unpublish",
    "grants:duplicate",
    "grants:rfp-staff",
    "grants:extend-call",
    "grants:close-early",
    "grants:add-section",
)

# Pages of the applicant's things that the staff who run the call open too.
STAFF_PAGES = {
    "portal:staff-application",
    "reviews:staff-review",
    "reviews:reopen-review",
    "reviews:release-feedback",
    "reviews:rapid-queue",
    "awards:publication",
    "awards:staff-support",
    "awards:staff-support-edit",
    "awards:tranche-paid",
    "awards:close",
    "awards:cancel",
    "awards:staff-report",
    "awards:staff-report-file",
    "awards:staff-award",
    "awards:decide",
    "awards:reverse",
    "awards:decide-many",
    "awards:staff-letter",
}
# Pages of the reviewer's assignment to the applicant's application: the reviewer's alone.
REVIEWER_PAGES = {
    "reviews:score",
    "reviews:score-criterion",
    "reviews:score-overall",
    "reviews:others",
    "reviews:assignment",
    "reviews:application",
    "reviews:pdf",
    "reviews:file",
}


def reviewer_only(as_reviewer: str = OK) -> Row:
    return (TO_LOGIN, NOT_FOUND, NOT_FOUND, as_reviewer, NOT_FOUND, NOT_FOUND)


# A call's reviews, for the staff who run it (admins: every call).
REVIEWS_STAFF_PAGES = {
    "reviews:reviewers",
    "reviews:detach-reviewer",
    "reviews:reviewer-exclusions",
    "reviews:assignments",
    "reviews:auto-assign",
    "reviews:assign",
    "reviews:assignment-due",
    "reviews:reassign",
    "reviews:remove-assignment",
    "reviews:replace",
    "reviews:round",
    "reviews:close-round",
}
# The pages of a call's reviews that its staff open (by the call's id, not the applicant's things).
CALL_REVIEW_PAGES = {
    "reviews:call",
    "reviews:rubric",
    "reviews:add-criterion",
    "reviews:edit-criterion",
    "reviews:move-criterion",
    "reviews:remove-criterion",
    "reviews:ranking",
    "reviews:ranking-print",
    "reviews:ranking-export",
    "reviews:compare",
}

HAS_ONE = to("mfa_deactivate_totp")  # an app is set up already: the page to remove it
NO_PASSKEY = to("account_reauthenticate")  # no passkey to re-authenticate with: the password

MATRIX: dict[str, Row] = {
    # The portal
    "portal:home": everyone(OK),
    "portal:dashboard": signed_in(OK),
    "portal:quick-exit": everyone(to(settings.QUICK_EXIT_URL)),
    "notifications:inbox": signed_in(OK),
    "notifications:message": owner_only(),
    # Profile and people
    "accounts:profile": signed_in(OK),
    "accounts:set-language": everyone(POST_ONLY),
    "accounts:people": admins_only(),
    "accounts:person": admins_only(),
    "accounts:reset-mfa": admins_only(POST_ONLY),
    # Organisations: the applicant owns one, with a member and a pending invitation
    "accounts:organisations": signed_in(OK),
    "accounts:create-organisation": signed_in(OK),
    "accounts:join-organisation": signed_in(OK),
    "accounts:organisation": owner_only(),
    "accounts:invite": owner_only(),
    "accounts:revoke-invitation": signed_in(POST_ONLY),
    "accounts:remove-member": owner_only(),
    "accounts:hand-over-ownership": owner_only(),
    "accounts:leave-organisation": owner_only(),
    # allauth: signing in and up, addresses, passwords
    "account_login": signed_in(to("portal:dashboard"), anonymous=OK),
    "account_logout": signed_in(OK, anonymous=to("portal:home")),
    "account_inactive": everyone(OK),
    "account_signup": signed_in(to("portal:dashboard"), anonymous=OK),
    "account_confirm_login_code": signed_in(to("portal:dashboard")),  # no code login under way
    "account_email": signed_in(OK),
    "account_email_verification_sent": signed_in(to("account_email")),  # no verification under way
    "account_change_password": signed_in(OK),
    "account_set_password": signed_in(to("account_change_password")),  # they have one
    "account_reset_password": everyone(OK),
    "account_confirm_password_reset_code": everyone(TO_LOGIN),  # no reset under way
    "account_complete_password_reset": everyone(to("account_reset_password")),
    "account_password_reset_completed": everyone(OK),
    # Re-authentication: the password or the second factor, never a code sent by email
    "account_reauthenticate": signed_in(OK),
    "account_request_reauthentication_code": signed_in(FORBIDDEN),
    "account_confirm_reauthentication_code": signed_in(FORBIDDEN),
    "usersessions_list": signed_in(OK),
    # Two-factor authentication. The applicant, reviewer, staff and admin have an authenticator
    # app and recovery codes; only the applicant has a passkey; the other applicant has nothing.
    "mfa_index": signed_in(OK),
    "mfa_authenticate": signed_in(to("portal:dashboard")),  # no sign-in under way
    "mfa_reauthenticate": (TO_LOGIN, OK, to("account_reauthenticate"), OK, OK, OK),
    "mfa_activate_totp": (TO_LOGIN, HAS_ONE, OK, HAS_ONE, HAS_ONE, HAS_ONE),
    "mfa_deactivate_totp": (TO_LOGIN, OK, NOT_FOUND, OK, OK, OK),
    "mfa_view_recovery_codes": (TO_LOGIN, OK, NOT_FOUND, OK, OK, OK),
    "mfa_download_recovery_codes": (TO_LOGIN, OK, NOT_FOUND, OK, OK, OK),
    "mfa_generate_recovery_codes": signed_in(OK),  # the form refuses without an authenticator
    "mfa_list_webauthn": signed_in(OK),
    "mfa_add_webauthn": signed_in(OK),
    "mfa_edit_webauthn": owner_only(),
    "mfa_remove_webauthn": owner_only(),
    "mfa_reauthenticate_webauthn": (TO_LOGIN, OK, NO_PASSKEY, NO_PASSKEY, NO_PASSKEY, NO_PASSKEY),
    "mfa_login_webauthn": signed_in(to("portal:dashboard")),
    # Calls for proposals: the builder, for the staff who run a call (admins: every call)...
    "grants:rfps": (TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK),
    "grants:create-rfp": (TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK),
    "grants:rfp": staff_only(),
    "grants:rfp-settings": staff_only(),
    "grants:rfp-texts": staff_only(),
    "grants:preview": staff_only(),
    "grants:publish": signed_in(POST_ONLY),  # POST only, for everyone: no call is revealed
    "grants:unpublish": staff_only(),  # asks first, on a page of its own
    "grants:duplicate": signed_in(POST_ONLY),  # POST only, for everyone: no call is revealed
    "grants:rfp-staff": staff_only(NOT_FOUND, as_admin=OK),  # admins attach staff
    "grants:extend-call": staff_only(NOT_FOUND, as_admin=OK),  # admins move a whole call's deadline
    "grants:close-early": staff_only(NOT_FOUND, as_admin=OK),  # ...and close it early, asked first
    "grants:add-section": staff_only(),
    "grants:edit-section": staff_only(),
    "grants:move-section": signed_in(POST_ONLY),  # POST only, for everyone: no call is revealed
    "grants:add-question": staff_only(),
    "grants:edit-question": staff_only(),
    "grants:move-question": signed_in(POST_ONLY),  # POST only, for everyone: no call is revealed
    "grants:retire-question": staff_only(),  # asks first, on a page of its own
    "grants:remove-choice": staff_only(),  # asks first, on a page of its own
    # ...a call's applications, and the staff page of a submitted one (in portal), for its staff...
    "grants:staff-applications": staff_only(),
    "grants:staff-applications-export": staff_only(),  # signed in just now: no second password asked
    "grants:staff-drafts": staff_only(),
    "grants:extend-draft": staff_only(),
    "grants:extend-country": staff_only(),
    "grants:decide-extension": staff_only(),  # the draft's pending request for more time
    "grants:staff-file": staff_only(),
    "portal:staff-application": staff_only(),
    # ...asking the applicant for more information, reopening sections, notes and versions...
    "grants:staff-ask": staff_only(),
    "grants:staff-reopen": staff_only(),
    "grants:staff-note": staff_only(),
    "grants:staff-versions": staff_only(),
    # ...the applicant's own application...
    "applying:copy-pdf": owner_only(),
    "applying:answer": owner_only(),  # the thread's answer form, on a page of its own too
    "applying:versions": owner_only(),
    "applying:resubmit": signed_in(POST_ONLY),  # POST only, for everyone: no application is revealed
    # ...and the published calls, for everyone
    "calls:open": everyone(OK),
    "calls:call": everyone(OK),
    "calls:questions": everyone(OK),
    # Applying: any applicant may start one (the other applicant too); no one else applies.
    "calls:apply": (TO_LOGIN, OK, OK, NOT_FOUND, NOT_FOUND, NOT_FOUND),
    # ...and an application's pages and files are its owners' alone.
    "applying:application": owner_only(),
    "applying:submit": signed_in(POST_ONLY),  # POST only, for everyone: no application is revealed
    "applying:withdraw": owner_only(),  # asks first, on a page of its own
    "applying:request-extension": owner_only(),
    "applying:section": owner_only(),
    "applying:file": owner_only(),
    "applying:remove-file": owner_only(),  # asks first, on a page of its own
    # Reviewing: the reviewer's submitted review of the applicant's application (read-only, its
    # parts closed), the other reviews (the call allows it); one review for the call's staff; the
    # applicant's released feedback.
    "reviews:score": reviewer_only(),
    "reviews:score-criterion": reviewer_only(to("reviews:score")),
    "reviews:score-overall": reviewer_only(to("reviews:score")),
    "reviews:submit-review": signed_in(POST_ONLY),  # POST only, for everyone: no assignment is revealed
    "reviews:others": reviewer_only(),
    "reviews:staff-review": staff_only(),
    "reviews:reopen-review": staff_only(),  # asks first, on a page of its own
    "reviews:release-feedback": staff_only(),  # asks first, on a page of its own
    "reviews:feedback": owner_only(),
    # The reviewer's assignment (no conflict confirmed), the application as they read it, its
    # PDF and its file: theirs alone.
    "reviews:assignment": reviewer_only(),
    "reviews:application": reviewer_only(),
    "reviews:pdf": reviewer_only(),
    "reviews:file": reviewer_only(),
    # Reviews: a call's reviewers, assignments, conflicts and review round, for its staff
    "reviews:reviewers": staff_only(),
    "reviews:detach-reviewer": signed_in(POST_ONLY),  # POST only, for everyone: no reviewer is revealed
    "reviews:reviewer-exclusions": staff_only(),
    "reviews:assignments": staff_only(),
    "reviews:auto-assign": staff_only(),  # shows its outcome first, on a page of its own
    "reviews:assign": staff_only(),
    "reviews:assignment-due": staff_only(),
    "reviews:reassign": staff_only(),
    "reviews:remove-assignment": staff_only(),  # asks first, on a page of its own
    "reviews:replace": staff_only(),
    "reviews:round": staff_only(),
    "reviews:close-round": staff_only(),  # asks first, on a page of its own
    # Reviews: the staff's list of calls, a call's hub and its rubric, for the staff who run it.
    "reviews:calls": (TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK),
    "reviews:call": staff_only(),
    "reviews:rubric": staff_only(),
    "reviews:add-criterion": staff_only(),
    "reviews:edit-criterion": staff_only(),
    "reviews:move-criterion": signed_in(POST_ONLY),  # POST only, for everyone: no call is revealed
    "reviews:remove-criterion": staff_only(),  # asks first, on a page of its own
    # Reviewing: one's own queue (staff review rapid-response calls), and the applications of a
    # rapid-response call still waiting for a review, for its staff
    "reviews:queue": (TO_LOGIN, NOT_FOUND, NOT_FOUND, OK, OK, OK),
    "reviews:rapid-queue": staff_only(),
    # Reviews: a call's ranking, printed, exported, and one application's reviews compared
    "reviews:ranking": staff_only(),
    "reviews:ranking-print": staff_only(),
    "reviews:ranking-export": staff_only(),  # signed in just now: no second password asked
    "reviews:compare": staff_only(),
    # Awards: the portfolio of the calls staff run (admins: every call), its CSV and open-data
    # exports (signed in just now: no second password asked), and how one award is published
    "awards:portfolio": (TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK),
    "awards:portfolio-export": (TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK),
    "awards:open-data": (TO_LOGIN, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK),
    "awards:publication": staff_only(),
    # Awards: support beside the money, tranches paid, an award closed or cancelled, for the
    # staff who run its call (each page only shows what would be done; its POST asks the
    # password again)...
    "awards:staff-support": staff_only(),
    "awards:staff-support-edit": staff_only(),
    "awards:tranche-paid": staff_only(),
    "awards:close": staff_only(),
    "awards:cancel": staff_only(),
    # ...and the grantee's page of their award, where they ask for support: theirs alone.
    "awards:award": owner_only(),
    "awards:grantee-support": owner_only(),
    # Reports: the grantee writes theirs and downloads its files; the staff who run the call
    # read it and download them
    "awards:report": owner_only(),
    "awards:report-file": owner_only(),
    "awards:staff-report": staff_only(),
    "awards:staff-report-file": staff_only(),
    # Deciding (signed in just now: no second password asked): one application's decision
    # (its award stands, so the page shows it), reversing it, several ticked in the ranking
    # (none ticked here), and the staff hub of one award.
    "awards:decide": staff_only(),
    "awards:reverse": staff_only(),
    "awards:decide-many": staff_only(),
    "awards:staff-award": staff_only(),
    # An award's letters: a new version (POST only, for everyone: no award is revealed), a
    # version downloaded by the staff who run the call, and by the grantee, who accepts it
    "awards:letter-render": signed_in(POST_ONLY),
    "awards:staff-letter": staff_only(),
    "awards:letter": owner_only(),
    "awards:letter-accept": owner_only(),
    **ADMIN_SITE,
}

# A reviewer who has not set up a second factor yet: every page sends them to set one up
# (TO_MFA_SETUP) except these, which answer as shown.
WITHOUT_SECOND_FACTOR_EXEMPT: dict[str, str] = {
    "portal:quick-exit": to(settings.QUICK_EXIT_URL),
    "accounts:set-language": POST_ONLY,
    "account_logout": OK,
    "account_reauthenticate": OK,  # setting up an authenticator may ask for the password
    "account_email": OK,  # allauth adds no authenticator to an account with an unverified address
    "account_email_verification_sent": to("account_email"),
    "mfa_index": OK,
    "mfa_activate_totp": OK,
    "mfa_add_webauthn": OK,
    "mfa_list_webauthn": OK,
    "mfa_generate_recovery_codes": OK,  # the form refuses without an authenticator
    "mfa_reauthenticate": to("account_reauthenticate"),  # nothing to re-authenticate with yet
    "mfa_reauthenticate_webauthn": to("account_reauthenticate"),
    "mfa_deactivate_totp": NOT_FOUND,
    "mfa_view_recovery_codes": NOT_FOUND,
    "mfa_download_recovery_codes": NOT_FOUND,
    "mfa_edit_webauthn": NOT_FOUND,  # the applicant's passkey
    "mfa_remove_webauthn": NOT_FOUND,
    "mfa_authenticate": to("portal:dashboard"),  # ...which sends them to the setup
    "mfa_login_webauthn": to("portal:dashboard"),
}


# --- The URLs, and a world where "applicant" owns what their ids point to ----------------------

URLS = reachable_urls()


def _registered_models() -> dict[str, type]:
    return {f"{model._meta.app_label}/{model._meta.model_name}/": model for model in admin.site._registry}


def admin_model(url: WalkedURL):
    """The model of one of the admin site's model pages (/admin/<app>/<model>/...), else None."""
    if url.namespace != "admin" or len(url.chain) < 3:
        return None
    return _registered_models().get(str(url.chain[1]))


def matrix_key(url: WalkedURL) -> str:
    """The URL's name (`namespace:name`); for the admin site's model pages, their kind."""
    model = admin_model(url)
    if model is not None:
        if url.name is None:
            return "admin:<model>/<id>/"
        return url.name.replace(f"admin:{model._meta.app_label}_{model._meta.model_name}_", "admin:<model>_")
    if url.namespace == "admin" and url.endpoint.callback.__name__ == "catch_all_view":
        return "admin:<any other path>"
    return url.name or url.route


def generic_answer(url: WalkedURL, answer: str) -> str:
    """An answer about one model's page, put as the matrix puts it ("<model>")."""
    model = admin_model(url)
    if model is None:
        return answer
    return answer.replace(f"admin:{model._meta.app_label}_{model._meta.model_name}_", "admin:<model>_")


@dataclass
class World:
    session_keys: dict[str, str]  # role -> the session cookie of its signed-in user
    ids: dict[str, dict[str, int]]  # URL name -> the values of its arguments
    signed_in_at: float
    stored_files: list[str] = field(default_factory=list)  # names in the storage, removed after


def build_world() -> World:
    applicant = UserFactory(roles=[Role.APPLICANT])
    colleague = UserFactory(roles=[Role.APPLICANT])
    organisation = OrganisationFactory(owner=applicant)
    membership = Membership.objects.create(user=colleague, organisation=organisation, role=Membership.Role.MEMBER)
    invitation, _code = accounts.invite(organisation, by=applicant)
    message = notifications.notify(applicant, "accounts/welcome", {}, dedupe_key="access-matrix")
    # The applicant protects the account too: an authenticator app and a passkey.
    applicant.totp_secret = add_totp(applicant)
    passkey = add_passkey(applicant)
    users = {
        "applicant": applicant,
        "another_applicant": UserFactory(roles=[Role.APPLICANT]),
        "reviewer": UserFactory(roles=[Role.REVIEWER]),
        "program_staff": UserFactory(roles=[Role.PROGRAM_STAFF]),
        "admin": UserFactory(roles=[Role.ADMIN]),
        WITHOUT_SECOND_FACTOR: UserFactory(roles=[Role.REVIEWER], totp=False),
    }
    # A published call run by the program-staff member, with a section and a question.
    rfp = RFPFactory(status=RFP.Status.PUBLISHED, staff=[users["program_staff"]], created_by=users["admin"])
    section = SectionFactory(rfp=rfp)
    question = ChoiceQuestionFactory(section=section)
    # A rapid-response call they run too.
    rapid = RFPFactory(
        mechanism=RFP.Mechanism.RAPID_RESPONSE,
        deadline=None,
        status=RFP.Status.PUBLISHED,
        staff=[users["program_staff"]],
        created_by=users["admin"],
    )
    # The applicant's application to it, submitted with a file.
    QuestionFactory(section=section, key="budget", type=Question.Type.FILE)
    application = grants.start_application(rfp, by=applicant)
    attachment = attach(application, "budget")
    grants.submit_application(application, by=applicant)
    # The reviewer's submitted review of it, in a call where reviewers see each other's.
    RFP.objects.filter(pk=rfp.pk).update(reviewers_see_each_other=True)
    criterion = CriterionFactory(rfp=rfp, key="relevance")
    assignment = AssignmentFactory(
        application=application, reviewer=users["reviewer"], no_conflict_confirmed_at=timezone.now()
    )
    review = ReviewFactory(assignment=assignment, submitted=True, feedback="Clearly argued")
    ScoreFactory(review=review, criterion=criterion, value=4)
    # The reviewer is one of the call's reviewers; another declared a conflict with the
    # application (rows of reviewing's other models serve the admin site's pages of one object).
    call_reviewer = CallReviewerFactory(rfp=rfp, reviewer=users["reviewer"])
    conflict = ConflictDeclaration.objects.create(
        rfp=rfp, application=application, reviewer=UserFactory(roles=[Role.REVIEWER]), reason="A former colleague"
    )
    PanelRecommendation.objects.create(application=application, recommendation="fund", recorded_by=users["admin"])
    # The application's award, offered.
    award = AwardFactory(decision__application=application, decision__decided_by=users["admin"])
    # One row of each of awards' other models, for the admin site's pages of one object.
    letter = LetterFactory(award=award)
    requirement = ReportRequirementFactory(award=award)
    # Its report, submitted with a file (stored as core.uploads would leave it).
    report = ReportFactory(requirement=requirement, status=Report.Status.SUBMITTED, submitted_at=timezone.now())
    report_file = ReportFile(report=report, kind="txt", content_type="text/plain", size=6, name="receipts.txt")
    report_file.file.save("upload.txt", ContentFile(b"Rent 1"), save=False)
    report_file.save()
    tranche = TrancheFactory(award=award)
    support = SupportCommitmentFactory(award=award)
    # ...and a draft to it, with a file (stored as core.uploads would leave it).
    draft = ApplicationFactory(rfp=rfp, applicant=applicant, status=Application.Status.DRAFT, country="SN")
    draft_file = Attachment(
        application=draft,
        question_key="budget",
        kind="txt",
        content_type="text/plain",
        size=6,
        name="budget.txt",
        uploaded_by=applicant,
    )
    draft_file.file.save("upload.txt", ContentFile(b"Rent 1"), save=False)
    draft_file.save()
    # The reviewer reviewed the submitted application (the admin site's reviews pages need one
    # of each), another declared a conflict, and the panel recommended it.
    # ...for which the applicant asked for more time.
    grants.request_extension(draft, rfp.deadline + timedelta(days=7), "A shutdown", by=applicant)
    for user in users.values():
        if user.totp_secret:
            RecoveryCodes.activate(user)  # as allauth does when an app is set up
    session_keys = {}
    for role, user in users.items():
        client = Client()
        response = sign_in(client, user)
        landed = resolve(urlsplit(response.headers.get("Location", "")).path).view_name
        assert (response.status_code, landed) == (302, "portal:dashboard"), (role, response.status_code, landed)
        client.get(response.headers["Location"])  # lands, as a person does: the sign-in message is read
        session_keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    ids = {
        "accounts:person": {"pk": applicant.pk},
        "accounts:reset-mfa": {"pk": applicant.pk},
        "accounts:organisation": {"pk": organisation.pk},
        "accounts:invite": {"pk": organisation.pk},
        "accounts:leave-organisation": {"pk": organisation.pk},
        "accounts:revoke-invitation": {"pk": organisation.pk, "invitation_pk": invitation.pk},
        "accounts:remove-member": {"pk": organisation.pk, "membership_pk": membership.pk},
        "accounts:hand-over-ownership": {"pk": organisation.pk, "membership_pk": membership.pk},
        "notifications:message": {"pk": message.pk},
        **{name: {"pk": rfp.pk} for name in RFP_PAGES},
        "grants:edit-section": {"pk": rfp.pk, "section_pk": section.pk},
        "grants:move-section": {"pk": rfp.pk, "section_pk": section.pk},
        "grants:add-question": {"pk": rfp.pk, "section_pk": section.pk},
        "grants:edit-question": {"pk": rfp.pk, "question_pk": question.pk},
        "grants:move-question": {"pk": rfp.pk, "question_pk": question.pk},
        "grants:retire-question": {"pk": rfp.pk, "question_pk": question.pk},
        "grants:remove-choice": {"pk": rfp.pk, "question_pk": question.pk, "key": question.choices[0]},
        "grants:staff-applications": {"pk": rfp.pk},
        "grants:staff-applications-export": {"pk": rfp.pk},
        "grants:staff-drafts": {"pk": rfp.pk},
        "grants:extend-country": {"pk": rfp.pk},
        **{
            name: {"pk": rfp.pk, "public_id": draft.public_id}
            for name in ("grants:extend-draft", "grants:decide-extension")
        },
        "grants:staff-file": {"pk": rfp.pk, "public_id": application.public_id, "file_id": attachment.public_id},
        "portal:staff-application": {"public_id": application.public_id},
        **{
            name: {"pk": rfp.pk, "public_id": application.public_id}
            for name in ("grants:staff-ask", "grants:staff-reopen", "grants:staff-note", "grants:staff-versions")
        },
        **{
            name: {"public_id": application.public_id}
            for name in ("applying:answer", "applying:versions", "applying:resubmit")
        },
        "applying:copy-pdf": {"public_id": application.public_id},
        **{
            name: {"public_id": assignment.public_id}
            for name in ("reviews:score", "reviews:score-overall", "reviews:submit-review", "reviews:others")
        },
        "reviews:score-criterion": {"public_id": assignment.public_id, "key": criterion.key},
        **{
            name: {"pk": rfp.pk, "review_pk": review.pk}
            for name in ("reviews:staff-review", "reviews:reopen-review", "reviews:release-feedback")
        },
        "reviews:feedback": {"public_id": application.public_id},
        "reviews:rapid-queue": {"pk": rapid.pk},
        **{name: {"pk": rfp.pk} for name in ("reviews:ranking", "reviews:ranking-print", "reviews:ranking-export")},
        "reviews:compare": {"pk": rfp.pk, "public_id": application.public_id},
        "awards:publication": {"public_id": award.public_id},
        **{
            name: {"public_id": award.public_id}
            for name in (
                "awards:staff-support",
                "awards:close",
                "awards:cancel",
                "awards:award",
                "awards:grantee-support",
            )
        },
        "awards:staff-support-edit": {"public_id": award.public_id, "support_id": support.public_id},
        "awards:tranche-paid": {"public_id": award.public_id, "tranche_id": tranche.pk},
        **{
            name: {"public_id": award.public_id, "pk": requirement.pk}
            for name in ("awards:report", "awards:staff-report")
        },
        **{
            name: {"public_id": award.public_id, "pk": requirement.pk, "file_id": report_file.public_id}
            for name in ("awards:report-file", "awards:staff-report-file")
        },
        "awards:staff-award": {"public_id": award.public_id},
        **{name: {"public_id": application.public_id} for name in ("awards:decide", "awards:reverse")},
        "awards:decide-many": {"pk": rfp.pk},
        "awards:letter-render": {"public_id": award.public_id},
        **{
            name: {"public_id": letter.public_id}
            for name in ("awards:staff-letter", "awards:letter", "awards:letter-accept")
        },
        "calls:call": {"pk": rfp.pk},
        **{name: {"pk": rfp.pk} for name in ("reviews:call", "reviews:rubric", "reviews:add-criterion")},
        **{
            name: {"pk": rfp.pk, "criterion_pk": criterion.pk}
            for name in ("reviews:edit-criterion", "reviews:move-criterion", "reviews:remove-criterion")
        },
        "calls:questions": {"pk": rfp.pk},
        "calls:apply": {"pk": rfp.pk},
        **{
            name: {"public_id": draft.public_id}
            for name in ("applying:application", "applying:submit", "applying:withdraw", "applying:request-extension")
        },
        "applying:section": {"public_id": draft.public_id, "section_pk": section.pk},
        "applying:file": {"public_id": draft.public_id, "file_id": draft_file.public_id},
        "applying:remove-file": {"public_id": draft.public_id, "file_id": draft_file.public_id},
        **{
            name: {"public_id": assignment.public_id}
            for name in ("reviews:assignment", "reviews:application", "reviews:pdf")
        },
        "reviews:file": {"public_id": assignment.public_id, "file_id": attachment.public_id},
        **{name: {"pk": rfp.pk} for name in ("reviews:reviewers", "reviews:assignments", "reviews:auto-assign")},
        **{name: {"pk": rfp.pk} for name in ("reviews:round", "reviews:close-round")},
        **{
            name: {"pk": rfp.pk, "reviewer_pk": call_reviewer.pk}
            for name in ("reviews:detach-reviewer", "reviews:reviewer-exclusions")
        },
        "reviews:assign": {"pk": rfp.pk, "public_id": application.public_id},
        **{
            name: {"pk": rfp.pk, "public_id": assignment.public_id}
            for name in ("reviews:assignment-due", "reviews:reassign", "reviews:remove-assignment")
        },
        "reviews:replace": {"pk": rfp.pk, "conflict_pk": conflict.pk},
        "mfa_edit_webauthn": {"pk": passkey.pk},
        "mfa_remove_webauthn": {"pk": passkey.pk},
        "admin:view_on_site": {
            "content_type_id": ContentType.objects.get_for_model(organisation).pk,
            "object_id": organisation.pk,
        },
    }
    # The admin site's pages of one object: a real object of their model (sign-ins made the
    # audit events and sessions).
    for url in URLS:
        model = admin_model(url)
        if model is not None and "object_id" in url.argument_names:
            instance = model._default_manager.order_by("pk").first()
            assert instance is not None, f"the access matrix needs a {model.__name__} for {url.route}"
            ids[url.name or url.route] = {"object_id": instance.pk}
    return World(
        session_keys=session_keys,
        ids=ids,
        signed_in_at=time.time(),
        stored_files=[attachment.file.name, letter.file.name, report_file.file.name],
    )


@contextmanager
def built_world():
    """`build_world()` in a transaction rolled back at the end, its stored files removed."""
    with transaction.atomic():
        world = build_world()
        try:
            yield world
        finally:
            transaction.set_rollback(True)
            for name in world.stored_files:
                default_storage.delete(name)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built and signed in once for the whole matrix, in a transaction rolled back at the end.
    Each test runs in its own savepoint inside it (pytest-django's `db`), so whatever one GET
    changes (a message read, a session ended by the quick exit) is undone before the next."""
    with django_db_blocker.unblock(), built_world() as world:
        yield world


def path_of(url: WalkedURL, world: World) -> str:
    return url.path(**world.ids.get(url.name or url.route, {}))


# --- Asking, and naming the answer -------------------------------------------------------------


def outcome(response) -> str:
    if response.status_code not in (301, 302):
        return str(response.status_code)
    location = urlsplit(response["Location"])
    if location.netloc and location.netloc != "testserver":
        return to(response["Location"])
    try:
        target = resolve(location.path).view_name
    except Resolver404:
        return to(location.path)
    return {
        "account_login": TO_LOGIN,
        "mfa_activate_totp": TO_MFA_SETUP,
        "mfa_authenticate": TO_MFA_AUTHENTICATION,
    }.get(target, to(target))


def answer_to_get(client: Client, path: str) -> str:
    response = client.get(path)
    # The admin site's own login only relays to the portal's (or answers 404 to anyone signed
    # in): the matrix says where the visitor ends up.
    if response.status_code == 302 and resolve(urlsplit(response["Location"]).path).view_name == "admin:login":
        response = client.get(response["Location"])
    return outcome(response)


def expected(url: WalkedURL, role: str) -> str:
    key = matrix_key(url)
    if key not in MATRIX:
        pytest.fail(
            f"classify {url.route} ({key}) in the access matrix: add a row to MATRIX in "
            f"tests/accounts/test_access_matrix.py saying what each role gets"
        )
    if role == WITHOUT_SECOND_FACTOR:
        return WITHOUT_SECOND_FACTOR_EXEMPT.get(key, TO_MFA_SETUP)
    return MATRIX[key][ROLES.index(role)]


# --- The tests -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", EVERY_ROLE)
@pytest.mark.parametrize("url", URLS, ids=[url.name or url.route for url in URLS])
def test_each_role_gets_what_the_access_matrix_says(url, role, world, db):
    want = expected(url, role)
    # Pages that ask for a fresh proof of identity count the sign-in for a few minutes.
    assert time.time() - world.signed_in_at < account_settings.REAUTHENTICATION_TIMEOUT, "the matrix ran too long"
    client = Client()
    if role != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.session_keys[role]
    path = path_of(url, world)
    assert generic_answer(url, answer_to_get(client, path)) == want, f"GET {path} as {role} ({matrix_key(url)})"


def test_the_matrix_and_its_exemptions_name_only_urls_that_exist():
    keys = {matrix_key(url) for url in URLS}
    assert not set(MATRIX) - keys, "rows for URLs that no longer exist"
    assert not set(WITHOUT_SECOND_FACTOR_EXEMPT) - keys, "exemptions for URLs that no longer exist"


def test_the_paths_with_real_ids_resolve_to_their_own_pattern(world, db):
    for url in URLS:
        path = path_of(url, world)
        assert resolve(path).func == url.endpoint.callback, path


def test_no_one_but_the_owner_gets_a_page_of_the_applicants_things():
    """Every portal URL that takes an id points to the applicant's: nobody else signed in (but
    an admin on the people pages) may get it."""
    for url in URLS:
        # Calls are run by their staff (grants:) or public once published (calls:); the staff page
        # of an application is for the staff who run its call.
        if url.namespace in ("admin", "grants", "calls") or not url.argument_names:
            continue
        # The pages of a call's reviews are its staff's too.
        if url.name in STAFF_PAGES | REVIEWS_STAFF_PAGES | CALL_REVIEW_PAGES:
            continue
        if url.name in REVIEWER_PAGES:  # the reviewer's assignment: the test above shows no one else gets it
            continue
        if matrix_key(url) not in MATRIX:
            continue  # unclassified: the matrix test says so
        row = dict(zip(ROLES, MATRIX[matrix_key(url)], strict=True))
        others = ["another_applicant", "reviewer", "program_staff"]
        if not url.name.startswith("accounts:person"):
            others.append("admin")
        assert all(row[role] != OK for role in others), (url.name, row)
