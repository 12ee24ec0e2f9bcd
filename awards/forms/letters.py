"""The grantee's acceptance of one version of their letter: their full name, and the hash of the
version the page showed them (so a version that changed since is refused, not accepted)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.letters import NAME_MAX


class AcceptLetterForm(forms.Form):
    full_name = forms.CharField(
        label=_("Your full name"),
        max_length=NAME_MAX,
        help_text=_("Typing your full name accepts this version of the letter."),
        error_messages={"required": _("Type your full name to accept the letter.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    sha256 = forms.CharField(max_length=64, widget=forms.HiddenInput)
