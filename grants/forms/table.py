"""The staff table's filters and sort, read from the URL (a GET form, so a view can be
bookmarked and works without JavaScript). A value that does not parse gets its message beside
its field; the other filters still apply."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ..models import Application
from ..widgets import PlainInput, PlainSelect

S = Application.Status
LISTED_STATUSES = [S.SUBMITTED, S.IN_REVIEW, S.AWARDED, S.DECLINED, S.WITHDRAWN]
# In the table's column order.
SORT_LABELS = {
    "reference": _("Reference"),
    "title": _("Title"),
    "status": _("Status"),
    "amount": _("Requested amount"),
    "country": _("Country"),
    "submitted": _("Submitted"),
}


def sort_choices():
    choices = []
    for key, label in SORT_LABELS.items():
        choices.append((key, _("%(column)s, ascending") % {"column": label}))
        choices.append((f"-{key}", _("%(column)s, descending") % {"column": label}))
    return choices


def status_choices():
    return [("", _("Any")), *((status.value, status.label) for status in LISTED_STATUSES)]


def country_choices():
    return [("", _("Any")), *countries]


def all_sort_choices():
    return [("", _("Default: the longest waiting first on rapid-response calls, else the newest")), *sort_choices()]


def _amount_input():
    return PlainInput("number", attrs={"min": "0", "step": "any", "inputmode": "decimal"})


def _date_input():
    return PlainInput("date")


class TableFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=PlainInput(attrs={"maxlength": "200"}),
        help_text=_('Title and answers. "Exact phrase", -without, or.'),
    )
    # Choices given as functions: read when the select is written or a value checked, not
    # copied and normalised (all 250 countries) each time the form is made.
    status = forms.ChoiceField(label=_("Status"), required=False, choices=status_choices, widget=PlainSelect)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=country_choices, widget=PlainSelect)
    amount_min = forms.DecimalField(
        label=_("Amount from"), required=False, min_value=Decimal(0), max_digits=18, widget=_amount_input()
    )
    amount_max = forms.DecimalField(
        label=_("Amount up to"), required=False, min_value=Decimal(0), max_digits=18, widget=_amount_input()
    )
    submitted_from = forms.DateField(label=_("Submitted from"), required=False, widget=_date_input())
    submitted_to = forms.DateField(label=_("Submitted up to"), required=False, widget=_date_input())
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=all_sort_choices, widget=PlainSelect)

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("amount_min"), cleaned.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", _("This is less than the amount from."))
        start, end = cleaned.get("submitted_from"), cleaned.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("This date is before the first one."))
        return cleaned

    def filters(self) -> dict:
        """The values that parsed (after is_valid): a bad one is left out, the rest apply."""
        self.is_valid()
        for name, field in self.fields.items():
            widget, described = field.widget, []
            widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if field.help_text:
                described.append(f"id_{name}_helptext")
            if name in self.errors:
                widget.attrs["class"] += " is-invalid"
                described.append(f"id_{name}_error")
                if widget.input_type in ("number", "date"):
                    # A value a number or date input cannot hold is shown as typed, in a text box.
                    widget.input_type = "text"
                    widget.attrs.pop("min", None)
                    widget.attrs.pop("step", None)
            if described:
                widget.attrs["aria-describedby"] = " ".join(described)
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}
