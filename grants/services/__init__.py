"""Every change to a call and its form (grants/services/*.py): one transaction each, with its
audit event. The names are importable from here."""

from ..errors import ApplyError, BuilderError, PublishError, SectionConflict, SubmissionError
from .applications import move, move_all, save_section, start_application, submit_application, withdraw_application
from .attachments import add_attachment, remove_attachment
from .calls import RFP_FIELDS, create_rfp, duplicate_rfp, set_rfp_staff, update_rfp, update_rfp_texts
from .choices import move_choice, remove_choice
from .deadlines import (
    EarlyClose,
    close_call_early,
    extend_application_deadline,
    extend_call_deadline,
    extend_country_deadline,
    plan_early_close,
)
from .extension_requests import decide_extension_request, request_extension
from .form import (
    QUESTION_FIELDS,
    add_question,
    add_section,
    move_question,
    move_section,
    retire_question,
    update_question,
    update_section,
)
from .more_information import (
    add_staff_note,
    answer_question,
    ask_question,
    reopen_sections,
    resubmit_application,
)
from .publication import language_problems, publication_problems, publish, unpublish
from .reminders import send_due_reminders

__all__ = [
    "QUESTION_FIELDS",
    "RFP_FIELDS",
    "ApplyError",
    "BuilderError",
    "EarlyClose",
    "PublishError",
    "SectionConflict",
    "SubmissionError",
    "add_attachment",
    "add_question",
    "add_section",
    "add_staff_note",
    "answer_question",
    "ask_question",
    "close_call_early",
    "create_rfp",
    "decide_extension_request",
    "duplicate_rfp",
    "extend_application_deadline",
    "extend_call_deadline",
    "extend_country_deadline",
    "language_problems",
    "move",
    "move_all",
    "move_choice",
    "move_question",
    "move_section",
    "plan_early_close",
    "publication_problems",
    "publish",
    "remove_attachment",
    "remove_choice",
    "reopen_sections",
    "request_extension",
    "resubmit_application",
    "retire_question",
    "save_section",
    "send_due_reminders",
    "set_rfp_staff",
    "start_application",
    "submit_application",
    "unpublish",
    "update_question",
    "update_rfp",
    "update_rfp_texts",
    "update_section",
    "withdraw_application",
]
