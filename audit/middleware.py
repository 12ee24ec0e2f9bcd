from core.net import client_ip

from .context import acting_from


class AuditContextMiddleware:
    """Every audit event recorded while a request is handled carries its address's keyed hash
    (kept for privileged actors only: see audit.services.record)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with acting_from(client_ip(request)):
            return self.get_response(request)
