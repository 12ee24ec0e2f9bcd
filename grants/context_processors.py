from .permissions import can_build_calls


def builder(request):
    """Whether the navigation offers the builder: the rule that answers its pages with a 404."""
    user = getattr(request, "user", None)
    return {"may_build_calls": bool(user is not None and can_build_calls(user))}
