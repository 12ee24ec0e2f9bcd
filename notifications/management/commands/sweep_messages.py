from django.core.management.base import BaseCommand

from notifications import delivery


class Command(BaseCommand):
    help = "Send queued messages that are due (the same job as the periodic Celery sweep), for cron."

    def handle(self, *args, **options):
        attempted = delivery.sweep()
        self.stdout.write(f"{attempted} message(s) attempted.")
