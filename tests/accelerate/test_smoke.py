from django.urls import reverse


def test_the_home_page_answers(client, db):
    assert client.get(reverse("portal:home")).status_code == 200
