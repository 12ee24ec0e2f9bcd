from django.core.management.base import BaseCommand

from reviews.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Remind reviewers of assignments near or past due (the same job as the periodic Celery task), for cron."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
