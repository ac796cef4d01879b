"""A changed holiday calendar moves the due dates of the cases still running."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from core.models import Holiday

from .states import recompute_open_due_dates


@receiver([post_save, post_delete], sender=Holiday)
def recompute_due_dates(**kwargs):
    transaction.on_commit(recompute_open_due_dates)
