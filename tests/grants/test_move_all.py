"""Moving many applications at once writes exactly what moving them one by one would: the rows,
the requests for more time made moot, the audit events (with the acting address's hash) and
the messages; one refused move refuses the batch; the statements do not grow with the batch."""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import Role
from audit.context import acting_from, ip_hash
from audit.models import AuditEvent
from core.errors import Refused
from grants import services
from grants.models import Application, ExtensionRequest
from notifications.models import Message
from tests.factories import UserFactory

from .applying import draft_to, published_call

pytestmark = pytest.mark.django_db
S = Application.Status
NOW = timezone.now().replace(microsecond=0) + timedelta(days=1)
ROW = ("pk", "status", "submitted_at", "withdrawn_at", "next_reminder_at", "extension_requested_at")
EVENT = ("actor_id", "verb", "target_type", "target_id", "detail", "ip_hash")
MESSAGE = (
    "recipient_id",
    "kind",
    "template",
    "language",
    "subject",
    "body",
    "dedupe_key",
    "address",
    "status",
    "email_subject",
    "email_text",
    "email_html",
)


class Undo(Exception):
    pass


def with_request(application, status=ExtensionRequest.Status.PENDING):
    ExtensionRequest.objects.create(
        application=application,
        requested_by=application.applicant,
        requested_until=NOW + timedelta(days=7),
        reason="Illness",
        status=status,
    )
    application.extension_requested_at = NOW - timedelta(days=1)
    application.save(update_fields=["extension_requested_at"])


def written(pks, events_after, messages_after) -> dict:
    return {
        "rows": list(Application.objects.filter(pk__in=pks).order_by("pk").values_list(*ROW)),
        "requests": list(
            ExtensionRequest.objects.filter(application__in=pks)
            .order_by("pk")
            .values_list("pk", "status", "decided_at")
        ),
        "events": list(AuditEvent.objects.filter(pk__gt=events_after).order_by("pk").values_list(*EVENT)),
        "messages": sorted(Message.objects.filter(pk__gt=messages_after).values_list(*MESSAGE)),
    }


def compared(pks, to, by):
    """What moving `pks` one by one writes, then what moving them all at once does (each undone)."""
    events_after = AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    messages_after = Message.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    results = []
    for way in ("one by one", "all at once"):
        try:
            with transaction.atomic(), acting_from("203.0.113.7"):
                applications = list(Application.objects.filter(pk__in=pks).order_by("pk"))
                if way == "one by one":
                    moved = [services.move(application, to, by=by, now=NOW) for application in applications]
                else:
                    moved = services.move_all(applications, to, by=by, now=NOW)
                results.append(
                    (
                        [(a.pk, a.status, a.submitted_at, a.withdrawn_at) for a in moved],
                        written(pks, events_after, messages_after),
                    )
                )
                raise Undo
        except Undo:
            pass
    return results


def test_withdrawing_many_by_staff_writes_what_withdrawing_each_would():
    rfp = published_call()
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    draft = draft_to(rfp, next_reminder_at=NOW + timedelta(days=2))
    with_request(draft)
    with_request(draft, ExtensionRequest.Status.REFUSED)
    submitted = draft_to(rfp, status=S.SUBMITTED, submitted_at=NOW - timedelta(days=3), reference="A-1")
    in_review = draft_to(rfp, status=S.IN_REVIEW, submitted_at=NOW - timedelta(days=4), reference="A-2")
    pks = [draft.pk, submitted.pk, in_review.pk]

    one_by_one, all_at_once = compared(pks, S.WITHDRAWN, staff)

    assert all_at_once == one_by_one
    moved, stored = all_at_once
    assert moved == [
        (draft.pk, S.WITHDRAWN, None, NOW),
        (submitted.pk, S.WITHDRAWN, NOW - timedelta(days=3), NOW),
        (in_review.pk, S.WITHDRAWN, NOW - timedelta(days=4), NOW),
    ]
    assert stored["rows"] == [(pk, S.WITHDRAWN, at, NOW, None, None) for pk, _status, at, _w in moved]
    assert [(status, decided) for _pk, status, decided in stored["requests"]] == [
        (ExtensionRequest.Status.CLOSED, NOW),
        (ExtensionRequest.Status.REFUSED, None),
    ]
    hashed = ip_hash("203.0.113.7")
    assert stored["events"] == [
        (staff.pk, "application.withdrawn", "grants.application", str(draft.pk), {"from": "draft"}, hashed),
        (staff.pk, "application.withdrawn", "grants.application", str(submitted.pk), {"from": "submitted"}, hashed),
        (staff.pk, "application.withdrawn", "grants.application", str(in_review.pk), {"from": "in_review"}, hashed),
    ]
    assert sorted((row[0], row[6]) for row in stored["messages"]) == sorted(
        (person.pk, f"grants/withdrawn:{application.pk}:{person.pk}")
        for application in (draft, submitted, in_review)
        for person in (application.applicant, staff)
    )


