from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import User


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    """Read-only: roles, profiles and passwords change through the portal's audited services."""

    list_display = ("id", "email", "name", "is_active", "date_joined", "last_login")
    list_filter = ("is_active", "groups")
    search_fields = ("email", "name")
    fields = (
        "email",
        "name",
        "language",
        "time_zone",
        "notification_choice",
        "is_active",
        "groups",
        "date_joined",
        "last_login",
    )
    readonly_fields = fields
