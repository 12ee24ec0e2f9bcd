"""Which address a request comes from: a client can prepend anything to X-Forwarded-For, so only
the entries the trusted proxies appended count."""

from django.test import RequestFactory, override_settings

from core.net import client_ip


def request_from(remote_addr: str, forwarded_for: str | None = None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_proxy_the_forwarded_header_is_ignored():
    assert client_ip(request_from("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_a_spoofed_first_entry_is_ignored():
    assert client_ip(request_from("10.0.0.2", "198.51.100.66, 203.0.113.7")) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_address_the_outer_proxy_saw_is_used():
    assert client_ip(request_from("10.0.0.3", "198.51.100.66, 203.0.113.7, 10.0.0.2")) == "203.0.113.7"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_with_fewer_entries_than_proxies_the_direct_peer_is_used():
    assert client_ip(request_from("10.0.0.3", "203.0.113.7")) == "10.0.0.3"
