"""The ranking's filters and sort, read from the URL (a GET form: bookmarkable, no JavaScript
needed), written out as the staff table's are. A value that does not parse gets its message
beside its field; the other filters still apply."""

from django import forms
from django.utils.translation import gettext_lazy as _

from grants.forms.table import PlainSelect
from grants.models import Application

from ..models import PanelRecommendation
from ..ranking import NO_PANEL, RANKED_STATUSES

# In the table's column order.
SORT_LABELS = {
    "reference": _("Reference"),
    "reviews": _("Reviews"),
    "mean": _("Mean score"),
    "normalised": _("Normalised score"),
    "spread": _("Spread"),
    "amount": _("Requested amount"),
}


def sort_choices():
    choices = [("", _("Default: normalised score, highest first"))]
    for key, label in SORT_LABELS.items():
        choices.append((f"-{key}", _("%(column)s, descending") % {"column": label}))
        choices.append((key, _("%(column)s, ascending") % {"column": label}))
    return choices


def status_choices():
    return [("", _("Any")), *((status.value, Application.Status(status).label) for status in RANKED_STATUSES)]


def spread_choices():
    return [("", _("Any")), ("flagged", _("Above the call's threshold")), ("ok", _("Within the threshold"))]


def panel_choices():
    return [("", _("Any")), *PanelRecommendation.Recommendation.choices, (NO_PANEL, _("None yet"))]


def complete_choices():
    return [("", _("Any")), ("yes", _("All reviews in")), ("no", _("Reviews still missing"))]


class RankingFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, choices=status_choices, widget=PlainSelect)
    spread = forms.ChoiceField(label=_("Spread"), required=False, choices=spread_choices, widget=PlainSelect)
    panel = forms.ChoiceField(
        label=_("Panel recommendation"), required=False, choices=panel_choices, widget=PlainSelect
    )
    complete = forms.ChoiceField(
        label=_("Reviews"),
        required=False,
        choices=complete_choices,
        widget=PlainSelect,
        help_text=_("All in: every assigned reviewer has submitted, and the call's number of reviews is reached."),
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=sort_choices, widget=PlainSelect)

    def filters(self) -> dict:
        """The values that parsed (after is_valid): a bad one is left out, the rest apply."""
        self.is_valid()
        for name, field in self.fields.items():
            widget, described = field.widget, []
            widget.attrs["class"] = "form-select"
            if field.help_text:
                described.append(f"id_{name}_helptext")
            if name in self.errors:
                widget.attrs["class"] += " is-invalid"
                described.append(f"id_{name}_error")
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
