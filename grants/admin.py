from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import RFP, Question, Section


@admin.register(RFP)
class RFPAdmin(ReadOnlyAdmin):
    """Read-only: calls change through the builder's audited services."""

    list_display = ("id", "mechanism", "status", "deadline", "currency", "created_at")
    list_filter = ("mechanism", "status")
    filter_horizontal = ()
    readonly_fields = (
        "mechanism", "status", "texts", "default_language", "languages", "opens_at", "deadline", "time_zone",
        "currency", "min_amount", "max_amount", "budget", "blind_review", "reviewers_per_application",
        "reviewers_see_each_other", "spread_threshold", "staff", "created_by", "duplicated_from", "created_at",
        "published_at",
    )  # fmt: skip
    fields = readonly_fields


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ("id", "rfp", "position")
    list_select_related = ("rfp",)
    fields = readonly_fields = ("rfp", "position", "texts")


@admin.register(Question)
class QuestionAdmin(ReadOnlyAdmin):
    list_display = ("id", "rfp", "key", "type", "position", "required", "identifying", "sensitive", "retired_at")
    list_filter = ("type", "identifying", "sensitive")
    list_select_related = ("rfp",)
    fields = readonly_fields = (
        "rfp", "section", "key", "type", "position", "required", "texts", "choices", "retired_choices", "word_limit",
        "min_value", "max_value", "identifying", "sensitive", "retired_at",
    )  # fmt: skip
