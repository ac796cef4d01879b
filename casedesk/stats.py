"""The managers' dashboard figures: per window and per item counts, on-time
rate, the overdue list and the ratings, for cases submitted in a period.
A fixed number of aggregate queries, however many cases there are."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count, Q
from django.utils import timezone

from cases.deadlines import completed_late, completed_on_time, overdue
from cases.models import Rating, Submission
from cases.states import OPEN
from core.workdays import work_calendar, working_days_between

S = Submission.Status
PERIODS = {"quarter": "本季度", "year": "本年度", "all": "全部"}
OVERDUE_LIST_LENGTH = 50
RECENT_COMMENTS = 10


@dataclass
class Row:
    label: str
    total: int
    open: int
    completed: int
    rejected: int
    overdue: int
    on_time: int
    late: int
    rated: int
    score: float | None

    @property
    def on_time_rate(self):
        """Share of the completed cases with a due date that finished by it, in per cent."""
        judged = self.on_time + self.late
        return round(100 * self.on_time / judged) if judged else None


def period_start(period, today):
    if period == "quarter":
        return date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    if period == "year":
        return date(today.year, 1, 1)
    return None


def _counts(today):
    return {
        "total": Count("pk"),
        "open": Count("pk", filter=Q(status__in=OPEN)),
        "completed": Count("pk", filter=Q(status=S.COMPLETED)),
        "rejected": Count("pk", filter=Q(status=S.REJECTED)),
        "overdue": Count("pk", filter=overdue(today)),
        "on_time": Count("pk", filter=completed_on_time()),
        "late": Count("pk", filter=completed_late()),
        "rated": Count("rating"),
        "score": Avg("rating__score"),
    }


def _row(label, values):
    return Row(label=label, **{key: values[key] for key in Row.__dataclass_fields__ if key != "label"})


def dashboard(period="year", today=None):
    today = today or timezone.localdate()
    start = period_start(period, today)
    cases = Submission.objects.order_by()
    if start:
        cases = cases.filter(created_at__date__gte=start)
    counts = _counts(today)
    totals = _row("合计", cases.aggregate(**counts))
    windows = [
        _row(values["window__name"] or "（未分窗口）", values)
        for values in cases.values("window__name", "window__sort_order")
        .annotate(**counts)
        .order_by("window__sort_order")
    ]
    items = [
        _row(f"{values['item_name']}（{values['item_code']}）", values)
        for values in cases.values("item_code", "item_name").annotate(**counts).order_by("-total", "item_code")
    ]
    holidays, workdays = work_calendar()
    late_cases = list(cases.filter(overdue(today)).select_related("window").order_by("due_date")[:OVERDUE_LIST_LENGTH])
    for case in late_cases:
        case.days_over = working_days_between(case.due_date, today, holidays, workdays)
    ratings = Rating.objects.filter(submission__in=cases)
    distribution = dict(ratings.values_list("score").annotate(n=Count("pk")).order_by())
    return {
        "period": period,
        "period_label": PERIODS[period],
        "start": start,
        "today": today,
        "totals": totals,
        "windows": windows,
        "items": items,
        "overdue": late_cases,
        "ratings": [(score, distribution.get(score, 0)) for score in range(5, 0, -1)],
        "comments": list(
            ratings.exclude(comment="").select_related("submission").order_by("-created_at")[:RECENT_COMMENTS]
        ),
    }
