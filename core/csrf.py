from django.middleware.csrf import CsrfViewMiddleware


class CsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF protection, compatible with `Referrer-Policy: no-referrer`.

    Under that policy browsers send `Origin: null` (and no Referer) with a form's POST, which
    Django's origin check refuses. The browser's `Sec-Fetch-Site: same-origin` says the same
    thing Origin would have: a `null` origin passes only with it. The CSRF token is checked
    as usual either way.
    """

    def _origin_verified(self, request):
        if request.META.get("HTTP_ORIGIN") == "null":
            return request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin"
        return super()._origin_verified(request)
