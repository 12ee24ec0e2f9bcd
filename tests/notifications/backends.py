from smtplib import SMTPRecipientsRefused

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that refuses every recipient, quoting the address as real ones do."""

    def send_messages(self, email_messages):
        for message in email_messages:
            raise SMTPRecipientsRefused({message.to[0]: (550, f"<{message.to[0]}> mailbox unavailable".encode())})
        return 0
