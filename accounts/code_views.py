"""The pages where a code sent by email is typed, as allauth runs them, but for what they say
after the last wrong code: allauth says the account is locked, when only that code has stopped
working (the account never is)."""

from allauth.account.views import ConfirmEmailVerificationCodeView, ConfirmPasswordResetCodeView
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic.edit import FormView


class ConfirmResetCodeView(ConfirmPasswordResetCodeView):
    def form_invalid(self, form):
        if self._process.record_invalid_attempt():
            return FormView.form_invalid(self, form)  # the page again, with the error
        # allauth has dropped the reset under way: a new one starts where the address is typed.
        messages.error(
            self.request, _("That code was entered wrongly too many times and no longer works. Ask for a new code.")
        )
        return HttpResponseRedirect(self.passthrough_next_url(reverse("account_reset_password")))


class ConfirmVerificationCodeView(ConfirmEmailVerificationCodeView):
    def _verify_form_invalid(self, form):
        if self._process.record_invalid_attempt():
            return FormView.form_invalid(self, form)
        # allauth has dropped the verification under way; signing in sends a new code, once the
        # per-address wait between two codes (ACCOUNT_RATE_LIMITS["confirm_email"]) is over.
        messages.error(
            self.request,
            _(
                "That code was entered wrongly too many times and no longer works. Sign in again in a few "
                "minutes: a new code will be sent."
            ),
        )
        return HttpResponseRedirect(reverse("account_login"))


confirm_reset_code = ConfirmResetCodeView.as_view()
confirm_verification_code = ConfirmVerificationCodeView.as_view()
