"""An applicant's pages of their applications, by public id (grants/views/applying.py), and the
submitted copy as a PDF (grants/views/copy.py)."""

from django.urls import path

from .views import copy

app_name = "applying"

urlpatterns = [
    path("<uuid:public_id>/copy.pdf", copy.copy_pdf, name="copy-pdf"),
]
