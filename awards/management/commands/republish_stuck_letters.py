from django.core.management.base import BaseCommand

from awards.services.letters import republish_stuck


class Command(BaseCommand):
    help = (
        "Publish again the letters left queued or abandoned mid-render (the same job as the periodic "
        "Celery task), for cron."
    )

    def handle(self, *args, **options):
        published = republish_stuck()
        self.stdout.write(f"{published} letter(s) published again.")
