import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from notifications import services as notifications

from .models import User
from .roles import Role


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Too many failed attempts to sign in to this account. For its safety it is locked for "
            "a few minutes: try again in 5 minutes, or reset your password."
        ),
    }

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A sign-in in the last few minutes (ACCOUNT_REAUTHENTICATION_TIMEOUT) counts as a fresh
        proof, as a re-authentication would: a reviewer sent to set up two-factor authentication
        right after signing in is not asked for the password a second time. allauth alone counts
        only explicit re-authentications."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = self.request
        if request is None or not request.user.is_authenticated:
            return True
        records = get_authentication_records(request, request.user)
        latest = max((record.get("at", 0) for record in records), default=0)
        return time.time() - latest >= account_settings.REAUTHENTICATION_TIMEOUT

    def add_message(self, request, level, message_template=None, message_context=None, extra_tags="", message=None):
        """A message is read on the next page, which a user just signed in reads in their own
        language (the sign-in itself was answered in the visitor's)."""
        user = getattr(request, "user", None)
        language = user.language if user is not None and user.is_authenticated else translation.get_language()
        with translation.override(language or settings.LANGUAGE_CODE):
            super().add_message(request, level, message_template, message_context, extra_tags, message)

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        # The language the visitor was reading in becomes their account's language.
        language = translation.get_language() or settings.LANGUAGE_CODE
        user.language = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        if commit:
            user.save()
            user.groups.add(Group.objects.get(name=Role.APPLICANT.value))
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Every account email (codes, resets, security notices) goes through the outbox,
        rendered from our neutral templates in the recipient's language."""
        recipient = context.get("user")
        if not isinstance(recipient, User):
            recipient = User.objects.filter(email__iexact=email).first()
        language = recipient.language if recipient else translation.get_language()
        with translation.override(language or settings.LANGUAGE_CODE):
            message = self.render_mail(template_prefix, email, {"email": email, **context})
            html = next(
                (body for body, mimetype in getattr(message, "alternatives", []) if mimetype == "text/html"), ""
            )
            notifications.queue_email(
                email,
                subject=message.subject,
                text=message.body,
                html=html,
                template=template_prefix.removeprefix("account/email/"),
                recipient=recipient,
            )
