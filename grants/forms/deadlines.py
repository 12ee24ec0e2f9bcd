"""Moving a whole call's deadline (admins): extending it, or closing the call early. The new
instant is typed as a wall-clock time in a time zone, the call's by default, as in its settings."""

import zoneinfo
from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import time_zone_choices
from core.times import local_to_utc, utc_to_local

from ..services.deadlines import REASON_MAX
from .calls import LOCAL_DATETIME, LOCAL_DATETIME_FORMATS


def _zone_field(label):
    return forms.TypedChoiceField(label=label, choices=time_zone_choices, initial="UTC")


def _reason_field(help_text, missing):
    return forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"required": missing},
    )


def _instant(form: forms.Form, field: str):
    """The typed wall-clock time of `field` in the chosen zone, as an instant in UTC (None, with
    the error beside the field, when it cannot be read)."""
    local, zone = form.cleaned_data.get(field), form.cleaned_data.get("time_zone")
    if local is None or zone not in zoneinfo.available_timezones():
        return None
    try:
        return local_to_utc(local, zone)
    except ValueError as error:
        form.add_error(field, str(error))
        return None


class ExtendCallForm(forms.Form):
    time_zone = _zone_field(_("Time zone of the new deadline"))
    new_deadline = forms.DateTimeField(
        label=_("New deadline"),
        widget=LOCAL_DATETIME,
        input_formats=LOCAL_DATETIME_FORMATS,
        help_text=_("Only later than the current deadline. Every draft holder is told at once."),
    )
    reason = _reason_field(
        _("Kept with the deadline's history, shown to staff."),
        _("Say why the deadline is extended: it is kept with the history."),
    )

    def __init__(self, *args, rfp, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("time_zone", rfp.time_zone)
        self.initial.setdefault("new_deadline", utc_to_local(rfp.deadline, rfp.time_zone))
        self.new_deadline = None

    def clean(self):
        data = super().clean()
        self.new_deadline = _instant(self, "new_deadline")
        return data


HOURS, DAYS = "hours", "days"
NOW, AT, NOTICE = "now", "at", "notice"


class CloseEarlyForm(forms.Form):
    how = forms.ChoiceField(
        label=_("When it closes"),
        widget=forms.RadioSelect,
        initial=NOTICE,
        choices=[
            (NOTICE, _("After a notice period: every draft holder is told at once")),
            (AT, _("At a time you choose: only a call without drafts")),
            (NOW, _("At once: only a call without drafts")),
        ],
    )
    notice = forms.IntegerField(label=_("Notice"), min_value=1, max_value=10_000, required=False)
    notice_unit = forms.ChoiceField(
        label=_("Notice in"), choices=[(HOURS, _("hours")), (DAYS, _("days"))], initial=DAYS, required=False
    )
    time_zone = _zone_field(_("Time zone of the closing time"))
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=LOCAL_DATETIME,
        input_formats=LOCAL_DATETIME_FORMATS,
        help_text=_("Only with “at a time you choose”."),
    )
    reason = _reason_field(
        _("Kept with the deadline's history, shown to staff."),
        _("Say why the call closes early: it is kept with the history."),
    )

    def __init__(self, *args, rfp, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("time_zone", rfp.time_zone)
        self.at = self.notice_period = None

    def clean(self):
        data = super().clean()
        how = data.get("how")
        if how == NOTICE:
            if data.get("notice") is None:
                if "notice" not in self.errors:
                    self.add_error("notice", _("How long a notice do the draft holders get?"))
            else:
                unit = data.get("notice_unit") or DAYS
                self.notice_period = timedelta(**{unit: data["notice"]})
        elif how == AT:
            if data.get("closes_at") is None:
                if "closes_at" not in self.errors:
                    self.add_error("closes_at", _("Choose when the call closes."))
            else:
                self.at = _instant(self, "closes_at")
        return data

    def values(self) -> dict:
        """Keyword arguments for services.plan_early_close / close_call_early."""
        return {"at": self.at, "notice": self.notice_period, "reason": self.cleaned_data["reason"]}
