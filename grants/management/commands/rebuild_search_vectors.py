"""Build again the search vector of every submitted application (those submitted before the
vectors existed, or after a change of what is indexed). Safe to run again."""

from django.contrib.postgres.search import SearchVector
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Value

from grants.models import Application
from grants.search import config_of, has_text_search, searchable_text

BATCH = 500
READ = ("pk", "language", "title", "answers", "form_snapshot")


class Command(BaseCommand):
    help = "Rebuild the full-text search vector of every submitted application."

    def handle(self, *args, **options):
        pks = list(Application.objects.filter(submitted_at__isnull=False).order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            with transaction.atomic():
                batch = list(Application.objects.filter(pk__in=pks[start : start + BATCH]).only(*READ))
                for application in batch:
                    text = searchable_text(application)
                    config = config_of(application.language)
                    application.search_vector = SearchVector(Value(text), config=config) if has_text_search() else text
                Application.objects.bulk_update(batch, ["search_vector"])
        self.stdout.write(f"{len(pks)} search vectors rebuilt.")
