from django.contrib.auth.models import Group
from django.db import transaction
from django.http import HttpRequest

from audit import services as audit

from .models import User
from .roles import Role

PROFILE_FIELDS = ("name", "language", "time_zone", "notification_choice")


@transaction.atomic
def update_profile(user: User, *, by: User, request: HttpRequest | None = None, **values) -> list[str]:
    """Change the user's own settings; returns the names of the fields that changed."""
    # Compared with the stored row, not with `user`: a ModelForm bound to the same instance has
    # already copied the new values onto it by the time it is valid.
    stored = User.objects.filter(pk=user.pk).values(*PROFILE_FIELDS).get()
    changed = [field for field in PROFILE_FIELDS if field in values and stored[field] != values[field]]
    for field in changed:
        setattr(user, field, values[field])
    if changed:
        user.full_clean(exclude=["password"])
        user.save(update_fields=changed)
        audit.record(by, "account.profile_updated", user, detail={"fields": changed}, request=request)
    return changed


@transaction.atomic
def grant_role(user: User, role: Role, *, by: User | None, request: HttpRequest | None = None) -> None:
    """Give a role. Admins alone reach the admin site, so only they are `is_staff`."""
    user.groups.add(Group.objects.get(name=role.value))
    if role == Role.ADMIN and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("roles", None)
    audit.record(by, "account.role_granted", user, detail={"role": role.value}, request=request)


@transaction.atomic
def revoke_role(user: User, role: Role, *, by: User | None, request: HttpRequest | None = None) -> None:
    user.groups.remove(Group.objects.get(name=role.value))
    if role == Role.ADMIN:
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
    user.__dict__.pop("roles", None)
    audit.record(by, "account.role_revoked", user, detail={"role": role.value}, request=request)
