"""A section's texts, and a question's settings and texts in one language, with its choices."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Question
from ..rules import MIN_CHOICES
from ..texts import TEXT_LIMITS
from ._fields import freeze

SETTINGS = ("type", "required", "word_limit", "min_value", "max_value", "identifying", "sensitive")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=TEXT_LIMITS["title"])
    intro = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_LIMITS["intro"],
    )

    def __init__(self, *args, required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = required


class QuestionForm(forms.Form):
    """A question's settings and its texts in one language.

    Creating: the key (never changed afterwards) and, for a choice question, its choices one
    per line. Editing: a label field per live choice (`choice_<key>`) in this language, and new
    choices one per line."""

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
    label = forms.CharField(label=_("Question"), max_length=TEXT_LIMITS["label"])
    help = forms.CharField(
        label=_("Help text"),
        required=False,
        max_length=TEXT_LIMITS["help"],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Shown under the question as plain text."),
    )
    new_choices = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Single and multiple choice only: one choice per line."),
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

    def __init__(
        self,
        *args,
        question: Question | None = None,
        language: str = "",
        default_language: str = "",
        frozen: dict | None = None,
        **kwargs,
    ):
        self.question = question
        self.is_default_language = language == default_language
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_for(question, language)
        super().__init__(*args, **kwargs)
        self.fields["label"].required = self.is_default_language
        self.choice_keys = list(question.choices) if question is not None and question.has_choices else []
        if question is None:
            return
        del self.fields["key"]
        self.fields["new_choices"].label = _("Add choices")
        defaults = dict(question.choice_labels(default_language, default_language))
        for number, key in enumerate(self.choice_keys, start=1):
            field = forms.CharField(
                label=_("Choice %(number)d") % {"number": number},
                max_length=TEXT_LIMITS["choice"],
                required=self.is_default_language,
                widget=forms.TextInput(attrs={"autocomplete": "off"}),
            )
            if not self.is_default_language and defaults.get(key):
                field.help_text = _("In the default language: %(label)s") % {"label": defaults[key]}
            self.fields[f"choice_{key}"] = field
        freeze(self, frozen or {})

    @property
    def choice_fields(self) -> list[tuple[str, forms.BoundField]]:
        return [(key, self[f"choice_{key}"]) for key in self.choice_keys]

    def clean_new_choices(self):
        choices = _lines(self.cleaned_data.get("new_choices", ""))
        too_long = [choice for choice in choices if len(choice) > TEXT_LIMITS["choice"]]
        if too_long:
            raise forms.ValidationError(
                _("Each choice has at most %(limit)d characters.") % {"limit": TEXT_LIMITS["choice"]}
            )
        return choices

    def clean(self):
        data = super().clean()
        kind = data.get("type")
        if kind in Question.CHOICE_TYPES and len(self.choice_keys) + len(data.get("new_choices") or []) < MIN_CHOICES:
            self.add_error("new_choices", _("Give at least two choices, one per line."))
        if data.get("word_limit") and kind != Question.Type.LONG_TEXT:
            self.add_error("word_limit", _("Only long text answers have a word limit."))
        low, high = data.get("min_value"), data.get("max_value")
        if (low is not None or high is not None) and kind not in (Question.Type.NUMBER, Question.Type.AMOUNT):
            self.add_error("min_value", _("Only numbers and amounts have a minimum and a maximum."))
        elif low is not None and high is not None and low > high:
            self.add_error("max_value", _("The maximum must be at least the minimum."))
        return data

    def texts(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in ("label", "help")}

    def values(self) -> dict:
        return {field: self.cleaned_data.get(field) for field in SETTINGS}

    def choice_labels(self) -> dict:
        return {key: self.cleaned_data.get(f"choice_{key}") or "" for key in self.choice_keys}

    def new_choice_labels(self) -> list[str]:
        return self.cleaned_data.get("new_choices") or []

    @staticmethod
    def initial_for(question: Question, language: str) -> dict:
        texts = question.texts.get(language) or {}
        labels = texts.get("choices") or {}
        initial = {field: getattr(question, field) for field in SETTINGS}
        initial.update(label=texts.get("label", ""), help=texts.get("help", ""))
        initial.update({f"choice_{key}": labels.get(key, "") for key in question.choices})
        return initial
