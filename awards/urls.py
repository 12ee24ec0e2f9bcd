"""Awards' pages: staff's (decisions, an award's letters, tranches, reports, support, the
portfolio and open data) and the grantee's, addressed by an award's public id."""

from django.urls import path

from .views import decisions, grantee, letters, portfolio, reports, staff_award, staff_support, staff_tranches

app_name = "awards"

urlpatterns = [
    # Staff's.
    path("staff/portfolio/", portfolio.portfolio, name="portfolio"),
    path("staff/portfolio/export/", portfolio.portfolio_export, name="portfolio-export"),
    path("staff/portfolio/open-data/", portfolio.open_data, name="open-data"),
    path("staff/applications/<uuid:public_id>/decide/", decisions.decide, name="decide"),
    path("staff/applications/<uuid:public_id>/reverse/", decisions.reverse, name="reverse"),
    path("staff/calls/<int:pk>/decide/", decisions.decide_many, name="decide-many"),
    path("staff/letters/<uuid:public_id>/", letters.staff_letter, name="staff-letter"),
    path("staff/<uuid:public_id>/", staff_award.staff_award, name="staff-award"),
    path("staff/<uuid:public_id>/letters/render/", letters.render_again, name="letter-render"),
    path("staff/<uuid:public_id>/publication/", portfolio.publication, name="publication"),
    path("staff/<uuid:public_id>/support/add/", staff_support.add, name="staff-support"),
    path("staff/<uuid:public_id>/support/<uuid:support_id>/", staff_support.edit, name="staff-support-edit"),
    path("staff/<uuid:public_id>/tranches/<int:tranche_id>/paid/", staff_tranches.tranche_paid, name="tranche-paid"),
    path("staff/<uuid:public_id>/close/", staff_tranches.close, name="close"),
    path("staff/<uuid:public_id>/cancel/", staff_tranches.cancel, name="cancel"),
    path("staff/<uuid:public_id>/reports/<int:pk>/", reports.staff_report, name="staff-report"),
    path(
        "staff/<uuid:public_id>/reports/<int:pk>/files/<uuid:file_id>/",
        reports.staff_report_file,
        name="staff-report-file",
    ),
    # The grantee's.
    path("grantee/letters/<uuid:public_id>/", letters.grantee_letter, name="letter"),
    path("grantee/letters/<uuid:public_id>/accept/", letters.accept, name="letter-accept"),
    path("grantee/<uuid:public_id>/", grantee.award, name="award"),
    path("grantee/<uuid:public_id>/support/", grantee.ask_support, name="grantee-support"),
    path("grantee/<uuid:public_id>/reports/<int:pk>/", reports.report, name="report"),
    path("grantee/<uuid:public_id>/reports/<int:pk>/files/<uuid:file_id>/", reports.report_file, name="report-file"),
]
