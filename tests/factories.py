import hashlib
import os
import time
from datetime import timedelta
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from allauth.mfa.webauthn.internal.auth import WebAuthn
from cryptography.hazmat.primitives.asymmetric import ec
from django.contrib.auth.models import Group
from django.utils import timezone
from fido2.cose import ES256
from fido2.utils import websafe_encode
from fido2.webauthn import Aaguid, AttestationObject, AttestedCredentialData, AuthenticatorData, CollectedClientData

from accounts.models import Membership, Organisation, User
from accounts.roles import PRIVILEGED_ROLES, Role
from grants.models import RFP, Application, Question, Section

PASSWORD = "correct-horse-battery-2026"


def add_totp(user: User, secret: str | None = None) -> str:
    """Give `user` an authenticator app, as after setting it up; returns its secret."""
    secret = secret or generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def add_passkey(user: User, name: str = "Amina's phone", *, rp_id: str = "localhost") -> Authenticator:
    """Give `user` a passkey, stored as allauth stores one it registered (a well-formed
    credential with a fresh key, "none" attestation); it cannot sign in, as no test holds its key."""
    credential_id = os.urandom(16)
    public_key = ES256.from_cryptography_key(ec.generate_private_key(ec.SECP256R1()).public_key())
    authenticator_data = AuthenticatorData.create(
        hashlib.sha256(rp_id.encode()).digest(),
        AuthenticatorData.FLAG.UP | AuthenticatorData.FLAG.AT,
        0,
        AttestedCredentialData.create(Aaguid.NONE, credential_id, public_key),
    )
    client_data = CollectedClientData.create(type="webauthn.create", challenge=os.urandom(16), origin=f"http://{rp_id}")
    credential = {
        "id": websafe_encode(credential_id),
        "rawId": websafe_encode(credential_id),
        "type": "public-key",
        "response": {
            "clientDataJSON": websafe_encode(client_data),
            "attestationObject": websafe_encode(AttestationObject.create("none", authenticator_data, {})),
        },
        "clientExtensionResults": {"credProps": {"rk": True}},
    }
    return WebAuthn.add(user, name, credential).instance


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app shows for `secret` now (or at the instant `at`)."""
    counter = int(time.time() if at is None else at) // mfa_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


class UserFactory(factory.django.DjangoModelFactory):
    """A signed-up applicant with a verified address, as after sign-up and the code.

    Reviewers, staff and admins get an authenticator app (their role requires one; its secret is
    `user.totp_secret`) unless made with `totp=False`."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        self.save()
        EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
        for role in extracted or [Role.APPLICANT]:
            self.groups.add(Group.objects.get(name=role.value))
            if role == Role.ADMIN:
                self.is_staff = self.is_superuser = True
                self.save(update_fields=["is_staff", "is_superuser"])
        self.__dict__.pop("roles", None)

    @factory.post_generation
    def totp(self, create, extracted, **kwargs):
        wanted = bool(self.roles & PRIVILEGED_ROLES) if extracted is None else extracted
        self.totp_secret = add_totp(self) if create and wanted else None


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation; `OrganisationFactory(owner=user)` makes `user` its owner."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Defenders Collective {n}")
    country = "KE"
    kind = Organisation.Kind.INFORMAL

    @factory.post_generation
    def owner(self, create, extracted, **kwargs):
        if create and extracted is not None:
            Membership.objects.create(user=extracted, organisation=self, role=Membership.Role.OWNER)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class RFPFactory(factory.django.DjangoModelFactory):
    """A draft programmatic call in English; `RFPFactory(staff=[user])` lets `user` run it.
    `RFPFactory(status=RFP.Status.PUBLISHED)` for a published one."""

    class Meta:
        model = RFP
        skip_postgeneration_save = True

    mechanism = RFP.Mechanism.PROGRAMMATIC
    texts = factory.Sequence(
        lambda n: {"en": {"title": f"Call {n}", "summary": "Small grants.", "description": "", "eligibility": ""}}
    )
    default_language = "en"
    languages = factory.LazyFunction(lambda: ["en"])
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    currency = "USD"
    min_amount = Decimal(1000)
    max_amount = Decimal(10000)
    budget = Decimal(100000)
    created_by = factory.SubFactory(UserFactory, roles=[Role.ADMIN])

    @factory.post_generation
    def staff(self, create, extracted, **kwargs):
        if create and extracted:
            self.staff.add(*extracted)


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    rfp = factory.SubFactory(RFPFactory)
    position = factory.Sequence(lambda n: n)
    texts = factory.LazyFunction(lambda: {"en": {"title": "About the work", "intro": ""}})


class QuestionFactory(factory.django.DjangoModelFactory):
    """A short-text question in English; its RFP is its section's."""

    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    rfp = factory.LazyAttribute(lambda question: question.section.rfp)
    key = factory.Sequence(lambda n: f"question_{n}")
    type = Question.Type.SHORT_TEXT
    position = factory.Sequence(lambda n: n)
    texts = factory.LazyFunction(lambda: {"en": {"label": "What will you do?", "help": ""}})


class ChoiceQuestionFactory(QuestionFactory):
    """A single-choice question with three choices, labelled in English."""

    type = Question.Type.SINGLE_CHOICE
    choices = factory.LazyFunction(lambda: ["c1", "c2", "c3"])
    texts = factory.LazyFunction(
        lambda: {
            "en": {"label": "Size of the team", "help": "", "choices": {"c1": "Small", "c2": "Medium", "c3": "Large"}}
        }
    )


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft to a call, by an applicant applying as an individual."""

    class Meta:
        model = Application

    rfp = factory.SubFactory(RFPFactory, status=RFP.Status.PUBLISHED, published_at=factory.LazyFunction(timezone.now))
    applicant = factory.SubFactory(UserFactory)
