from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Domain models are read in the admin site, never changed there: every change goes
    through a service, with its audit event."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
