from celery import shared_task

from .services.reminders import send_due_reminders


@shared_task(ignore_result=True)
def send_review_reminders() -> int:
    """Every 15 minutes (beat): remind reviewers of assignments near or past due. Two runs at
    once are safe: a reminder's dedupe key is single."""
    return send_due_reminders()
