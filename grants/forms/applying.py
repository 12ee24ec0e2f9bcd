"""The applicant's forms: whom an application is for, and the answers of one section.

A section's form keeps whatever was typed: its fields come from the builder's preview
(preview.field_for) so applicants fill in what staff previewed, but Django never cleans them.
Its only validation is the problems the service found (answers.problem), shown beside the
fields, so a 12-letter amount stays in its box with its message beside it."""

from datetime import date

from django import forms
from django.conf import settings
from django.forms.utils import ErrorDict
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from ..answers import word_count
from ..models import Question
from ..preview import ANSWER_ATTRS, field_for

T = Question.Type
AS_MYSELF = "myself"
# What a file input offers to pick; core.uploads decides from the bytes, never from the name.
ACCEPTED_FILES = ".pdf,.jpg,.jpeg,.png,.heic,.heif,.docx,.xlsx,.odt,.ods,.txt"


class StartForm(forms.Form):
    """Whom the application is for: the applicant alone, or one of their organisations (whose
    members all see and edit it). The field is named as the service's refusals name it."""

    organisation = forms.ChoiceField(label=gettext_lazy("Who is this application for?"), widget=forms.RadioSelect)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        field = self.fields["organisation"]
        field.choices = [(AS_MYSELF, _("As myself, an individual"))] + [
            (pk, _("For %(organisation)s") % {"organisation": organisation.name})
            for pk, organisation in self.organisations.items()
        ]
        field.initial = AS_MYSELF

    def chosen(self):
        """The organisation chosen, or None for the applicant alone."""
        return self.organisations.get(self.cleaned_data["organisation"])


def _is_date(value) -> bool:
    try:
        date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


class AnswersForm(forms.Form):
    """One section's questions, bound to the answers as typed (or as stored). `problems`
    (question key -> message) are its errors; nothing else is checked, nothing cleaned away.

    No field carries `required` in the page: a draft is saved half-done, and the browser must
    not refuse to send it."""

    use_required_attribute = False

    def __init__(self, questions, language: str, rfp, *, data, files=None, problems=None):
        super().__init__(data=data, files=files, auto_id="id_%s")
        self.questions = list(questions)
        self.problems = dict(problems or {})
        with translation.override(language):
            for question in self.questions:
                self.fields[question.key] = self._field(question, language, rfp)

    def _field(self, question: Question, language: str, rfp) -> forms.Field:
        field = field_for(question, language, rfp)
        if question.type == T.FILE:
            field.widget.attrs.update(accept=ACCEPTED_FILES)
            allowed = _(
                "PDF, JPEG, PNG, HEIC (phone photos), DOCX, XLSX, ODT, ODS or plain text, up to %(size)s each."
            ) % {"size": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}
            field.help_text = format_html("{} {}", field.help_text, allowed) if field.help_text else allowed
        elif question.type == T.DATE:
            value = field.widget.value_from_datadict(self.data, self.files, question.key)
            if value and not _is_date(value):
                # The date picker would show an empty box: show what was typed, as typed.
                field.widget = forms.TextInput(attrs=ANSWER_ATTRS)
        elif question.type == T.LONG_TEXT and question.word_limit:
            field.widget.attrs.update({"data-word-limit": question.word_limit})
        return field

    def full_clean(self):
        self._errors = ErrorDict()
        self.cleaned_data = {}
        for key, message in self.problems.items():
            if key in self.fields:
                self.add_error(key, message)

    def show_problems(self, problems: dict[str, str]) -> None:
        self.problems = dict(problems)
        self._errors = None

    def typed(self) -> dict:
        """What was typed in each answer field, as the browser sent it (files apart)."""
        return {question.key: self[question.key].data for question in self.questions if question.type != T.FILE}

    def show_theirs(self, theirs: dict[str, list[str]], saved_by: str) -> None:
        """Beside each field in `theirs`, the colleague's stored answer (one line per choice),
        tied to the field as its help text is, so a screen reader reads it with the field."""
        heading = _("Saved by %(name)s:") % {"name": saved_by} if saved_by else _("Saved by a colleague:")
        for key, lines in theirs.items():
            field = self.fields[key]
            answer = "; ".join(lines) if lines else _("no answer")
            note = format_html(
                '<span class="d-block theirs mt-1"><strong>{}</strong> <span class="answer-text">{}</span></span>',
                heading,
                answer,
            )
            field.help_text = format_html("{}{}", field.help_text, note) if field.help_text else note
        self._bound_fields_cache.clear()  # bound fields copy the help text when first made


def word_counter(question: Question, text) -> dict | None:
    """The "120 of 300 words" line of a long text with a word limit: its text now (counted as
    answers.word_count counts), and the sentence with a `{count}` the page's script fills in."""
    if question.type != T.LONG_TEXT or not question.word_limit:
        return None
    limit = question.word_limit
    sentence = ngettext("{count} of %(limit)d word", "{count} of %(limit)d words", limit) % {"limit": limit}
    count = word_count(text) if isinstance(text, str) else 0
    return {"template": sentence, "text": sentence.replace("{count}", str(count))}
