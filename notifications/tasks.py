from celery import shared_task

from . import delivery


@shared_task(acks_late=True, ignore_result=True)
def deliver_message(message_id: int) -> None:
    """Published after the message's transaction commits; a duplicate or late copy of this
    task finds the row already claimed or sent and does nothing."""
    delivery.deliver(message_id)


@shared_task(ignore_result=True)
def sweep_outbox() -> None:
    """Every minute (beat): send what the broker never carried, retry what failed."""
    delivery.sweep()
