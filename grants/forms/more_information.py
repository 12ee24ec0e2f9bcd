"""The forms of the more-information thread: a question, an answer (with a file), a staff note,
and the sections reopened until a time typed in a chosen time zone."""

import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import time_zone_choices
from core.times import local_to_utc

from ..services.more_information import TEXT_MAX
from .calls import LOCAL_DATETIME, LOCAL_DATETIME_FORMATS

TEXT = forms.Textarea(attrs={"rows": 5, "autocomplete": "off", "dir": "auto"})


class QuestionForm(forms.Form):
    prefix = "question"  # the staff page holds the note form too: the fields' ids must differ
    text = forms.CharField(
        label=_("Your question to the applicant"),
        max_length=TEXT_MAX,
        widget=TEXT,
        help_text=_("The applicant reads it in the portal; the email they get says only that there is a message."),
    )


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Your answer"), max_length=TEXT_MAX, widget=TEXT)
    file = forms.FileField(
        label=_("A file with your answer (optional)"),
        required=False,
        help_text=_("PDF, image, Word or OpenDocument. It is cleaned of its author's details when it is sent."),
    )


class NoteForm(forms.Form):
    prefix = "note"
    text = forms.CharField(
        label=_("Note"),
        max_length=TEXT_MAX,
        widget=TEXT,
        help_text=_("Only the staff who run this call and admins read notes; the applicant never does."),
    )


class ReopenForm(forms.Form):
    sections = forms.TypedMultipleChoiceField(
        label=_("Sections the applicant may change"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    until = forms.DateTimeField(label=_("Until"), widget=LOCAL_DATETIME, input_formats=LOCAL_DATETIME_FORMATS)
    time_zone = forms.TypedChoiceField(label=_("Time zone of that time"), choices=time_zone_choices, initial="UTC")
    text = forms.CharField(
        label=_("What should change"),
        max_length=TEXT_MAX,
        widget=TEXT,
        help_text=_("Posted to the application's thread for the applicant to read."),
    )

    def __init__(self, *args, sections: list[tuple[int, str]], zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sections"].choices = sections
        self.fields["time_zone"].initial = zone
        self.until_instant = None  # `until` read in the chosen time zone

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone")
        if data.get("until") and zone in zoneinfo.available_timezones():
            try:
                self.until_instant = local_to_utc(data["until"], zone)
            except ValueError as error:
                self.add_error("until", str(error))
        return data
