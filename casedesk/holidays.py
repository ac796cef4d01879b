"""The holiday calendar as the two sets guides.deadlines counts with."""

from .models import Holiday


def work_calendar():
    """(holidays, workdays): the days off and the 调休 weekends that are worked."""
    holidays, workdays = set(), set()
    for day, kind in Holiday.objects.values_list("date", "kind"):
        (workdays if kind == Holiday.Kind.WORKDAY else holidays).add(day)
    return frozenset(holidays), frozenset(workdays)
