from .permissions import can_manage_people
from .roles import Role


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"Role": Role}
    return {"Role": Role, "primary_role": user.primary_role, "can_manage_people": bool(can_manage_people(user))}
