from functools import wraps

from .permissions import can_manage_people


def admin_only(view):
    """Admins' pages (`permissions.can_manage_people`): a 404 for anyone else, at once, before a
    password is asked again, so nobody learns that the page exists."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        can_manage_people(request.user).or_404()
        return view(request, *args, **kwargs)

    return wrapper