def test_submitting_many_drafts_of_one_applicant_writes_what_submitting_each_would():
    rfp = published_call()
    applicant = UserFactory()
    drafts = [draft_to(rfp, applicant=applicant, next_reminder_at=NOW + timedelta(days=1)) for _ in range(3)]
    with_request(drafts[1])
    pks = [draft.pk for draft in drafts]

    one_by_one, all_at_once = compared(pks, S.SUBMITTED, applicant)

    assert all_at_once == one_by_one
    _moved, stored = all_at_once
    assert stored["rows"] == [(pk, S.SUBMITTED, NOW, None, None, None) for pk in pks]
    assert [status for _pk, status, _at in stored["requests"]] == [ExtensionRequest.Status.CLOSED]
    # An applicant's address is never kept.
    assert [(event[0], event[1], event[3], event[5]) for event in stored["events"]] == [
        (applicant.pk, "application.submitted", str(pk), "") for pk in pks
    ]
    assert [(row[0], row[2], row[6]) for row in stored["messages"]] == sorted(
        (applicant.pk, "grants/submitted", f"grants/submitted:{pk}:{applicant.pk}") for pk in pks
    )


def test_moving_many_to_review_tells_nobody_and_writes_what_each_move_would():
    rfp = published_call()
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    pks = [draft_to(rfp, status=S.SUBMITTED, submitted_at=NOW, reference=f"A-{n}").pk for n in range(4)]

    one_by_one, all_at_once = compared(pks, S.IN_REVIEW, staff)

    assert all_at_once == one_by_one
    _moved, stored = all_at_once
    assert [row[1] for row in stored["rows"]] == [S.IN_REVIEW] * 4
    assert [event[4] for event in stored["events"]] == [{"from": "submitted"}] * 4
    assert stored["messages"] == []


def test_one_move_off_the_table_refuses_the_batch_and_changes_nothing():
    rfp = published_call()
    staff = UserFactory(roles=[Role.PROGRAM_STAFF])
    submitted = [draft_to(rfp, status=S.SUBMITTED, submitted_at=NOW, reference=f"A-{n}") for n in range(3)]
    withdrawn = draft_to(rfp, status=S.WITHDRAWN, submitted_at=NOW, reference="A-9")
    batch = [*submitted, withdrawn]
    events, messages = AuditEvent.objects.count(), Message.objects.count()

    with pytest.raises(Refused, match=r"An application that is withdrawn cannot become in review\."):
        services.move_all(batch, S.IN_REVIEW, by=staff, now=NOW)

    assert [application.status for application in batch] == [S.SUBMITTED] * 3 + [S.WITHDRAWN]
    assert list(Application.objects.filter(rfp=rfp).order_by("pk").values_list("status", flat=True)) == [
        S.SUBMITTED
    ] * 3 + [S.WITHDRAWN]
    assert (AuditEvent.objects.count(), Message.objects.count()) == (events, messages)


def test_an_application_given_twice_is_a_programming_mistake():
    application = draft_to(published_call(), status=S.SUBMITTED)
    with pytest.raises(TypeError):
        services.move_all([application, application], S.IN_REVIEW, by=None)


def test_nothing_to_move_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert services.move_all([], S.IN_REVIEW, by=None) == []


@pytest.mark.parametrize("count", [1, 100])
def test_the_statements_do_not_grow_with_the_batch(count):
    rfp = published_call()
    applicant = UserFactory()
    drafts = [draft_to(rfp, applicant=applicant) for _ in range(count)]
    for draft in drafts:
        with_request(draft)
    applications = list(Application.objects.filter(rfp=rfp))

    with CaptureQueriesContext(connection) as queries:
        services.move_all(applications, S.SUBMITTED, by=applicant, now=NOW)

    # The requests closed, the rows, the audit events, the applicants and calls read for the
    # messages, the messages inserted and read back.
    assert len(queries) == 7
    assert Application.objects.filter(rfp=rfp, status=S.SUBMITTED).count() == count
    assert AuditEvent.objects.filter(verb="application.submitted").count() == count
    assert Message.objects.filter(template="grants/submitted").count() == count
