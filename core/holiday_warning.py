"""The dashboard's warning that the holiday calendar is missing a year.

Deadlines count working days from `core.models.Holiday`. The State Council
publishes next year's 节假日安排 in late autumn; from 1 November until a
manager has entered it, a case accepted in December would count 元旦 as a
working day. `missing_holiday_years(today)` names the years that need rows."""

from django.utils import timezone

from .models import Holiday

WARN_FROM = (11, 1)  # month, day: from 1 November, next year's calendar is due


def today():
    return timezone.localdate()


def missing_holiday_years(on=None):
    on = on or today()
    years = [on.year]
    if (on.month, on.day) >= WARN_FROM:
        years.append(on.year + 1)
    present = {day.year for day in Holiday.objects.filter(date__year__in=years).dates("date", "year")}
    return [year for year in years if year not in present]
