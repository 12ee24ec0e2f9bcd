"""A call's settings, its texts in one language, and who runs it."""

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.forms import time_zone_choices
from accounts.selectors import program_staff_accounts
from core.times import local_to_utc, utc_to_local

from ..models import RFP
from ..services import RFP_FIELDS
from ..texts import TEXT_LIMITS
from ._fields import add_notes, freeze

LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
LOCAL_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
# The model's instants, typed as wall-clock times in the call's time zone.
TIME_FIELDS = {"opens_at": "opens_at_local", "deadline": "closes_at_local"}


def _plain(amount):
    """1000.000 shown as 1000: the stored three places are for currencies that need them."""
    if amount is None or amount != amount.to_integral_value():
        return amount
    return amount.quantize(1)


class RFPSettingsForm(forms.ModelForm):
    """Everything but the texts. Times are typed as a wall-clock time in a chosen time zone and
    kept as instants in UTC."""

    time_zone = forms.TypedChoiceField(
        label=_("Time zone of the opening and closing times"), choices=time_zone_choices, initial="UTC"
    )
    opens_at_local = forms.DateTimeField(
        label=_("Opens at"), required=False, widget=LOCAL_DATETIME, input_formats=LOCAL_DATETIME_FORMATS
    )
    closes_at_local = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=LOCAL_DATETIME,
        input_formats=LOCAL_DATETIME_FORMATS,
        help_text=_("Programmatic calls only: applications are refused after this instant."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Published in"),
        choices=settings.LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        initial=["en"],
        help_text=_("Applicants read the call and its form in these languages."),
    )

    class Meta:
        model = RFP
        # Every setting a service changes, the instants apart: they are typed as local times.
        fields = [field for field in RFP_FIELDS if field not in TIME_FIELDS]
        widgets = {"mechanism": forms.RadioSelect, "currency": forms.TextInput(attrs={"autocomplete": "off"})}
        help_texts = {
            "currency": _("Three capital letters, e.g. USD or EUR."),
            "spread_threshold": _("Reviews of one application further apart than this are flagged."),
            "default_language": _("Texts missing in another language are shown in this one."),
        }

    field_order = ["mechanism", "time_zone", "opens_at_local", "closes_at_local"]

    def __init__(self, *args, frozen: dict | None = None, notes: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            zone = self.instance.time_zone
            self.initial["opens_at_local"] = utc_to_local(self.instance.opens_at, zone)
            self.initial["closes_at_local"] = utc_to_local(self.instance.deadline, zone)
        self.fields["default_language"].initial = "en"
        self.fields["mechanism"].choices = RFP.Mechanism.choices  # a radio button for "none" helps nobody
        for field in ("min_amount", "max_amount", "budget"):
            self.initial[field] = _plain(self.initial.get(field))
        frozen = {TIME_FIELDS.get(field, field): reason for field, reason in (frozen or {}).items()}
        freeze(self, frozen)
        add_notes(self, notes or {})

    def clean_currency(self):
        return (self.cleaned_data.get("currency") or "").strip().upper()

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        self.opens_at = self.deadline = None
        if data.get("mechanism") == RFP.Mechanism.PROGRAMMATIC and zone in zoneinfo.available_timezones():
            self._clean_times(data, zone)
        # The model's own checks (ModelForm runs them next) see the instants too.
        self.instance.opens_at, self.instance.deadline = self.opens_at, self.deadline
        return data

    def _clean_times(self, data: dict, zone: str) -> None:
        for attribute, field in TIME_FIELDS.items():
            if self.fields[field].disabled:
                # Frozen: the stored instant, not the shown time read in a time zone just changed.
                setattr(self, attribute, getattr(self.instance, attribute))
            elif data.get(field):
                try:
                    setattr(self, attribute, local_to_utc(data[field], zone))
                except ValueError as error:
                    self.add_error(field, str(error))
        if not data.get("closes_at_local") and "closes_at_local" not in self.errors:
            self.add_error("closes_at_local", _("A programmatic call needs the time it closes."))
        elif self.opens_at and self.deadline and self.opens_at >= self.deadline:
            self.add_error("closes_at_local", _("It must close after it opens."))

    def _update_errors(self, errors):
        """The model names the instants; the form shows their errors next to the typed times
        (once: clean() has usually said it already)."""
        if hasattr(errors, "error_dict"):
            for field, target in TIME_FIELDS.items():
                messages = errors.error_dict.pop(field, None)
                if messages and target not in self._errors:
                    errors.error_dict[target] = messages
        super()._update_errors(errors)

    def values(self) -> dict:
        """Keyword arguments for services.create_rfp / update_rfp."""
        data = self.cleaned_data
        values = {field: data[field] for field in self.Meta.fields}
        values.update(opens_at=self.opens_at, deadline=self.deadline)
        return values


class RFPTextsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=TEXT_LIMITS["title"])
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=TEXT_LIMITS["summary"],
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=TEXT_LIMITS["description"],
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the call funds. Markdown: **bold**, *italic*, lists, links. Images are not shown."),
    )
    eligibility = forms.CharField(
        label=_("Who may apply"),
        required=False,
        max_length=TEXT_LIMITS["eligibility"],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown, as above."),
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = required


class StaffAccountChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.email or _("Account #%(id)d") % {"id": user.pk}


class RFPStaffForm(forms.Form):
    staff = StaffAccountChoiceField(
        label=_("Program staff who run this call"),
        queryset=None,  # set per form: the accounts that hold the role now
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = program_staff_accounts()
