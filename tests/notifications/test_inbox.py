import pytest
from django.urls import reverse

from notifications import services
from notifications.models import Message

pytestmark = pytest.mark.django_db


def fill_inbox(user, count: int) -> list[Message]:
    return [services.notify(user, "accounts/welcome", {}, dedupe_key=f"m-{user.pk}-{n}") for n in range(count)]


@pytest.mark.parametrize("messages", [1, 50])
def test_the_inbox_costs_the_same_queries_for_1_and_50_messages(messages, client, applicant, django_assert_num_queries):
    fill_inbox(applicant, messages)
    client.force_login(applicant)
    with django_assert_num_queries(5):
        response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == min(messages, 25)


def test_the_inbox_lists_only_the_users_own_inbox_messages_newest_first(client, applicant, user_factory):
    older, newer = fill_inbox(applicant, 2)
    fill_inbox(user_factory(), 1)
    services.queue_email(applicant.email, subject="Code", text="123", template="code", recipient=applicant)
    client.force_login(applicant)
    response = client.get(reverse("notifications:inbox"))
    assert list(response.context["page_obj"]) == [newer, older]


def test_reading_a_message_marks_it_read_and_the_unread_count_drops(client, applicant):
    first, _second = fill_inbox(applicant, 2)
    client.force_login(applicant)
    assert client.get(reverse("portal:home")).context["unread_messages"] == 2

    response = client.get(reverse("notifications:message", args=[first.pk]))

    assert response.status_code == 200
    first.refresh_from_db()
    assert first.read_at is not None
    assert client.get(reverse("portal:home")).context["unread_messages"] == 1


def test_another_users_message_is_a_404_and_stays_unread(client, applicant, user_factory):
    (theirs,) = fill_inbox(user_factory(), 1)
    client.force_login(applicant)
    assert client.get(reverse("notifications:message", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_transactional_message_cannot_be_opened_as_an_inbox_message(client, applicant):
    code = services.queue_email(applicant.email, subject="Code", text="123", template="code", recipient=applicant)
    client.force_login(applicant)
    assert client.get(reverse("notifications:message", args=[code.pk])).status_code == 404


def test_the_admin_sees_delivery_facts_but_not_the_body(client, admin_user, applicant):
    (message,) = fill_inbox(applicant, 1)
    client.force_login(admin_user)
    response = client.get(reverse("admin:notifications_message_change", args=[message.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert message.message_id.strip("<>") in page or message.message_id in page
    assert message.body.split(".")[0] not in page
    assert applicant.email not in page
