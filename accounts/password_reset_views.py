"""Password reset by code, as allauth runs it, but for what the page says after the last wrong
code: allauth says the account is locked, when only that code has stopped working."""

from allauth.account.views import ConfirmPasswordResetCodeView
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic.edit import FormView


class ConfirmCodeView(ConfirmPasswordResetCodeView):
    def form_invalid(self, form):
        if self._process.record_invalid_attempt():
            return FormView.form_invalid(self, form)  # the page again, with the error
        # allauth has dropped the reset under way: a new one starts where the address is typed.
        messages.error(
            self.request, _("That code was entered wrongly too many times and no longer works. Ask for a new code.")
        )
        return HttpResponseRedirect(self.passthrough_next_url(reverse("account_reset_password")))


confirm_code = ConfirmCodeView.as_view()
