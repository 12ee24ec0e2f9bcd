from django import forms


def freeze(form: forms.BaseForm, reasons: dict[str, str]) -> None:
    """Show each named field read-only, its reason as its help text. A disabled field keeps
    its initial value whatever is posted, so the rule cannot be got round by editing the page."""
    for name, reason in reasons.items():
        field = form.fields.get(name)
        if field is not None:
            field.disabled = True
            field.help_text = reason


def add_notes(form: forms.BaseForm, notes: dict[str, str]) -> None:
    """Add a sentence to the help of each named field (what its new value may be)."""
    for name, note in notes.items():
        field = form.fields.get(name)
        if field is not None:
            field.help_text = f"{field.help_text} {note}".strip()


def typed_in(form: forms.BaseForm, names, language: str, bidi: bool) -> None:
    """Mark the inputs of texts typed in `language` with it (and its direction), so a screen
    reader reads them in the right voice while the labels stay in the page's language."""
    for name in names:
        field = form.fields.get(name)
        if field is not None:
            field.widget.attrs.update(lang=language, dir="rtl" if bidi else "ltr")
