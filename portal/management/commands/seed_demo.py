"""Demo accounts and calls for trying the portal on one machine. Idempotent; refuses to run in production."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from accounts import services
from accounts.models import User
from accounts.roles import Role
from awards.models import Award
from portal.demo_applications import seed_applications
from portal.demo_awards import seed_awards
from portal.demo_calls import seed_calls
from portal.demo_deadlines import seed_extension, seed_extension_request
from portal.demo_reviews import seed_more_applications, seed_reviewers, seed_reviews
from portal.demo_rubric import seed_rubric

DEMO_PASSWORD = "demo-password-2026"
# Published, like the password: a newcomer types one into any authenticator app to sign in as
# the demo reviewer, staff member or admin (their roles require two-factor authentication).
DEMO_TOTP_SECRETS = {
    "reviewer@example.org": "DEMOREVIEWERKEYDEMOREVIEWERKEYAA",
    "reviewer2@example.org": "DEMOSECONDREVIEWERKEYDEMOSECONDR",
    "staff@example.org": "DEMOSTAFFKEYDEMOSTAFFKEYDEMOSTAF",
    "admin@example.org": "DEMOADMINKEYDEMOADMINKEYDEMOADMI",
}
DEMO_USERS = [
    ("applicant@example.org", "Amina Haddad", [Role.APPLICANT]),
    ("applicant2@example.org", "Demo Applicant Two", [Role.APPLICANT]),
    ("applicant3@example.org", "Demo Applicant Three", [Role.APPLICANT]),
    ("reviewer@example.org", "Rafael Ortiz", [Role.REVIEWER]),
    ("reviewer2@example.org", "Demo Reviewer Two", [Role.REVIEWER]),
    ("staff@example.org", "Sophie Martin", [Role.PROGRAM_STAFF]),
    ("admin@example.org", "Admin", [Role.ADMIN]),
]

DEMO_APPLICANTS = [email for email, _name, roles in DEMO_USERS if roles == [Role.APPLICANT]]
DEMO_REVIEWERS = [email for email, _name, roles in DEMO_USERS if roles == [Role.REVIEWER]]


class Command(BaseCommand):
    help = (
        "Create demo accounts (three applicants, two reviewers, a program-staff member and an admin) "
        "and two published calls run by the staff member, with the applicant's draft to one and "
        "submitted applications to the other, reviewed in part and decided on: two awards (the "
        "applicant's active, with a tranche paid and a report sent back; another offered) and a decline."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates accounts with a published password: it runs only with DEBUG on.")
        with transaction.atomic():
            for email, name, roles in DEMO_USERS:
                user = User.objects.filter(email=email).first()
                if user is None:
                    user = User.objects.create_user(email, DEMO_PASSWORD, name=name)
                    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                # The authenticator before the role: privileged roles go only to accounts with MFA.
                if email in DEMO_TOTP_SECRETS and not self.totp_of(user):
                    TOTP.activate(user, DEMO_TOTP_SECRETS[email])
                for role in roles:
                    if not user.has_role(role):
                        services.grant_role(user, role, by=None)
            calls = seed_calls(
                staff=User.objects.get(email="staff@example.org"),
                created_by=User.objects.get(email="admin@example.org"),
            )
            applications = seed_applications(User.objects.get(email="applicant@example.org"), *calls)
            seed_extension(calls[0], by=User.objects.get(email="admin@example.org"))
            for rfp in calls:
                seed_rubric(rfp, by=User.objects.get(email="staff@example.org"))
            for application in applications:
                seed_extension_request(application, by=User.objects.get(email="applicant@example.org"))
            awards = self.seed_reviewing(calls, applications, staff=User.objects.get(email="staff@example.org"))
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for email, _name, roles in DEMO_USERS:
            line = f"  {roles[0].label:<14} {email:<24}"
            totp = self.totp_of(User.objects.get(email=email))
            if totp is not None:
                line += f" authenticator app key: {decrypt(totp.data['secret'])}"
            self.stdout.write(line.rstrip())
        self.stdout.write(
            "Reviewers, staff and admins sign in with a code: add the key above to any authenticator app "
            "(it is a TOTP key: 6 digits, every 30 seconds)."
        )
        self.stdout.write(
            "Published calls, run by staff@example.org: " + ", ".join(f"/calls/{rfp.pk}/" for rfp in calls)
        )
        for application in applications:
            what = application.reference or application.get_status_display().lower()
            self.stdout.write(f"  applicant@example.org: {what} to /calls/{application.rfp_id}/")
        for award in awards:
            applicant = award.application.applicant.email
            self.stdout.write(
                f"  {applicant}: award {award.reference}, {award.get_status_display().lower()}, "
                f"at {reverse('awards:award', args=[award.public_id])}"
            )

    @staticmethod
    def seed_reviewing(calls, applications, *, staff: User) -> list[Award]:
        """The rapid-response call reviewed in part, then decided on: its awards."""
        accounts = {user.email: user for user in User.objects.filter(email__in=DEMO_REVIEWERS + DEMO_APPLICANTS)}
        seed_reviewers(calls, [accounts[email] for email in DEMO_REVIEWERS], by=staff)
        rapid = calls[1]
        others = seed_more_applications([accounts[email] for email in DEMO_APPLICANTS[1:]], rapid)
        own = [application for application in applications if application.rfp_id == rapid.pk]
        seed_reviews(own + others, accounts, by=staff)
        return seed_awards(
            {application.applicant.email: application for application in own + others}, accounts, by=staff
        )

    @staticmethod
    def totp_of(user: User) -> Authenticator | None:
        return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
