"""Case querysets shared by the list, the exports and the dashboard."""

from django.db.models import Case, CharField, F, Q, Value, When
from django.utils import timezone

from core.workdays import due_soon_until, work_calendar

from .models import RUNNING, Submission

S = Submission.Status


def overdue(today):
    """逾期: the clock runs and the due date has passed."""
    return Q(status__in=RUNNING, due_date__lt=today)


def completed_late():
    return Q(status=S.COMPLETED, completed_at__date__gt=F("due_date"))


def completed_on_time():
    return Q(status=S.COMPLETED, completed_at__date__lte=F("due_date"))


def with_deadline(queryset, today=None, calendar=None):
    """Annotate `deadline`: overdue (逾期), due_soon (两个工作日内到期), paused
    (补正 after 受理), late (办结 after the due date) or "". `calendar` is
    (holidays, workdays), read from the database when not given."""
    today = today or timezone.localdate()
    holidays, workdays = calendar or work_calendar()
    return queryset.annotate(
        deadline=Case(
            When(overdue(today), then=Value("overdue")),
            When(status__in=RUNNING, due_date__lte=due_soon_until(today, holidays, workdays), then=Value("due_soon")),
            When(status=S.CORRECTION, accepted_at__isnull=False, then=Value("paused")),
            When(completed_late(), then=Value("late")),
            default=Value(""),
            output_field=CharField(),
        )
    )
