"""Two-factor authentication (allauth.mfa): the neutral names an authenticator shows, which
authenticators a privileged account may remove, and the guard against a TOTP code used twice.

allauth refuses a TOTP code that was already accepted by keeping a marker per user and code in
the cache (`TOTP._mark_code_used`, `cache.add`); our cache is the database, shared by every web
process, so the refusal holds across processes. Two gaps are closed here and in the settings:
the code that activates the app was never marked (it could sign in again within its window),
and the database cache's culling could erase live markers (CACHES' MAX_ENTRIES).
"""

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.webauthn.forms import AddWebAuthnForm as AllauthAddWebAuthnForm
from allauth.mfa.webauthn.forms import EditWebAuthnForm as AllauthEditWebAuthnForm
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User

# The authenticators that are a second factor by themselves (recovery codes only stand in).
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def has_second_factor(user: User) -> bool:
    return Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exists()


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your role requires two-factor authentication: add another authenticator app or passkey "
            "before removing this one."
        ),
    }

    def get_totp_issuer(self) -> str:
        return settings.PORTAL_PUBLIC_NAME

    def get_totp_label(self, user) -> str:
        # A seized phone's authenticator app lists its accounts: an account number, not the
        # person's email address.
        return _("account %(number)s") % {"number": user.pk}

    def get_public_key_credential_rp_entity(self) -> dict[str, str]:
        # The name a passkey manager shows next to the saved passkey: the neutral one.
        return {**super().get_public_key_credential_rp_entity(), "name": settings.PORTAL_PUBLIC_NAME}

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        """Reviewers, staff and admins keep at least one second factor."""
        user = User.objects.get(pk=authenticator.user_id)
        if authenticator.type not in SECOND_FACTORS or not user.is_privileged:
            return True
        others = Authenticator.objects.filter(user_id=user.pk, type__in=SECOND_FACTORS).exclude(pk=authenticator.pk)
        return others.exists()


class ActivateTOTPForm(AllauthActivateTOTPForm):
    """The code that proved the app works is spent: marked used in the shared cache, as a code
    used to sign in is, so whoever watched it being typed cannot sign in with it."""

    def clean_code(self) -> str:
        code = super().clean_code()
        TOTP(Authenticator(user_id=self.user.pk, type=Authenticator.Type.TOTP))._mark_code_used(code)
        return code


class AddWebAuthnForm(AllauthAddWebAuthnForm):
    """allauth leaves the passkey's name labelled with Django's untranslated "Name"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the passkey")


class EditWebAuthnForm(AllauthEditWebAuthnForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name of the passkey")
