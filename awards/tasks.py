from celery import Task, shared_task
from celery.exceptions import TimeLimitExceeded
from django.conf import settings

from .services import letters
from .services.report_reminders import send_due_report_reminders


class _LetterTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        # Called in the worker's own process too when the hard limit killed the render's
        # process: the version must not stay "rendering".
        letters.letter_failed(args[0], None if isinstance(exc, TimeLimitExceeded) else "broken")


@shared_task(
    base=_LetterTask,
    acks_late=True,
    ignore_result=True,
    soft_time_limit=settings.LETTER_SOFT_TIME_LIMIT,
    time_limit=settings.LETTER_TIME_LIMIT,
)
def render_letter(letter_pk: int) -> None:
    """The service created the Letter row (a new version, queued); this only draws it."""
    letters.render_letter(letter_pk)


@shared_task(ignore_result=True)
def send_report_reminders() -> int:
    """Every hour (beat): remind grantees of reports near or past due. Two runs at once are
    safe: each takes duties the other has not locked, and a reminder's dedupe key is single."""
    return send_due_report_reminders()


@shared_task(ignore_result=True)
def republish_stuck_letters() -> int:
    """Every five minutes (beat): publish again the letters whose task was lost (a broker down
    when they were asked for) or whose worker died mid-render; each is still drawn only once."""
    return letters.republish_stuck()
