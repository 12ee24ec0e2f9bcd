"""The grantee's report form (its narrative, its amounts spent per budget line, a file) and
staff's answer to a report. The amounts are checked by the very rules the service applies, so an
error shows beside the row it belongs to."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.errors import Refused

from ..services.reports import LINE_MAX, LINES_MAX, NARRATIVE_MAX, checked_amount, checked_line_name

BLANK_ROWS = 3


class ReportForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"),
        required=False,
        max_length=NARRATIVE_MAX,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 12, "autocomplete": "off"}),
        help_text=_("What was done, what changed, what got in the way. Kept encrypted; read only by the call's staff."),
    )
    file = forms.FileField(
        label=_("Add a file"),
        required=False,
        help_text=_("Receipts, a photo, a spreadsheet: it is cleaned before it is kept."),
    )

    def __init__(self, *args, narrative: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not narrative:
            del self.fields["narrative"]


class LineForm(forms.Form):
    line = forms.CharField(required=False, max_length=LINE_MAX, widget=forms.TextInput(attrs={"autocomplete": "off"}))
    amount = forms.CharField(
        required=False, max_length=24, widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    )

    def __init__(self, *args, currency: str, number: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.currency = currency
        self.fields["line"].label = _("Budget line %(number)d") % {"number": number}
        self.fields["amount"].label = _("Amount spent on line %(number)d (%(currency)s)") % {
            "number": number,
            "currency": currency,
        }

    def clean(self):
        data = super().clean()
        data["row"] = None
        line, amount = (data.get("line") or "").strip(), (data.get("amount") or "").strip()
        if not line and not amount:
            return data  # a blank row: left out
        row = {}
        if not line:
            self.add_error("line", _("Name the budget line."))
        else:
            try:
                row["line"] = checked_line_name(line)
            except Refused as refusal:
                self.add_error("line", refusal.message)
        if not amount:
            self.add_error("amount", _("Give the amount spent on this line."))
        else:
            try:
                row["amount"] = str(checked_amount(amount, self.currency))
            except Refused as refusal:
                self.add_error("amount", refusal.message)
        if len(row) == 2:
            data["row"] = row
        return data


class BaseLineFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "number": (index or 0) + 1}

    def lines(self) -> list[dict]:
        """The rows filled in, in order."""
        return [form.cleaned_data["row"] for form in self.forms if form.cleaned_data.get("row")]


LineFormSet = forms.formset_factory(
    LineForm,
    formset=BaseLineFormSet,
    extra=BLANK_ROWS,
    max_num=LINES_MAX,
    absolute_max=LINES_MAX + BLANK_ROWS,
    validate_max=True,
)


def line_formset(data=None, *, currency: str, lines: list[dict]) -> BaseLineFormSet:
    """The lines saved, then a few blank rows to add more (no script needed)."""
    initial = [{"line": row["line"], "amount": row["amount"]} for row in lines]
    return LineFormSet(data, prefix="lines", initial=initial, form_kwargs={"currency": currency})


class StaffAnswerForm(forms.Form):
    message = forms.CharField(
        label=_("What the grantee should change"),
        required=False,
        strip=True,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Needed to ask for changes; the grantee reads it on their report's page."),
    )
