from celery import shared_task

from . import delivery


@shared_task(acks_late=True, ignore_result=True)
def deliver_message(message_id: int) -> None:
    """Published after the message's transaction commits; a duplicate or late copy of this
    task finds the row already claimed or sent and does nothing."""
    delivery.deliver(message_id)


@shared_task(acks_late=True, ignore_result=True)
def deliver_messages(message_ids: list[int]) -> None:
    """Many messages queued at once (reminders): each is claimed on its own, so a copy of this
    task run again after a worker died sends only what was not sent."""
    for message_id in message_ids:
        delivery.deliver(message_id)


@shared_task(ignore_result=True)
def sweep_outbox() -> None:
    """Every minute (beat): send what the broker never carried, retry what failed."""
    delivery.sweep()
