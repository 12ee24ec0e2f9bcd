"""Widgets written out in Python rather than by one template per option: the staff table's
filters and an applicant's country question render the world's 250 countries on every view."""

from django import forms
from django.forms.utils import flatatt
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class PlainSelect(forms.Select):
    """A select written out here rather than by one template per option, its options kept once
    per language: for the world's 250 countries those templates took most of the page's time.
    Its choices must come from a function of the language alone, so the language and
    `options_key` (by default the field's name) say which options are meant."""

    _options: dict[tuple, str] = {}

    def options_key(self, name: str) -> str:
        return name

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        key = (translation.get_language(), self.options_key(name))
        options = self._options.get(key)
        if options is None:
            options = self._options[key] = format_html_join(
                "", '<option value="{}">{}</option>', ((choice, label) for choice, label in self.choices)
            )
        if value not in (None, ""):
            plain = format_html('<option value="{}">', value)
            options = mark_safe(options.replace(plain, plain[:-1] + " selected>", 1))  # noqa: S308 - both parts escaped above
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), options)


class PlainInput(forms.TextInput):
    """An input written out here, as PlainSelect is: the table's filters are on every view of it."""

    def __init__(self, input_type: str = "text", attrs=None):
        super().__init__(attrs)
        self.input_type = input_type

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        shown = self.format_value(value)
        if shown is not None:
            attrs["value"] = shown
        return format_html('<input type="{}" name="{}"{}>', self.input_type, name, flatatt(attrs))


class CountrySelect(PlainSelect):
    """Every country question of every call offers the same countries: one set of options per
    language, whatever the question's key. That language is the one the answers are given in,
    which may not be the page's (an Arabic application read on an English page)."""

    def __init__(self, language: str, attrs=None):
        super().__init__(attrs)
        self.language = language

    def options_key(self, name: str) -> str:
        return f"countries:{self.language}"


def filter_field(field: forms.BoundField) -> SafeString:
    """One field of a filter form as grants/staff/_filter_field.html writes it (label, widget,
    errors, help), without a template per field: the staff table has eight on every view. The
    widget gets the attributes BoundField.as_widget gives it, required asked last, so that a
    select's choices (the 250 countries) are not read merely to learn it is optional."""
    widget = field.field.widget
    attrs = {}
    if field.field.required and field.form.use_required_attribute and widget.use_required_attribute(field.initial):
        attrs["required"] = True
    if field.field.disabled:
        attrs["disabled"] = True
    errors = field.errors
    if errors:
        attrs["aria-invalid"] = "true"
    if described := field.aria_describedby:
        attrs["aria-describedby"] = described
    auto_id = field.auto_id
    if auto_id and "id" not in widget.attrs:
        attrs["id"] = auto_id
    parts = [
        format_html('<div class="mb-3"><label for="{}" class="form-label">{}</label>', field.id_for_label, field.label),
        widget.render(field.html_name, field.value(), attrs),
    ]
    if errors:
        parts.append(
            format_html(
                '<div id="{}_error" class="invalid-feedback">{}</div>',
                auto_id,
                format_html_join(" ", "<strong>{}</strong>", ((error,) for error in errors)),
            )
        )
    if field.help_text:
        parts.append(format_html('<div id="{}_helptext" class="form-text">{}</div>', auto_id, field.help_text))
    parts.append("</div>")
    return mark_safe("".join(parts))  # noqa: S308 - every part escaped above
