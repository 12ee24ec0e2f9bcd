"""The form as an applicant will see it, one Django form per section, in one of the call's
languages. The builder's preview shows these with every field disabled: nothing is submitted.

A choice is offered by its key, never its position. Help texts are plain text: crispy-forms
renders a field's help as HTML, so it is escaped here, once, for every page that uses these."""

from django import forms
from django.utils import translation
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django_countries import countries

from .models import RFP, Question, Section
from .widgets import CountrySelect

ANSWER_ATTRS = {"autocomplete": "off"}


def _help(text: str, *extra: str):
    """Staff-typed help, escaped, followed by our own sentences."""
    return format_html_join(" ", "{}", ((part,) for part in (text, *extra) if part))


def field_for(question: Question, language: str, rfp: RFP) -> forms.Field:
    """The form field of one question, with its label, help and choices in `language`."""
    text = question.text(language, rfp.default_language)
    help_text = text.get("help", "")
    common = {"label": text.get("label", ""), "required": question.required}
    kind = question.type
    Type = Question.Type
    if kind == Type.LONG_TEXT and question.word_limit:
        limit = _("At most %(count)d words.") % {"count": question.word_limit}
        common["help_text"] = _help(help_text, limit)
    else:
        common["help_text"] = _help(help_text)
    if kind == Type.SHORT_TEXT:
        return forms.CharField(max_length=500, widget=forms.TextInput(attrs=ANSWER_ATTRS), **common)
    if kind == Type.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={**ANSWER_ATTRS, "rows": 6}), **common)
    if kind in (Type.NUMBER, Type.AMOUNT):
        if kind == Type.AMOUNT:
            common["label"] = _("%(label)s (%(currency)s)") % {"label": common["label"], "currency": rfp.currency}
        # A text box, not `type="number"`: browsers empty a number box holding anything else,
        # and an answer is kept as typed ("1 200,50" too), its problem shown beside it.
        return forms.DecimalField(
            min_value=question.min_value,
            max_value=question.max_value,
            widget=forms.TextInput(attrs={**ANSWER_ATTRS, "inputmode": "decimal"}),
            **common,
        )
    if kind == Type.DATE:
        return forms.DateField(widget=forms.DateInput(attrs={**ANSWER_ATTRS, "type": "date"}), **common)
    if kind == Type.SINGLE_CHOICE:
        choices = question.choice_labels(language, rfp.default_language)
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == Type.MULTIPLE_CHOICE:
        choices = question.choice_labels(language, rfp.default_language)
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if kind == Type.YES_NO:
        return forms.ChoiceField(choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **common)
    if kind == Type.COUNTRY:
        return forms.ChoiceField(
            choices=[("", _("Choose a country"))] + [(c.code, c.name) for c in countries],
            widget=CountrySelect(language, attrs=ANSWER_ATTRS),
            **common,
        )
    if kind == Type.FILE:
        return forms.FileField(**common)
    raise ValueError(kind)


def section_form(section: Section, language: str, rfp: RFP, *, disabled: bool = False) -> forms.Form:
    """The section's questions (prefetched, in order) as one form, labelled in `language`. Labels
    and choices are built inside the language so "Yes", country names and limits read in it."""
    with translation.override(language):
        form = forms.Form(auto_id="id_%s")
        for question in section.questions.all():
            field = field_for(question, language, rfp)
            field.disabled = disabled
            form.fields[question.key] = field
    return form
