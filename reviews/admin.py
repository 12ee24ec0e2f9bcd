"""Read-only views of reviewing for admins: every change goes through the audited services.
Comments, feedback and the reasons of conflicts stay out, as in the audit log."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Assignment, CallReviewer, ConflictDeclaration, Criterion, PanelRecommendation, Review


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ("id", "rfp", "key", "position", "weight", "scale_min", "scale_max")
    fields = readonly_fields = ("rfp", "key", "position", "texts", "weight", "scale_min", "scale_max")


@admin.register(CallReviewer)
class CallReviewerAdmin(ReadOnlyAdmin):
    list_display = ("id", "rfp", "reviewer", "added_at")
    fields = readonly_fields = ("rfp", "reviewer", "excluded_countries", "added_by", "added_at")


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("id", "rfp", "application", "reviewer", "status", "due_at")
    fields = readonly_fields = ("rfp", "application", "reviewer", "status", "due_at", "access_ends_at", "created_at")


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ("id", "rfp", "application", "reviewer", "declared_at")
    fields = readonly_fields = ("rfp", "application", "reviewer", "declared_at")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ("id", "rfp", "application", "reviewer", "status", "total", "submitted_at")
    fields = readonly_fields = ("rfp", "application", "reviewer", "status", "total", "submitted_at")


@admin.register(PanelRecommendation)
class PanelRecommendationAdmin(ReadOnlyAdmin):
    list_display = ("id", "application", "recommendation", "recorded_at")
    fields = readonly_fields = ("application", "recommendation", "recorded_at")
