"""Awards' pages: staff's (decisions, an award's letters, tranches, reports, support, the
portfolio and open data) and the grantee's, addressed by an award's public id."""

from django.urls import path

from .views import letters, portfolio

app_name = "awards"

urlpatterns: list = [
    path("staff/portfolio/", portfolio.portfolio, name="portfolio"),
    path("staff/portfolio/export/", portfolio.portfolio_export, name="portfolio-export"),
    path("staff/portfolio/open-data/", portfolio.open_data, name="open-data"),
    path("staff/<uuid:public_id>/publication/", portfolio.publication, name="publication"),
    path("staff/<uuid:public_id>/letters/render/", letters.render_again, name="letter-render"),
    path("staff/letters/<uuid:public_id>/", letters.staff_letter, name="staff-letter"),
    path("letters/<uuid:public_id>/", letters.grantee_letter, name="letter"),
    path("letters/<uuid:public_id>/accept/", letters.accept, name="letter-accept"),
]
