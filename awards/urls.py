"""Awards' pages: staff's (decisions, an award's letters, tranches, reports, support, the
portfolio and open data) and the grantee's, addressed by an award's public id."""

from django.urls import path

from .views import decisions, portfolio, staff_award

app_name = "awards"

urlpatterns: list = [
    path("staff/portfolio/", portfolio.portfolio, name="portfolio"),
    path("staff/portfolio/export/", portfolio.portfolio_export, name="portfolio-export"),
    path("staff/portfolio/open-data/", portfolio.open_data, name="open-data"),
    path("staff/<uuid:public_id>/publication/", portfolio.publication, name="publication"),
    path("staff/<uuid:public_id>/", staff_award.staff_award, name="staff-award"),
    path("staff/applications/<uuid:public_id>/decide/", decisions.decide, name="decide"),
    path("staff/applications/<uuid:public_id>/reverse/", decisions.reverse, name="reverse"),
    path("staff/calls/<int:pk>/decide/", decisions.decide_many, name="decide-many"),
]
