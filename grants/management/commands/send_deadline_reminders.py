from django.core.management.base import BaseCommand

from grants.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Remind draft holders of deadlines that are near (the same job as the periodic Celery task), for cron."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
