"""A letter's statuses are words of their own: "Failed" for a letter is not notifications'
"Failed" (a message that could not be sent), which the catalogues translate as such."""

from django.utils import translation

from awards.models import Letter
from notifications.models import Message


def test_a_failed_letter_does_not_read_as_a_message_that_could_not_be_sent():
    for language in ("fr", "ar"):
        with translation.override(language):
            assert str(Letter.Status.FAILED.label) != str(Message.Status.FAILED.label)
