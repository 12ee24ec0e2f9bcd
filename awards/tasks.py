from celery import shared_task

from .services.report_reminders import send_due_report_reminders


@shared_task(ignore_result=True)
def send_report_reminders() -> int:
    """Every hour (beat): remind grantees of reports near or past due. Two runs at once are
    safe: each takes duties the other has not locked, and a reminder's dedupe key is single."""
    return send_due_report_reminders()
