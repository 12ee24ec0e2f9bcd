"""A browser signed in without going through the sign-in pages, for tests about other pages."""

from django.conf import settings
from django.test import Client

from .conftest import GuardedPage


def sign_in(guarded: GuardedPage, live_server, user) -> None:
    """`user`'s session cookie in the page's browser context, as after signing in."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    guarded.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
