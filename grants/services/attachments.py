"""Files answering file questions: each its own upload, checked and rewritten by core.uploads
before anything is stored, kept through the storage API under a random name."""

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from audit import services as audit
from core.errors import Refused
from core.uploads import clean_upload

from ..errors import ApplyError
from ..models import Attachment, Question
from ..selectors import live_questions_of
from .applications import check_still_open, owned_for_change

FILES_PER_QUESTION = 10
NAME_MAX = 150


def _display_name(name: str, extension: str) -> str:
    """What the applicant called the file, without any folder, with the extension of what it
    now is (a HEIC photo is now a JPEG)."""
    stem = (name or "").replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0].strip() or _("file")
    return stem[: NAME_MAX - len(extension)] + extension


@transaction.atomic
def add_attachment(application, question: Question, uploaded, *, by, now=None) -> Attachment:
    """Check, clean and keep one file. Raises Refused (with the reason, on the question's field)."""
    now = now or timezone.now()
    stored = owned_for_change(application, by)
    check_still_open(stored, by, now, question.section_id)
    if question.rfp_id != stored.rfp_id or question.type != Question.Type.FILE or question.retired_at:
        raise TypeError("Not a file question of this application's call")
    if stored.attachments.filter(question_key=question.key).count() >= FILES_PER_QUESTION:
        raise ApplyError(
            _("At most %(count)d files can answer one question: remove one first.") % {"count": FILES_PER_QUESTION},
            field=question.key,
        )
    attachment = keep_clean_file(stored, uploaded, by=by, now=now, field=question.key, question_key=question.key)
    stored.updated_at, stored.last_saved_by = now, by
    stored.save(update_fields=["updated_at", "last_saved_by"])
    audit.record(by, "application.file_added", stored, detail={"attachment": attachment.pk, "kind": attachment.kind})
    return attachment


def keep_clean_file(application, uploaded, *, by, now, field: str, question_key: str = "", message=None) -> Attachment:
    """Check and clean `uploaded` (core.uploads) and store the clean rewrite as a file of the
    application: answering a question, or sent with a message of its thread. Raises ApplyError
    on `field`; the caller holds the application's row lock."""
    try:
        clean = clean_upload(uploaded, max_bytes=settings.ATTACHMENT_MAX_BYTES)
    except Refused as refusal:
        raise ApplyError(refusal.message, field=field) from refusal
    used = application.attachments.aggregate(total=Sum("size"))["total"] or 0
    if used + len(clean.content) > settings.APPLICATION_FILES_MAX_BYTES:
        raise ApplyError(
            _("The files of one application may weigh %(limit)s together; this one would go over. Remove a file first.")
            % {"limit": filesizeformat(settings.APPLICATION_FILES_MAX_BYTES)},
            field=field,
        )
    attachment = Attachment(
        application=application,
        question_key=question_key,
        message=message,
        kind=clean.kind,
        content_type=clean.content_type,
        size=len(clean.content),
        pages=clean.pages,
        name=_display_name(getattr(uploaded, "name", ""), clean.extension),
        uploaded_by=by,
        uploaded_at=now,
    )
    attachment.file.save(f"upload{clean.extension}", ContentFile(clean.content), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def section_of_file(application, attachment: Attachment) -> int | None:
    """The section whose question the file answers (None when the question is gone)."""
    return (
        live_questions_of(application.rfp)
        .filter(key=attachment.question_key)
        .values_list("section_id", flat=True)
        .first()
    )


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by, now=None) -> None:
    now = now or timezone.now()
    stored = owned_for_change(attachment.application, by)
    check_still_open(stored, by, now, section_of_file(stored, attachment))
    attachment = stored.attachments.filter(pk=attachment.pk, message__isnull=True).first()
    if attachment is None:
        raise ApplyError(_("This file is no longer attached."))
    pk, name, storage = attachment.pk, attachment.file.name, attachment.file.storage
    attachment.delete()
    # The stored bytes go only once the row is surely gone.
    transaction.on_commit(lambda: storage.delete(name))
    stored.updated_at, stored.last_saved_by = now, by
    stored.save(update_fields=["updated_at", "last_saved_by"])
    audit.record(by, "application.file_removed", stored, detail={"attachment": pk})
