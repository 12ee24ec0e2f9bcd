from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from . import receivers, sessions  # noqa: F401
        from .roles import create_role_groups

        post_migrate.connect(create_role_groups, sender=self)
