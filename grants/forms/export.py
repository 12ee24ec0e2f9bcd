"""Which columns a CSV export holds: the table's own and the plain answers are ticked; who
applied, identifying answers and sensitive answers only when staff tick them."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..exports import Column


class ExportForm(forms.Form):
    columns = forms.MultipleChoiceField(
        label=_("Columns"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one column.")},
    )

    def __init__(self, *args, columns: list[Column], **kwargs):
        super().__init__(*args, **kwargs)
        self.available = {column.key: column for column in columns}
        field = self.fields["columns"]
        field.choices = [(column.key, self._label(column)) for column in columns]
        field.initial = [column.key for column in columns if column.by_default]

    @staticmethod
    def _label(column: Column) -> str:
        if column.sensitive:
            return _("%(label)s (sensitive: decrypted into the file)") % {"label": column.label}
        if column.identifying:
            return _("%(label)s (identifies the applicant)") % {"label": column.label}
        return column.label

    def chosen(self) -> list[Column]:
        """The ticked columns in the form's order (after is_valid)."""
        keys = set(self.cleaned_data["columns"])
        return [column for key, column in self.available.items() if key in keys]
