"""Working-day arithmetic: weekends, public holidays, 调休 working weekends, 补正 pauses,
and the 2026 calendar the case desk ships."""

from datetime import date, timedelta

import pytest

from core.workdays import (
    add_working_days,
    due_date,
    due_soon_until,
    is_working_day,
    working_days_between,
)

# 2026 National Day: 10月1日至7日放假，9月20日（周日）、10月10日（周六）上班.
NATIONAL_DAY = frozenset(date(2026, 10, 1) + timedelta(days=n) for n in range(7))
NATIONAL_DAY_WORKDAYS = frozenset({date(2026, 9, 20), date(2026, 10, 10)})
# 2026 Spring Festival: 2月15日至23日放假，2月14日（周六）、2月28日（周六）上班.
SPRING = frozenset(date(2026, 2, 15) + timedelta(days=n) for n in range(9))
SPRING_WORKDAYS = frozenset({date(2026, 2, 14), date(2026, 2, 28)})


def test_weekends_are_skipped_and_the_start_day_is_not_counted():
    friday = date(2026, 3, 6)
    assert add_working_days(friday, 1) == date(2026, 3, 9)  # Monday
    assert add_working_days(friday, 5) == date(2026, 3, 13)
    assert add_working_days(friday, 0) == friday  # 即办件


def test_public_holidays_are_skipped_and_tiaoxiu_weekends_count():
    # Accepted on Wednesday 30 September: 1–7 October are off, Saturday 10 October is worked.
    accepted = date(2026, 9, 30)
    assert [add_working_days(accepted, n, NATIONAL_DAY, NATIONAL_DAY_WORKDAYS) for n in (1, 2, 3, 4)] == [
        date(2026, 10, 8), date(2026, 10, 9), date(2026, 10, 10), date(2026, 10, 12),
    ]  # fmt: skip
    # Without the calendar the same promise would end a week earlier.
    assert add_working_days(accepted, 4) == date(2026, 10, 6)
    # Sunday 20 September is a working day, so a Friday acceptance counts it.
    assert add_working_days(date(2026, 9, 18), 1, NATIONAL_DAY, NATIONAL_DAY_WORKDAYS) == date(2026, 9, 20)


def test_spring_festival():
    assert is_working_day(date(2026, 2, 14), SPRING, SPRING_WORKDAYS)  # a Saturday, worked
    assert not is_working_day(date(2026, 2, 16), SPRING, SPRING_WORKDAYS)  # a Monday, off
    # Accepted Friday 13 February with 3 days: Sat 14 (worked), then nothing until Tue 24.
    assert due_date(date(2026, 2, 13), 3, (), SPRING, SPRING_WORKDAYS) == date(2026, 2, 25)


def test_a_correction_pause_stops_the_clock():
    accepted = date(2026, 3, 2)  # Monday
    assert due_date(accepted, 5) == date(2026, 3, 9)
    # 补正 requested Tuesday 3rd, complete Thursday 5th: the 3rd still counts, the 4th and 5th do not.
    assert due_date(accepted, 5, [(date(2026, 3, 3), date(2026, 3, 5))]) == date(2026, 3, 11)
    # Two pauses add up; a pause opened and closed on the same day costs nothing.
    pauses = [
        (date(2026, 3, 3), date(2026, 3, 5)),
        (date(2026, 3, 9), date(2026, 3, 10)),
        (date(2026, 3, 11), date(2026, 3, 11)),
    ]
    assert due_date(accepted, 5, pauses) == date(2026, 3, 12)


def test_a_pause_over_a_holiday_only_costs_its_working_days():
    # Accepted Monday 28 September, 补正 from Tuesday 29th to Monday 12 October (holiday and 调休 inside).
    pause = [(date(2026, 9, 29), date(2026, 10, 12))]
    due = due_date(date(2026, 9, 28), 3, pause, NATIONAL_DAY, NATIONAL_DAY_WORKDAYS)
    # Counted: Tue 29 Sep (1); paused: 30 Sep, 8–10 Oct (the 10th a 调休 Saturday), 12 Oct; then 13 Oct (2), 14 Oct (3).
    assert due == date(2026, 10, 14)


def test_a_pause_before_acceptance_does_not_count():
    assert due_date(date(2026, 3, 10), 2, [(date(2026, 3, 2), date(2026, 3, 9))]) == date(2026, 3, 12)


def test_working_days_between():
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 12), NATIONAL_DAY, NATIONAL_DAY_WORKDAYS) == 4
    assert working_days_between(date(2026, 3, 6), date(2026, 3, 6)) == 0
    assert working_days_between(date(2026, 3, 9), date(2026, 3, 6)) == 0


def test_due_soon_means_at_most_two_working_days_left():
    # On a Friday, Monday and Tuesday are the next two working days.
    assert due_soon_until(date(2026, 3, 6)) == date(2026, 3, 10)
    # On Wednesday 30 September they are 8 and 9 October, after the holiday.
    assert due_soon_until(date(2026, 9, 30), NATIONAL_DAY, NATIONAL_DAY_WORKDAYS) == date(2026, 10, 9)


@pytest.mark.django_db
def test_the_shipped_2026_calendar():
    from core.workdays import work_calendar

    holidays, workdays = work_calendar()
    assert holidays >= NATIONAL_DAY | SPRING
    assert {date(2026, 1, 1), date(2026, 4, 6), date(2026, 5, 5), date(2026, 6, 19), date(2026, 9, 25)} <= holidays
    assert workdays == {
        date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20), date(2026, 10, 10),
    }  # fmt: skip
    assert all(day.weekday() >= 5 for day in workdays)
    assert add_working_days(date(2026, 9, 30), 4, holidays, workdays) == date(2026, 10, 12)
