"""An audit detail holds ids, counts, flags and short machine words: never names, addresses or
anything a person typed. A detail that could hold them is refused, and nothing is written."""

import pytest

from audit import services as audit
from audit.models import AuditEvent
from audit.services import AuditDetailError, check_detail


@pytest.mark.parametrize(
    "detail",
    [
        {"application": 42},
        {"rows": 0, "files": 17},
        {"known_account": False},
        {"role": "program_staff"},
        {"fields": ["name", "language", "time_zone"]},
        {"reason": "deadline.extended"},
        {"previous": None},
        {"ids": [3, 5, 8]},
        {},
    ],
    ids=["an id", "counts", "a flag", "a role", "field names", "a reason word", "nothing", "ids", "empty"],
)
def test_ids_counts_flags_and_short_words_are_accepted(detail, applicant):
    event = audit.record(applicant, "test.accepted", detail=detail)
    assert AuditEvent.objects.get(pk=event.pk).detail == detail


@pytest.mark.parametrize(
    "detail",
    [
        {"name": "Amina Haddad"},
        {"name": "Amina"},
        {"email": "amina@example.org"},
        {"answer": "We shelter defenders in the north of the country."},
        {"fields": ["name", "Amina Haddad"]},
        {"reason": "x" * 65},
        {"amount": 12.5},
        {"nested": {"application": 1}},
        {"Full Name": 1},
        {"amina@example.org": True},
    ],
    ids=[
        "a full name",
        "a capitalised name",
        "an email address",
        "free text",
        "a name in a list",
        "a long word",
        "a float",
        "a nested object",
        "a key with spaces",
        "an address as a key",
    ],
)
def test_names_addresses_and_free_text_are_refused_and_nothing_is_written(detail, applicant):
    with pytest.raises(AuditDetailError):
        audit.record(applicant, "test.refused", detail=detail)
    assert AuditEvent.objects.count() == 0


def test_the_refusal_names_the_key_but_not_the_value():
    with pytest.raises(AuditDetailError) as refusal:
        check_detail({"email": "amina@example.org"})
    assert str(refusal.value) == "Audit detail 'email' must hold ids, counts or short words only."
