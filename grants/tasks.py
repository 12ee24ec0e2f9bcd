from celery import shared_task

from .services.reminders import send_due_reminders


@shared_task(ignore_result=True)
def send_deadline_reminders() -> int:
    """Every 5 minutes (beat): remind draft holders of their deadline. Two runs at once are
    safe: each takes drafts the other has not locked, and a reminder's dedupe key is single."""
    return send_due_reminders()
