from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers


class SecurityHeadersMiddleware:
    """Headers that Django's SecurityMiddleware and django-csp don't set.

    No page may be kept by the browser's or a proxy's cache, signed in or not (the sign-up code
    page shows the address to a visitor who is not signed in yet), nor anything else a signed-in
    user gets: a seized laptop's cache must not reveal them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if signed_in or response.get("Content-Type", "").startswith("text/html"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response
