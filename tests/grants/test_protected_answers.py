"""Sensitive answers at rest: encrypted under a key outside the database, absent from a dump,
never read back as ciphertext, and moved to a new key by one command."""

import os
import shutil
import subprocess
from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from core.encryption import DecryptionError
from grants import services
from grants.protected import answers_of
from grants.selectors import form_of

from .applying import call_with_form, draft_to

CANARY = "Hidden-in-Mombasa-7731"


def saved_story(text: str):
    rfp, _first, _second = call_with_form()
    application = draft_to(rfp)
    services.save_section(
        application, form_of(rfp)[0], {"title": "Safe houses", "story": text}, by=application.applicant
    )
    application.refresh_from_db()
    return application


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_database_dump_holds_the_sensitive_answer_nowhere_in_plain_text(postgres):
    application = saved_story(CANARY)
    assert answers_of(application)["story"] == CANARY
    settings = connection.settings_dict
    environment = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    dump = subprocess.run(
        [
            shutil.which("pg_dump") or "pg_dump",
            "--host",
            settings["HOST"] or "127.0.0.1",
            "--port",
            str(settings["PORT"] or 5432),
            "--username",
            settings["USER"],
            "--data-only",
            settings["NAME"],
        ],
        capture_output=True,
        env=environment,
        check=True,
    ).stdout
    assert b"Safe houses" in dump  # the dump is real and holds the plain answers...
    assert CANARY.encode() not in dump  # ...but not the sensitive one
    assert b"Mombasa" not in dump


@pytest.mark.django_db
def test_a_wrong_key_fails_loudly_and_never_reads_the_ciphertext_as_an_answer(settings):
    application = saved_story(CANARY)
    settings.ANSWER_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(DecryptionError):
        answers_of(application)


@pytest.mark.django_db
def test_rotation_moves_every_store_to_the_newest_key_and_the_old_one_can_go(settings):
    application = saved_story(CANARY)
    old = settings.ANSWER_ENCRYPTION_KEYS[0]
    new = Fernet.generate_key().decode()
    settings.ANSWER_ENCRYPTION_KEYS = [new, old]
    untouched = saved_story("Another story")  # made under the new key already
    out = StringIO()
    call_command("reencrypt_answers", stdout=out)
    assert out.getvalue().strip() == "1 of 2 applications re-encrypted under the newest key."
    settings.ANSWER_ENCRYPTION_KEYS = [new]
    application.refresh_from_db()
    untouched.refresh_from_db()
    assert answers_of(application)["story"] == CANARY
    assert answers_of(untouched)["story"] == "Another story"
    out = StringIO()
    call_command("reencrypt_answers", stdout=out)
    assert out.getvalue().strip() == "0 of 2 applications re-encrypted under the newest key."


@pytest.mark.django_db
def test_rotation_stops_at_a_store_no_key_opens_and_names_the_application(settings):
    application = saved_story(CANARY)
    settings.ANSWER_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match=str(application.public_id)):
        call_command("reencrypt_answers", stdout=StringIO())
