"""The portfolio's filters, read from the URL (a GET form: bookmarkable, no JavaScript needed).
A value that does not parse gets its message beside its field; the other filters still apply.
And the publication settings of one award."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from grants.forms.table import PlainSelect

from ..models import Award


class PortfolioFilterForm(forms.Form):
    call = forms.TypedChoiceField(label=_("Call"), required=False, coerce=int, empty_value=None, widget=PlainSelect)
    country = forms.ChoiceField(label=_("Country"), required=False, widget=PlainSelect)
    status = forms.ChoiceField(label=_("Status"), required=False, widget=PlainSelect)
    currency = forms.RegexField(
        label=_("Currency"),
        required=False,
        regex=r"^[A-Z]{3}$",
        error_messages={"invalid": _("Use a three-letter code, e.g. USD.")},
        widget=forms.TextInput(attrs={"maxlength": 3, "autocomplete": "off"}),
    )

    def __init__(self, *args, calls: list[tuple[int, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].choices = [("", _("Any")), *calls]
        self.fields["country"].choices = [("", _("Any")), *countries]
        self.fields["status"].choices = [("", _("Any")), *Award.Status.choices]

    def filters(self) -> dict:
        """The values that parsed: a bad one is left out (its message shown), the rest apply."""
        self.is_valid()
        for name, field in self.fields.items():
            widget = field.widget
            widget.attrs["class"] = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if name in self.errors:
                widget.attrs["class"] += " is-invalid"
                widget.attrs["aria-describedby"] = f"id_{name}_error"
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class PublicationForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ["publish_anonymously", "public_title", "public_description"]
        help_texts = {
            "publish_anonymously": _(
                "Open data then names no recipient, organisation or place: only the title and "
                "description below, the amount and the dates."
            ),
            "public_title": _("Shown in open data: write nothing that identifies the recipient."),
        }
