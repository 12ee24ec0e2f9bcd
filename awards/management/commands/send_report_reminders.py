from django.core.management.base import BaseCommand

from awards.services.report_reminders import send_due_report_reminders


class Command(BaseCommand):
    help = "Remind grantees of reports near or past due (the same job as the periodic Celery task), for cron."

    def handle(self, *args, **options):
        sent = send_due_report_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
