import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT reverse proxies, the
    address the outermost trusted proxy saw (a client can prepend anything to the header)."""
    count = settings.TRUSTED_PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR", "")


def truncate_ip(ip: str) -> str:
    """The network, not the machine: an IPv4 address to its /24, an IPv6 address to its /48.
    Enough to tell "a session from somewhere else", too little to find a person."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return "0.0.0.0"  # noqa: S104 - an unknown address, stored as "none", never bound to
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)
