"""The builder's forms. Each returns plain values for a service; none saves anything itself."""

import zoneinfo

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.forms import time_zone_choices
from core.times import local_to_utc, utc_to_local

from .models import RFP, Question
from .services import program_staff_accounts

LOCAL_DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
LOCAL_DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


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
        fields = [
            "mechanism",
            "time_zone",
            "currency",
            "min_amount",
            "max_amount",
            "budget",
            "blind_review",
            "reviewers_per_application",
            "reviewers_see_each_other",
            "spread_threshold",
            "languages",
            "default_language",
        ]
        widgets = {"mechanism": forms.RadioSelect, "currency": forms.TextInput(attrs={"autocomplete": "off"})}
        help_texts = {
            "currency": _("Three capital letters, e.g. USD or EUR."),
            "spread_threshold": _("Reviews of one application further apart than this are flagged."),
            "default_language": _("Texts missing in another language are shown in this one."),
        }

    field_order = ["mechanism", "time_zone", "opens_at_local", "closes_at_local"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            zone = self.instance.time_zone
            self.initial["opens_at_local"] = utc_to_local(self.instance.opens_at, zone)
            self.initial["closes_at_local"] = utc_to_local(self.instance.deadline, zone)
        self.fields["default_language"].initial = "en"

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
        for field, attribute in (("opens_at_local", "opens_at"), ("closes_at_local", "deadline")):
            if data.get(field):
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
            for field, target in (("opens_at", "opens_at_local"), ("deadline", "closes_at_local")):
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
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the call funds. Markdown: **bold**, *italic*, lists, links. Images are not shown."),
    )
    eligibility = forms.CharField(
        label=_("Who may apply"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Markdown, as above."),
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = required


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = required


class QuestionForm(forms.Form):
    """A question's settings and its texts in one language. The key is asked only when it is
    created (it never changes afterwards)."""

    key = forms.SlugField(
        label=_("Key"),
        required=False,
        max_length=50,
        help_text=_(
            "A short name for the answer in exports, e.g. project_title: small letters, digits and "
            "underscores. Leave it empty for one to be chosen. It cannot be changed later."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    type = forms.ChoiceField(label=_("Type of answer"), choices=Question.Type.choices)
    label = forms.CharField(label=_("Question"), max_length=500)
    help = forms.CharField(
        label=_("Help text"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Single and multiple choice only: one choice per line, in the same order in every language."),
    )
    required = forms.BooleanField(label=_("Required"), required=False)
    word_limit = forms.IntegerField(label=_("Word limit"), required=False, min_value=1, help_text=_("Long text only."))
    min_value = forms.DecimalField(
        label=_("Minimum"), required=False, max_digits=18, decimal_places=3, help_text=_("Number and amount only.")
    )
    max_value = forms.DecimalField(
        label=_("Maximum"), required=False, max_digits=18, decimal_places=3, help_text=_("Number and amount only.")
    )
    identifying = forms.BooleanField(
        label=_("Identifying"), required=False, help_text=_("Hidden from reviewers when the review is blind.")
    )
    sensitive = forms.BooleanField(
        label=_("Sensitive"),
        required=False,
        help_text=_("Never indexed for search and left out of exports by default."),
    )

    def __init__(self, *args, creating: bool, required: bool = True, default_choices: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_choices = default_choices  # how many the default language has (0: this is it)
        if not creating:
            del self.fields["key"]
        self.fields["label"].required = required

    def clean_choices(self):
        return [line.strip() for line in self.cleaned_data.get("choices", "").splitlines() if line.strip()]

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        if kind in Question.CHOICE_TYPES:
            choices = data.get("choices") or []
            if self.default_choices and choices and len(choices) != self.default_choices:
                self.add_error(
                    "choices",
                    _("Give %(count)d choices, as in the default language, in the same order.")
                    % {"count": self.default_choices},
                )
            elif not self.default_choices and len(choices) < 2:
                self.add_error("choices", _("Give at least two choices, one per line."))
        if data.get("word_limit") and kind != Question.Type.LONG_TEXT:
            self.add_error("word_limit", _("Only long text answers have a word limit."))
        low, high = data.get("min_value"), data.get("max_value")
        if (low is not None or high is not None) and kind not in (Question.Type.NUMBER, Question.Type.AMOUNT):
            self.add_error("min_value", _("Only numbers and amounts have a minimum and a maximum."))
        elif low is not None and high is not None and low > high:
            self.add_error("max_value", _("The maximum must be at least the minimum."))
        return data

    def texts(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in ("label", "help", "choices")}

    def values(self) -> dict:
        return {
            field: self.cleaned_data.get(field)
            for field in ("type", "required", "word_limit", "min_value", "max_value", "identifying", "sensitive")
        }

    @staticmethod
    def initial_for(question: Question, language: str) -> dict:
        texts = question.texts.get(language) or {}
        return {
            "type": question.type,
            "required": question.required,
            "word_limit": question.word_limit,
            "min_value": question.min_value,
            "max_value": question.max_value,
            "identifying": question.identifying,
            "sensitive": question.sensitive,
            "label": texts.get("label", ""),
            "help": texts.get("help", ""),
            "choices": "\n".join(texts.get("choices") or []),
        }


class StaffAccountChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.email or _("Account #%(id)d") % {"id": user.pk}


class RFPStaffForm(forms.Form):
    staff = StaffAccountChoiceField(
        label=_("Program staff who run this call"),
        queryset=program_staff_accounts(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
