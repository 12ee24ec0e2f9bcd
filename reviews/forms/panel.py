"""The panel's recommendation for one application, on its comparison page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import PanelRecommendation


class PanelRecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("The panel recommends"),
        choices=PanelRecommendation.Recommendation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the panel recommends.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
        help_text=_("For staff and the award decision: why, and any condition."),
    )
