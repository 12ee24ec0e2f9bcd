"""The staff table's filters and sort, read from the URL (a GET form, so a view can be
bookmarked and works without JavaScript). A value that does not parse gets its message beside
its field; the other filters still apply."""

from decimal import Decimal

from django import forms
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ..models import Application

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


class PlainSelect(forms.Select):
    """A select written out here rather than by one template per option, its options kept once
    per language: for the world's 250 countries those templates took most of the page's time.
    Its choices come from a function of the language alone (below), so the language and the
    field's name are the key."""

    _options: dict[tuple, str] = {}

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        key = (translation.get_language(), name)
        options = self._options.get(key)
        if options is None:
            options = self._options[key] = format_html_join(
                "", '<option value="{}">{}</option>', ((choice, label) for choice, label in self.choices)
            )
        if value not in (None, ""):
            plain = format_html('<option value="{}">', value)
            options = mark_safe(options.replace(plain, plain[:-1] + " selected>", 1))  # noqa: S308 - both parts escaped above
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class PlainInput(forms.TextInput):
    """An input written out here, as PlainSelect is: the table's filters are on every view of it."""

    def __init__(self, input_type: str = "text", attrs=None):
        super().__init__(attrs)
        self.input_type = input_type

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        shown = self.format_value(value)
        if shown is not None:
            attrs["value"] = shown
        return format_html('<input type="{}" name="{}"{}>', self.input_type, name, flatatt(attrs))


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
