from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Admins read the log; nobody edits or deletes it."""

    list_display = ("at", "verb", "actor", "target_type", "target_id")
    list_filter = ("verb",)
    date_hierarchy = "at"
    list_select_related = ("actor",)
    readonly_fields = ("at", "verb", "actor", "target_type", "target_id", "detail", "ip_hash")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
