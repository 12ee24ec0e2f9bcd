"""Calls for proposals (RFPs), their forms, and the applications made to them.

Texts that applicants read exist once per published language, kept as JSON objects keyed by
language code ({"en": {...}, "ar": {...}}); a missing language falls back to the RFP's default
language, which the caller passes in (a row never reaches its RFP for it, so a page of 100
questions costs one query).
"""

from .applications import Application, ApplicationVersion, Attachment, ReferenceCounter, attachment_name
from .calls import MONEY, RFP, Question, RFPQuerySet, Section
from .deadlines import DeadlineExtension, ExtensionRequest
from .thread import ApplicationMessage, StaffNote

__all__ = [
    "MONEY",
    "RFP",
    "Application",
    "ApplicationMessage",
    "ApplicationVersion",
    "Attachment",
    "DeadlineExtension",
    "ExtensionRequest",
    "Question",
    "RFPQuerySet",
    "ReferenceCounter",
    "Section",
    "StaffNote",
    "attachment_name",
]
