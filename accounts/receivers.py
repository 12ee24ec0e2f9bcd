"""What happens on account events: a trace in the audit log (details hold ids only, never an
address), and the idle clock, which starts at sign-in."""

from allauth.account.signals import (
    email_changed,
    email_confirmed,
    password_changed,
    password_reset,
    user_signed_up,
)
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone

from audit import services as audit
from notifications import services as notifications

from .middleware import LAST_SEEN_KEY


@receiver(user_logged_in)
def record_login(sender, request, user, **kwargs):
    audit.record(user, "account.login", user)


@receiver(user_logged_in)
def start_idle_clock(sender, request, user, **kwargs):
    """Idle time counts from sign-in, not from the first page after it."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = timezone.now().timestamp()


@receiver(user_logged_out)
def record_logout(sender, request, user, **kwargs):
    if user is not None:
        audit.record(user, "account.logout", user)


@receiver(user_login_failed)
def record_login_failed(sender, credentials, request=None, **kwargs):
    email = (credentials.get("email") or credentials.get("username") or "").strip().lower()
    target = get_user_model().objects.filter(email=email).first() if email else None
    # Attempts on unknown addresses are counted without the address itself.
    audit.record(None, "account.login_failed", target, detail={"known_account": target is not None})


@receiver(user_signed_up)
def record_signup(sender, request, user, **kwargs):
    audit.record(user, "account.signed_up", user)


@receiver(email_confirmed)
def record_email_confirmed(sender, request, email_address, **kwargs):
    user = email_address.user
    audit.record(user, "account.email_verified", user)
    # The first verified address opens the account: one welcome message, ever.
    notifications.notify(user, "accounts/welcome", {}, dedupe_key=f"accounts.welcome:{user.pk}")


@receiver(email_changed)
def record_email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    # allauth (with ACCOUNT_CHANGE_EMAIL) also sends this when the first address of a new
    # account is verified: that is no change.
    if from_email_address is not None:
        audit.record(user, "account.email_changed", user)


@receiver(password_changed)
def record_password_changed(sender, request, user, **kwargs):
    audit.record(user, "account.password_changed", user)


@receiver(password_reset)
def record_password_reset(sender, request, user, **kwargs):
    audit.record(user, "account.password_reset", user)


# Two-factor authentication: what was added, removed or regenerated, and failed attempts, by
# authenticator id and type only.
@receiver(mfa_signals.authenticator_added)
def record_authenticator_added(sender, request, user, authenticator, **kwargs):
    audit.record(user, "mfa.authenticator_added", user, detail=mfa_detail(authenticator))


@receiver(mfa_signals.authenticator_removed)
def record_authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit.record(user, "mfa.authenticator_removed", user, detail=mfa_detail(authenticator))


@receiver(mfa_signals.authenticator_reset)
def record_recovery_codes_generated(sender, request, user, authenticator, **kwargs):
    audit.record(user, "mfa.recovery_codes_generated", user, detail=mfa_detail(authenticator))


@receiver(mfa_signals.authentication_failed)
def record_mfa_failed(sender, request, user, authenticator, reauthentication=False, **kwargs):
    # At sign-in nobody is signed in yet: the attempt has no actor, only a target.
    actor = user if reauthentication else None
    detail = {**mfa_detail(authenticator), "reauthentication": bool(reauthentication)}
    audit.record(actor, "mfa.failed", user, detail=detail)


@receiver(pre_delete, sender=Authenticator)
def remember_authenticator_id(sender, instance, **kwargs):
    """Django clears an instance's id once deleted; the audit event of its removal still names it."""
    instance.deleted_pk = instance.pk


def mfa_detail(authenticator) -> dict:
    pk = authenticator.pk if authenticator.pk is not None else getattr(authenticator, "deleted_pk", None)
    return {"authenticator": pk, "type": authenticator.type}
