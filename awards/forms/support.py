"""Support beside the money: staff's form for one commitment, and the grantee's ask."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import SupportCommitment
from ..services.support import DESCRIPTION_MAX, STAFF_STATUSES

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SupportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportCommitment.Kind.choices)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=_("The grantee reads this on their award's page."),
    )
    provider = forms.CharField(
        label=_("Provided by"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("The grantee reads this too: name a provider only where that is safe for them."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, label) for value, label in SupportCommitment.Status.choices if value in STAFF_STATUSES],
    )
    starts_on = forms.DateField(label=_("Starts"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends"), required=False, widget=DATE)

    @classmethod
    def of(cls, commitment: SupportCommitment, data=None) -> "SupportForm":
        """The form for a commitment as it stands; one the grantee asked for starts as planned."""
        status = commitment.status if commitment.status in STAFF_STATUSES else SupportCommitment.Status.PLANNED
        initial = {
            "kind": commitment.kind,
            "description": commitment.description,
            "provider": commitment.provider,
            "status": status,
            "starts_on": commitment.starts_on,
            "ends_on": commitment.ends_on,
        }
        return cls(data, initial=initial)


class AskForSupportForm(forms.Form):
    # The award's hub holds other sections' forms: its fields' ids must not meet theirs.
    prefix = "support"

    kind = forms.ChoiceField(label=_("Kind of support"), choices=SupportCommitment.Kind.choices)
    description = forms.CharField(
        label=_("What do you need?"),
        required=False,  # the service says what is missing, beside the field
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=_("Only the staff who run your award's call read this."),
    )
