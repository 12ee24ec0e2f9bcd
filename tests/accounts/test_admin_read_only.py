import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.models import User


@pytest.mark.parametrize("model", sorted(admin.site._registry, key=lambda model: model._meta.label))
def test_nothing_in_the_admin_site_can_be_added_changed_or_deleted(model, admin_user):
    """Changes go through the portal's audited services, never the admin site: roles (groups)
    and addresses included, since they decide who may do what."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)


def test_the_admin_site_lists_the_user_model(db):
    assert User in admin.site._registry
