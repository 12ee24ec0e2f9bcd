from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Admins read the log; nobody edits or deletes it."""

    list_display = ("at", "verb", "actor", "target_type", "target_id")
    list_filter = ("verb",)
    date_hierarchy = "at"
    list_select_related = ("actor",)
    readonly_fields = ("at", "verb", "actor", "target_type", "target_id", "detail", "ip_hash")
