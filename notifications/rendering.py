"""Messages are rendered once, when they are queued, in the recipient's language."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation


def base_context() -> dict:
    return {"PORTAL_PUBLIC_NAME": settings.PORTAL_PUBLIC_NAME, "portal_url": settings.PORTAL_URL}


def render_inbox(template: str, context: dict, language: str) -> tuple[str, str]:
    """The subject and text of an inbox message: `notifications/<template>_subject.txt` and
    `notifications/<template>_body.txt`."""
    context = {**base_context(), **context}
    with translation.override(language):
        subject = render_to_string(f"notifications/{template}_subject.txt", context)
        body = render_to_string(f"notifications/{template}_body.txt", context)
    return " ".join(subject.split()), body.strip()


def render_new_message_email(language: str) -> tuple[str, str, str]:
    """The discreet email copy of an inbox message: the same for every message, so a mailbox
    read by others learns only that the portal wrote."""
    context = {**base_context(), "login_url": settings.PORTAL_URL.rstrip("/") + "/accounts/login/"}
    with translation.override(language):
        subject = render_to_string("emails/new_message_subject.txt", context)
        text = render_to_string("emails/new_message.txt", context)
        html = render_to_string("emails/new_message.html", context)
    return " ".join(subject.split()), text.strip(), html
