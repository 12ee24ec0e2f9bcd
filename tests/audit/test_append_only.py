"""An audit event, once written, is never changed or deleted: not through the model, not through
a queryset, and on PostgreSQL not even by raw SQL."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from audit import services as audit
from audit.models import AppendOnlyError, AuditEvent


@pytest.fixture
def event(applicant):
    return audit.record(applicant, "account.profile_updated", applicant, detail={"fields": ["name"]})


def assert_unchanged(event):
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.verb, stored.detail) == ("account.profile_updated", {"fields": ["name"]})


def test_a_new_event_is_written_once(event):
    assert AuditEvent.objects.count() == 1


def test_saving_an_existing_event_is_refused(event):
    event.verb = "account.nothing_happened"
    with pytest.raises(AppendOnlyError):
        event.save()
    assert_unchanged(event)


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert_unchanged(event)


def test_updating_events_through_a_queryset_is_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="account.nothing_happened")
    assert_unchanged(event)


def test_bulk_updating_events_is_refused(event):
    event.verb = "account.nothing_happened"
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update([event], ["verb"])
    assert_unchanged(event)


def test_deleting_events_through_a_queryset_is_refused(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert_unchanged(event)


def test_an_event_cannot_be_overwritten_by_creating_one_with_its_id(event):
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.create(pk=event.pk, verb="account.nothing_happened")
    assert_unchanged(event)


def test_the_admin_site_shows_events_but_cannot_delete_them(client, admin_user, event):
    client.force_login(admin_user)
    assert client.get(reverse("admin:audit_auditevent_change", args=[event.pk])).status_code == 200
    response = client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert_unchanged(event)


def raw_sql(sql: str, params: list) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.postgres
def test_on_postgresql_the_database_refuses_a_raw_update(postgres, event):
    with pytest.raises(IntegrityError, match="audit events are append-only: UPDATE refused"):
        raw_sql("UPDATE audit_auditevent SET verb = %s WHERE id = %s", ["account.nothing_happened", event.pk])
    assert_unchanged(event)


@pytest.mark.postgres
def test_on_postgresql_the_database_refuses_a_raw_delete(postgres, event):
    with pytest.raises(IntegrityError, match="audit events are append-only: DELETE refused"):
        raw_sql("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    assert_unchanged(event)


@pytest.mark.postgres
def test_on_postgresql_a_delete_that_skips_the_model_is_refused_too(postgres, event):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk)._raw_delete(connection.alias)
    assert_unchanged(event)


@pytest.mark.postgres
def test_on_postgresql_new_events_are_still_written(postgres, event, applicant):
    audit.record(applicant, "account.logout", applicant)
    assert AuditEvent.objects.count() == 2
