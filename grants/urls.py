"""Program staff's pages: the RFP builder (grants/staff_views.py). Ids only in paths, never titles."""

from django.urls import path

from . import staff_views as views

app_name = "grants"

urlpatterns = [
    path("", views.rfp_list, name="rfps"),
    path("new/", views.create_rfp, name="create-rfp"),
    path("<int:pk>/", views.rfp_detail, name="rfp"),
    path("<int:pk>/settings/", views.rfp_settings, name="rfp-settings"),
    path("<int:pk>/texts/", views.rfp_texts, name="rfp-texts"),
    path("<int:pk>/preview/", views.preview, name="preview"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/unpublish/", views.unpublish, name="unpublish"),
    path("<int:pk>/duplicate/", views.duplicate, name="duplicate"),
    path("<int:pk>/staff/", views.rfp_staff, name="rfp-staff"),
    path("<int:pk>/sections/new/", views.add_section, name="add-section"),
    path("<int:pk>/sections/<int:section_pk>/", views.edit_section, name="edit-section"),
    path("<int:pk>/sections/<int:section_pk>/move/", views.move_section, name="move-section"),
    path("<int:pk>/sections/<int:section_pk>/questions/new/", views.add_question, name="add-question"),
    path("<int:pk>/questions/<int:question_pk>/", views.edit_question, name="edit-question"),
    path("<int:pk>/questions/<int:question_pk>/move/", views.move_question, name="move-question"),
    path("<int:pk>/questions/<int:question_pk>/remove/", views.retire_question, name="retire-question"),
]
