from django.db.models import QuerySet

from .models import Message


def inbox_of(user) -> QuerySet[Message]:
    """The user's own inbox messages, newest first. Transactional messages never appear."""
    return Message.objects.filter(recipient=user, kind=Message.Kind.INBOX).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    return inbox_of(user).filter(read_at__isnull=True).count()
