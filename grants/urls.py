"""Program staff's pages: the builder (grants/views/calls.py and form.py), a call's applications
and their files (staff_applications.py, staff_files.py), its drafts and their deadlines
(staff_drafts.py, staff_extensions.py). Ids only in paths, never titles."""

from django.urls import path

from .views import (
    calls,
    deadlines,
    form,
    staff_applications,
    staff_drafts,
    staff_export,
    staff_extensions,
    staff_files,
    staff_more_information,
)

app_name = "grants"

urlpatterns = [
    path("", calls.rfp_list, name="rfps"),
    path("new/", calls.create_rfp, name="create-rfp"),
    path("<int:pk>/", calls.rfp_detail, name="rfp"),
    path("<int:pk>/settings/", calls.rfp_settings, name="rfp-settings"),
    path("<int:pk>/texts/", calls.rfp_texts, name="rfp-texts"),
    path("<int:pk>/preview/", calls.preview, name="preview"),
    path("<int:pk>/publish/", calls.publish, name="publish"),
    path("<int:pk>/unpublish/", calls.unpublish, name="unpublish"),
    path("<int:pk>/duplicate/", calls.duplicate, name="duplicate"),
    path("<int:pk>/staff/", calls.rfp_staff, name="rfp-staff"),
    path("<int:pk>/deadline/extend/", deadlines.extend_call, name="extend-call"),
    path("<int:pk>/deadline/close-early/", deadlines.close_early, name="close-early"),
    path("<int:pk>/sections/new/", form.add_section, name="add-section"),
    path("<int:pk>/sections/<int:section_pk>/", form.edit_section, name="edit-section"),
    path("<int:pk>/sections/<int:section_pk>/move/", form.move_section, name="move-section"),
    path("<int:pk>/sections/<int:section_pk>/questions/new/", form.add_question, name="add-question"),
    path("<int:pk>/questions/<int:question_pk>/", form.edit_question, name="edit-question"),
    path("<int:pk>/questions/<int:question_pk>/move/", form.move_question, name="move-question"),
    path("<int:pk>/questions/<int:question_pk>/remove/", form.retire_question, name="retire-question"),
    path(
        "<int:pk>/questions/<int:question_pk>/choices/<slug:key>/remove/",
        form.remove_choice,
        name="remove-choice",
    ),
    path("<int:pk>/applications/", staff_applications.staff_applications, name="staff-applications"),
    path("<int:pk>/applications/export/", staff_export.staff_export, name="staff-applications-export"),
    path("<int:pk>/drafts/", staff_drafts.staff_drafts, name="staff-drafts"),
    path("<int:pk>/drafts/extend/", staff_extensions.extend_country, name="extend-country"),
    path("<int:pk>/drafts/<uuid:public_id>/extend/", staff_extensions.extend_draft, name="extend-draft"),
    path("<int:pk>/drafts/<uuid:public_id>/request/", staff_extensions.decide_extension, name="decide-extension"),
    path(
        "<int:pk>/applications/<uuid:public_id>/files/<uuid:file_id>/",
        staff_files.staff_file,
        name="staff-file",
    ),
    path("<int:pk>/applications/<uuid:public_id>/ask/", staff_more_information.ask, name="staff-ask"),
    path("<int:pk>/applications/<uuid:public_id>/reopen/", staff_more_information.reopen, name="staff-reopen"),
    path("<int:pk>/applications/<uuid:public_id>/notes/", staff_more_information.note, name="staff-note"),
    path("<int:pk>/applications/<uuid:public_id>/versions/", staff_more_information.versions, name="staff-versions"),
]
