"""allauth's user sessions, without whole IP addresses: a seized database must not say where
each person signed in from."""

from allauth.usersessions.models import UserSession
from django.db.models.signals import pre_save
from django.dispatch import receiver

from core.net import truncate_ip


@receiver(pre_save, sender=UserSession)
def keep_only_the_network(sender, instance: UserSession, **kwargs):
    instance.ip = truncate_ip(instance.ip)
