"""Write the 360Giving package of every active and closed award to standard output:
`manage.py export_360giving > grants.json`. Audited with its count."""

from django.core.management.base import BaseCommand

from awards.models import Award
from awards.selectors import publishable_awards
from awards.services.portfolio import export_open_data


class Command(BaseCommand):
    help = "Write the 360Giving package (JSON) of every active and closed award to standard output."

    def handle(self, *args, **options):
        self.stdout.write(export_open_data(publishable_awards(Award.objects.all()), by=None))
