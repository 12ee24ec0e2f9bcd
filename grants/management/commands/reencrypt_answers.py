"""Put every application's sensitive answers under the newest key of ANSWER_ENCRYPTION_KEYS,
so an older key can then be dropped. Safe to run again: what is current is skipped."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.encryption import DecryptionError
from grants.models import Application
from grants.protected import reencrypt

BATCH = 200


class Command(BaseCommand):
    help = "Re-encrypt every application's sensitive answers under the newest key."

    def handle(self, *args, **options):
        changed = 0
        pks = list(Application.objects.exclude(sensitive_answers="").order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            with transaction.atomic():
                for application in Application.objects.select_for_update().filter(pk__in=pks[start : start + BATCH]):
                    try:
                        moved = reencrypt(application)
                    except DecryptionError:
                        # Stop at the first store no key opens: keys are missing, and the
                        # operator must know which application before dropping any.
                        raise CommandError(
                            f"No key in ANSWER_ENCRYPTION_KEYS opens application {application.public_id}."
                        ) from None
                    if moved:
                        application.save(update_fields=["sensitive_answers"])
                        changed += 1
        self.stdout.write(f"{changed} of {len(pks)} applications re-encrypted under the newest key.")
