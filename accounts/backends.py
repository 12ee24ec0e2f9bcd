"""The authentication backends, loading the signed-in user of each request with their roles and
second factor in one query (User.objects.with_access)."""

from functools import cache

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.db import DEFAULT_DB_ALIAS

from .models import User


@cache
def signed_in_query(alias: str) -> tuple[str, tuple]:
    """The query's SQL and parameters, compiled once: building its five subqueries through the
    ORM on each request cost more than the three queries it replaces. The user's key is the last
    parameter, as the WHERE clause comes after the annotations."""
    sql, params = User.objects.with_access().filter(pk=0).query.get_compiler(alias).as_sql()
    return sql, params[:-1]


class SignedInUser:
    def get_user(self, user_id):
        sql, params = signed_in_query(DEFAULT_DB_ALIAS)
        user = next(iter(User.objects.raw(sql, [*params, user_id])), None)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(SignedInUser, DjangoModelBackend):
    pass


class AuthenticationBackend(SignedInUser, AllauthBackend):
    pass
