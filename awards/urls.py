"""Awards' pages: staff's (decisions, an award's letters, tranches, reports, support, the
portfolio and open data) and the grantee's, addressed by an award's public id."""

from django.urls import path

from .views import portfolio, reports

app_name = "awards"

urlpatterns: list = [
    path("staff/portfolio/", portfolio.portfolio, name="portfolio"),
    path("staff/portfolio/export/", portfolio.portfolio_export, name="portfolio-export"),
    path("staff/portfolio/open-data/", portfolio.open_data, name="open-data"),
    path("staff/<uuid:public_id>/publication/", portfolio.publication, name="publication"),
]

urlpatterns += [
    path("<uuid:public_id>/reports/<int:pk>/", reports.report, name="report"),
    path("<uuid:public_id>/reports/<int:pk>/files/<uuid:file_id>/", reports.report_file, name="report-file"),
    path("staff/<uuid:public_id>/reports/<int:pk>/", reports.staff_report, name="staff-report"),
    path(
        "staff/<uuid:public_id>/reports/<int:pk>/files/<uuid:file_id>/",
        reports.staff_report_file,
        name="staff-report-file",
    ),
]
