"""`notify_many` is `notify` for many recipients at once: the same rendering, the same discreet
email rule, one insert and one read however many, duplicates as no-ops, and each new message
published only after commit."""

import pytest
from django.db import transaction

from accounts.models import User
from notifications import services
from notifications.models import Message
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def welcomes(people, prefix="welcome"):
    return [(person, "accounts/welcome", {}, f"{prefix}:{person.pk}") for person in people]


def test_each_message_is_what_notify_would_have_made():
    alone, many = UserFactory(language="fr"), UserFactory(language="fr")
    one = services.notify(alone, "accounts/welcome", {}, dedupe_key="one")
    [other] = services.notify_many([(many, "accounts/welcome", {}, "other")])
    fields = ("kind", "template", "language", "subject", "body", "status", "email_subject", "email_text", "email_html")
    assert [getattr(other, name) for name in fields] == [getattr(one, name) for name in fields]
    assert (other.subject, other.recipient, other.address) == ("Bienvenue", many, many.email)


def test_each_recipient_gets_their_own_language_and_choice_of_email():
    french = UserFactory(language="fr")
    portal_only = UserFactory(notification_choice=User.Notify.PORTAL_ONLY)
    no_address = UserFactory()
    User.objects.filter(pk=no_address.pk).update(email=None)
    no_address.refresh_from_db()
    messages = {m.recipient_id: m for m in services.notify_many(welcomes([french, portal_only, no_address]))}
    assert (messages[french.pk].subject, messages[french.pk].status) == ("Bienvenue", Message.Status.QUEUED)
    assert messages[french.pk].email_subject == "Vous avez un nouveau message"
    for person in (portal_only, no_address):
        assert (messages[person.pk].status, messages[person.pk].address) == (Message.Status.NOT_EMAILED, "")
        assert messages[person.pk].email_text == ""


def test_keys_already_used_or_given_twice_are_no_ops_and_only_new_messages_are_returned():
    first, second = UserFactory(), UserFactory()
    earlier = services.notify(first, "accounts/welcome", {}, dedupe_key=f"welcome:{first.pk}")
    with transaction.atomic():
        added = services.notify_many([*welcomes([first, second]), *welcomes([second])])
        first.name = "Still writable"
        first.save()
    assert [message.recipient for message in added] == [second]
    assert Message.objects.count() == 2
    assert Message.objects.get(dedupe_key=f"welcome:{first.pk}").message_id == earlier.message_id
    assert services.notify_many(welcomes([first, second])) == []
    assert services.notify_many([]) == []


@pytest.mark.parametrize("count", [1, 30])  # SQLite would cut a larger insert into batches
def test_one_insert_and_one_read_however_many(count, django_assert_num_queries):
    people = UserFactory.create_batch(count)
    with django_assert_num_queries(2):
        assert len(services.notify_many(welcomes(people))) == count


def test_new_messages_are_published_after_commit_and_old_ones_not_again(django_capture_on_commit_callbacks, mailoutbox):
    first, second, portal_only = UserFactory(), UserFactory(), UserFactory(notification_choice=User.Notify.PORTAL_ONLY)
    services.notify(first, "accounts/welcome", {}, dedupe_key=f"welcome:{first.pk}")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify_many(welcomes([first, second, portal_only]))
        assert mailoutbox == []
    assert len(callbacks) == 1
    assert [sent.to for sent in mailoutbox] == [[second.email]]
    assert Message.objects.get(recipient=second).status == Message.Status.SENT


def test_many_new_messages_go_to_workers_in_batches_and_each_is_sent_once(
    django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    monkeypatch.setattr(services, "PUBLISH_BATCH", 2)
    people = UserFactory.create_batch(5)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.notify_many(welcomes(people))
    assert len(callbacks) == 1
    assert sorted(sent.to[0] for sent in mailoutbox) == sorted(person.email for person in people)
    assert set(Message.objects.values_list("status", flat=True)) == {Message.Status.SENT}


def test_recipients_with_the_same_language_and_context_share_one_rendering(monkeypatch):
    rendered = []
    real = services.render_inbox

    def counting(template, context, language):
        rendered.append(language)
        return real(template, context, language)

    monkeypatch.setattr(services, "render_inbox", counting)
    english, french = UserFactory.create_batch(3), UserFactory.create_batch(2, language="fr")
    added = services.notify_many(welcomes([*english, *french]))
    assert sorted(rendered) == ["en", "fr"]
    assert [message.subject for message in added] == ["Welcome"] * 3 + ["Bienvenue"] * 2
