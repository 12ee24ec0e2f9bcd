"""The conflict-of-interest question an assignment opens with."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.conflicts import REASON_MAX


class ConflictForm(forms.Form):
    reason = forms.CharField(
        label=_("What is the conflict?"),
        help_text=_("Only the call's staff read this. It is not shown to the applicant or to other reviewers."),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        error_messages={"required": _("Say what the conflict is: only the call's staff read it.")},
    )
