"""今日在岗: who serves at a window on a given day, with AB岗 cover.

Plain functions over `WindowStaff`-like objects (weekdays, away_from,
away_until, backup), so the rule is tested without a database."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class DutyEntry:
    """One post at the window today: who sits there, and whom they cover for."""

    post: str
    person: object | None  # None: nobody on this post today
    covering_for: object | None = None

    @property
    def is_cover(self):
        return self.covering_for is not None


def is_scheduled(staff, day: datetime.date) -> bool:
    """Does this person work at the window on this weekday?"""
    return str(day.isoweekday()) in (staff.weekdays or "")


def is_away(staff, day: datetime.date) -> bool:
    """On leave (离岗) that day. A leave with no end date is a single day."""
    if staff.away_from is None:
        return False
    until = staff.away_until or staff.away_from
    return staff.away_from <= day <= until


def is_present(staff, day: datetime.date) -> bool:
    return is_scheduled(staff, day) and not is_away(staff, day)


def on_duty(staff_list, day: datetime.date) -> list[DutyEntry]:
    """The window's posts on `day`, in the staff list's order.

    A present person holds their own post. An away person's post is held by
    their B岗 when the B岗 is present that day (shown as 顶岗); otherwise the
    post is listed with nobody, so residents know to ask at the 综合窗口.
    People not scheduled that weekday are left out."""
    entries = []
    for staff in staff_list:
        if not is_scheduled(staff, day):
            continue
        if not is_away(staff, day):
            entries.append(DutyEntry(staff.post, staff))
        elif staff.backup is not None and is_present(staff.backup, day):
            entries.append(DutyEntry(staff.post, staff.backup, covering_for=staff))
        else:
            entries.append(DutyEntry(staff.post, None, covering_for=staff))
    return entries
