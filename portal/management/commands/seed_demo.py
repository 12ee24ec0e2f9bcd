"""Demo accounts for trying the portal on one machine. Idempotent; refuses to run in production."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import services
from accounts.models import User
from accounts.roles import Role

DEMO_PASSWORD = "demo-password-2026"
DEMO_USERS = [
    ("applicant@example.org", "Amina Haddad", [Role.APPLICANT]),
    ("reviewer@example.org", "Rafael Ortiz", [Role.REVIEWER]),
    ("staff@example.org", "Sophie Martin", [Role.PROGRAM_STAFF]),
    ("admin@example.org", "Admin", [Role.ADMIN]),
]


class Command(BaseCommand):
    help = "Create demo accounts (an applicant, a reviewer, a program-staff member and an admin)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("seed_demo creates accounts with a published password: it runs only with DEBUG on.")
        with transaction.atomic():
            for email, name, roles in DEMO_USERS:
                user = User.objects.filter(email=email).first()
                if user is None:
                    user = User.objects.create_user(email, DEMO_PASSWORD, name=name)
                    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                for role in roles:
                    if not user.has_role(role):
                        services.grant_role(user, role, by=None)
        self.stdout.write(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
        for email, _name, roles in DEMO_USERS:
            self.stdout.write(f"  {roles[0].label:<14} {email}")
