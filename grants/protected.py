"""Answers to sensitive questions, kept apart and encrypted (core.encryption, keys outside the
database), so a leaked dump, the search index or an export never holds them in the clear.

`answers_of` is the only way to read all of an application's answers (a submitted version's
too: versions.as_submitted); `store_answers` the only way to write them. The more-information
thread is kept the same way (`sealed`, `message_text`). A key that cannot open the store fails
loudly (DecryptionError): an answer is never replaced by its ciphertext, nor silently by nothing."""

import json

from core import encryption

from .models import Application, ApplicationMessage, Question


def sensitive_answers_of(application: Application) -> dict:
    if not application.sensitive_answers:
        return {}
    return json.loads(encryption.decrypt(application.sensitive_answers))


def answers_of(application: Application) -> dict:
    return {**application.answers, **sensitive_answers_of(application)}


def store_answers(application: Application, values: dict, questions: list[Question]) -> None:
    """Put `values` (by question key) in the plain or the protected store, by each question's
    sensitivity; the other answers stay as they were. Saves nothing: the caller saves the row."""
    sensitive = {question.key for question in questions if question.sensitive}
    plain = {key: value for key, value in values.items() if key not in sensitive}
    protected = {key: value for key, value in values.items() if key in sensitive}
    application.answers = {**{k: v for k, v in application.answers.items() if k not in sensitive}, **plain}
    if protected or sensitive & set(sensitive_answers_of(application)):
        kept = sensitive_answers_of(application)
        kept.update(protected)
        application.sensitive_answers = encryption.encrypt(json.dumps(kept, ensure_ascii=False))


def reencrypt(application: Application) -> bool:
    """Put the protected store under the newest key; whether it changed."""
    token = application.sensitive_answers
    if not token or encryption.is_current(token):
        return False
    application.sensitive_answers = encryption.rotate(token)
    return True


def sealed(text: str) -> str:
    """A message of the more-information thread as it is stored: never in the clear."""
    return encryption.encrypt(text)


def message_text(message: ApplicationMessage) -> str:
    return encryption.decrypt(message.body_encrypted)
