"""Moving a deadline: staff extend one draft or every draft from a country, an applicant asks
for more time, staff decide on the request. Instants are typed as a wall-clock time in a chosen
time zone, as in a call's settings, and handed to the services as instants in UTC."""

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_countries import countries

from accounts.forms import time_zone_choices
from core.times import local_to_utc, utc_to_local

from ..models import ExtensionRequest
from ..services.deadlines import REASON_MAX
from .calls import LOCAL_DATETIME, LOCAL_DATETIME_FORMATS

TEXT = {"rows": 3, "autocomplete": "off"}


class InstantForm(forms.Form):
    """A form with one instant, typed in `instant_field` and the time zone beside it
    (`zone`, by default), read into `self.instant` (UTC)."""

    instant_field = "new_deadline"
    instant_label = _("New deadline")
    instant_required = True

    time_zone = forms.TypedChoiceField(label=_("Time zone of that time"), choices=time_zone_choices)

    def __init__(self, *args, zone: str = "UTC", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[self.instant_field] = forms.DateTimeField(
            label=self.instant_label,
            required=self.instant_required,
            widget=LOCAL_DATETIME,
            input_formats=LOCAL_DATETIME_FORMATS,
        )
        self.fields["time_zone"].initial = zone
        self.order_fields([self.instant_field, "time_zone"])
        self.instant = None

    def show(self, instant, zone: str) -> None:
        """Fill the instant in (a request's instant, to start from) as read in `zone`."""
        self.initial[self.instant_field] = utc_to_local(instant, zone)

    def clean(self):
        data = super().clean()
        zone, local = data.get("time_zone"), data.get(self.instant_field)
        if local and zone in zoneinfo.available_timezones():
            try:
                self.instant = local_to_utc(local, zone)
            except ValueError as error:
                self.add_error(self.instant_field, str(error))
        return data


class ExtendDraftForm(InstantForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Kept with the deadline's history, seen by staff only."),
    )


class ExtendCountryForm(ExtendDraftForm):
    country = forms.ChoiceField(label=_("Country"))

    def __init__(self, *args, counts: list[tuple[str, int]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [
            (
                code,
                ngettext("%(country)s (%(count)d draft)", "%(country)s (%(count)d drafts)", count)
                % {"country": countries.name(code), "count": count},
            )
            for code, count in counts
        ]
        self.order_fields(["country", self.instant_field, "time_zone", "reason"])


class ExtensionRequestForm(InstantForm):
    instant_field = "until"
    instant_label = _("More time until")

    reason = forms.CharField(
        label=_("Why you need more time"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Read by the staff who run the call only."),
    )


class DecisionForm(InstantForm):
    instant_field = "until"
    instant_label = _("Shorter extension until")
    instant_required = False

    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (ExtensionRequest.Status.GRANTED, _("Grant the time asked for")),
            (ExtensionRequest.Status.SHORTENED, _("Grant a shorter extension, until the time below")),
            (ExtensionRequest.Status.REFUSED, _("Refuse")),
        ],
    )
    message = forms.CharField(
        label=_("Message to the applicant"),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs=TEXT),
        help_text=_("Needed when you refuse. The applicant and their organisation read it."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_fields(["decision", self.instant_field, "time_zone", "message"])
