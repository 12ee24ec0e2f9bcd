"""The applicant's pages of an application (grants/views/applying.py, sections.py, files.py) and
the submitted copy as a PDF (grants/views/copy.py). Paths carry its random public id, never a
title or a sequential number."""

from django.urls import path

from .views import applying, copy, extension_request, files, more_information, sections

app_name = "applying"

urlpatterns = [
    path("<uuid:public_id>/", applying.overview, name="application"),
    path("<uuid:public_id>/submit/", applying.submit, name="submit"),
    path("<uuid:public_id>/resubmit/", applying.resubmit, name="resubmit"),
    path("<uuid:public_id>/answer/", more_information.answer, name="answer"),
    path("<uuid:public_id>/versions/", more_information.versions, name="versions"),
    path("<uuid:public_id>/withdraw/", applying.withdraw, name="withdraw"),
    path("<uuid:public_id>/more-time/", extension_request.request_extension, name="request-extension"),
    path("<uuid:public_id>/copy.pdf", copy.copy_pdf, name="copy-pdf"),
    path("<uuid:public_id>/sections/<int:section_pk>/", sections.section, name="section"),
    path("<uuid:public_id>/files/<uuid:file_id>/", files.download, name="file"),
    path("<uuid:public_id>/files/<uuid:file_id>/remove/", files.remove_file, name="remove-file"),
]
