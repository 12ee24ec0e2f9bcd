from functools import wraps

from django.http import Http404


def admin_only(view):
    """A 404 for anyone but an admin, at once: before a password is asked again, so nobody
    learns that the page exists."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_admin:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper
