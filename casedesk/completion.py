"""办结公告: generating a quarter's notice page from the completed cases.

`generate_notice` writes the list into a new revision of the quarter's
`CompletionNoticePage` (creating the page, and the 办结公告 index under the
home page, when missing). It never publishes: a manager reviews the revision
and publishes it in the page editor, which window staff cannot do.
"""

import re
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from cases.masking import mask_name
from cases.models import Submission
from guides.site_setup import ensure_structure

from .models import QUARTER_NAMES, CompletionNoticeIndexPage, CompletionNoticePage

QUARTER_RE = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
INDEX_SLUG = "banjie"
DEFAULT_INTRO = "以下是本季度在本中心办结的事项。为保护个人信息，申请人姓名已作脱敏处理。如有疑问，请向承办窗口咨询。"


def parse_quarter(text):
    """ "2026Q3" → (2026, 3); ValueError otherwise."""
    match = QUARTER_RE.match(text.strip())
    if not match:
        raise ValueError(f"季度格式应为 2026Q3：{text}")
    return int(match.group(1)), int(match.group(2))


def quarter_of(day):
    return day.year, (day.month - 1) // 3 + 1


def previous_quarters(today, count):
    """The `count` quarters before today's, newest first, as (year, quarter)."""
    year, quarter = quarter_of(today)
    result = []
    for _ in range(count):
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        result.append((year, quarter))
    return result


def quarter_bounds(year, quarter):
    """[start, end) of a quarter as aware datetimes in the centre's time zone."""
    first = date(year, 3 * quarter - 2, 1)
    after = date(year + 1, 1, 1) if quarter == 4 else date(year, 3 * quarter + 1, 1)
    return tuple(timezone.make_aware(datetime.combine(day, time.min)) for day in (first, after))


def notice_entries(year, quarter):
    """The cases completed in the quarter, oldest first, as the page stores them."""
    start, end = quarter_bounds(year, quarter)
    cases = (
        Submission.objects.filter(status=Submission.Status.COMPLETED, completed_at__gte=start, completed_at__lt=end)
        .select_related("window")
        .order_by("completed_at", "pk")
    )
    return [
        {
            "item": case.item_name,
            "window": case.window.name if case.window else "",
            "applicant": mask_name(case.applicant_name),
            "accepted": timezone.localdate(case.accepted_at).isoformat() if case.accepted_at else "",
            "completed": timezone.localdate(case.completed_at).isoformat(),
            "result": case.get_result_display(),
        }
        for case in cases
    ]


def notice_index():
    index = CompletionNoticeIndexPage.objects.first()
    if index is None:
        index = ensure_structure().home.add_child(
            instance=CompletionNoticeIndexPage(
                title="办结公告", slug=INDEX_SLUG, intro="按季度公布在本中心办结的事项，申请人姓名已作脱敏处理。"
            )
        )
        index.save_revision(log_action=True).publish()
    return index


@transaction.atomic
def generate_notice(year, quarter, *, user=None):
    """Write the quarter's list into a new, unpublished revision; return the page."""
    page = CompletionNoticePage.objects.filter(year=year, quarter=quarter).first()
    entries = notice_entries(year, quarter)
    if page is None:
        page = notice_index().add_child(
            instance=CompletionNoticePage(
                title=f"{year}年{QUARTER_NAMES[quarter]}办结公告",
                slug=f"{year}-q{quarter}",
                year=year,
                quarter=quarter,
                intro=DEFAULT_INTRO,
                entries=entries,
                live=False,
            )
        )
    else:
        page = page.get_latest_revision_as_object()
        page.entries = entries
        page.generated_at = timezone.now()
    page.save_revision(user=user, log_action=True)
    return page
