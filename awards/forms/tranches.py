"""Staff mark a tranche paid (on a day), and cancel an award (with a reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..services.closing import REASON_MAX
from .support import DATE


class MarkPaidForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Paid on"),
        widget=DATE,
        error_messages={"required": _("Say on which day it was paid.")},
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,  # the service says what is missing, beside the field
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=_("The grantee reads this reason."),
    )
