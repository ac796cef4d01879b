"""Working-day arithmetic for promised deadlines (承诺办结时限).

Weekends are rest days; `holidays` adds public holidays and `workdays` the
调休 weekends that are worked. `work_calendar()` reads both sets from the holiday
calendar (`core.models.Holiday`); the arithmetic itself takes them as
arguments and never touches the database.

Counting follows the way a promise is read at the window: the day of 受理 is
not counted, the clock starts on the next working day. A 补正 pause (start,
end) stops the clock from the day after the 补正告知 was issued up to and
including the day the materials were complete; like the day of 受理, the day
of completion is not counted and the clock runs again from the next working day.
"""

from datetime import timedelta

from .models import Holiday


def is_working_day(day, holidays=frozenset(), workdays=frozenset()):
    if day in workdays:
        return True
    return day.weekday() < 5 and day not in holidays


def add_working_days(start, days, holidays=frozenset(), workdays=frozenset()):
    """The date `days` working days after `start` (start itself not counted);
    0 days is `start`."""
    return due_date(start, days, holidays=holidays, workdays=workdays)


def _paused(day, pauses):
    return any(start < day <= end for start, end in pauses)


def due_date(accepted, promised_days, pauses=(), holidays=frozenset(), workdays=frozenset()):
    """The last day to finish a case accepted on `accepted` with `promised_days`
    working days, not counting the days inside the closed `pauses`
    ((start, end) date pairs, see the module docstring). 0 days (即办件) is
    the day of acceptance."""
    day = accepted
    remaining = promised_days
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day, holidays, workdays) and not _paused(day, pauses):
            remaining -= 1
    return day


def working_days_between(start, end, holidays=frozenset(), workdays=frozenset()):
    """How many working days lie after `start` up to and including `end`
    (0 when end is not after start)."""
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        if is_working_day(day, holidays, workdays):
            count += 1
        day += timedelta(days=1)
    return count


DUE_SOON_WORKING_DAYS = 2


def due_soon_until(today, holidays=frozenset(), workdays=frozenset()):
    """The last due date that counts as 即将到期 today: a case due on or before
    it, but not before today, has at most two working days left."""
    return add_working_days(today, DUE_SOON_WORKING_DAYS, holidays, workdays)


def work_calendar():
    """(holidays, workdays): the days off and the 调休 weekends that are worked."""
    holidays, workdays = set(), set()
    for day, kind in Holiday.objects.values_list("date", "kind"):
        (workdays if kind == Holiday.Kind.WORKDAY else holidays).add(day)
    return frozenset(holidays), frozenset(workdays)
