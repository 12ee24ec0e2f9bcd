from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import ReadOnlyAdmin

from . import services
from .models import Message


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    """Delivery facts only: never a message's subject, body or address."""

    list_display = ("id", "kind", "template", "recipient_id", "status", "attempts", "sent_at", "last_error")
    list_filter = ("status", "kind")
    fields = (
        "kind",
        "template",
        "recipient_id",
        "language",
        "status",
        "attempts",
        "next_attempt_at",
        "leased_until",
        "last_error",
        "message_id",
        "created_at",
        "sent_at",
        "read_at",
    )
    readonly_fields = fields
    actions = ["retry"]

    @admin.action(description=_("Send the selected failed messages again"), permissions=["view"])
    def retry(self, request, queryset):
        count = services.retry_failed(queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d message queued again.", "%(count)d messages queued again.", count) % {"count": count},
            messages.SUCCESS,
        )
