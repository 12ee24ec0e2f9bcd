"""Read-only: decisions and awards change only through services, which audit and notify."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Award, Decision, Letter, Report, ReportRequirement, SupportCommitment, Tranche

for model in (Decision, Award, Letter, Tranche, ReportRequirement, Report, SupportCommitment):
    admin.site.register(model, ReadOnlyAdmin)
