"""The staff's case list with 10,000 cases: time and SQL queries per request,
compared with the same list holding 100 cases, to show that the query count
does not depend on the number of cases. Also the CSV and XLSX exports of
every case and the managers' dashboard. Run by hand: `python bench/casedesk.py`
(BENCH_DATABASE_URL=postgres://… to run it on PostgreSQL; the database is emptied).

It builds a throwaway SQLite database in a temporary folder, loads the demo
data, and bulk-creates cases from the demo forms over the last year, in every
state. Prints figures; asserts nothing."""

import io
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-casedesk-"))
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centre.settings.dev")
os.environ["PRIVATE_MEDIA_ROOT"] = str(WORK / "private")
os.environ["MEDIA_ROOT"] = str(WORK / "media")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases.models import Submission  # noqa: E402
from cases.states import OPEN  # noqa: E402
from forms.models import ApplicationFormPage  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
CASES = int(os.environ.get("BENCH_CASES", "10000"))
SMALL = 100
LIST = "/admin/casedesk/cases/"
PAGES = {
    "first page": LIST,
    "overdue filter": LIST + "?deadline=overdue",
    "search by name": LIST + "?q=王",
    "window + status": LIST + "?window=1&status=processing",
    "last page": None,  # filled in once the count is known
}
S = Submission.Status
STATUSES = [S.PENDING, S.ACCEPTED, S.CORRECTION, S.PROCESSING, S.REPORTED, S.COMPLETED, S.COMPLETED, S.REJECTED]


def add_cases(total):
    """Bulk-create cases until there are `total`; a few fields filled as the moves would."""
    pages = list(ApplicationFormPage.objects.live().filter(guide__isnull=False).select_related("guide"))
    guides = {page.pk: page.guide for page in pages}
    rng = random.Random(total)
    now = timezone.now()
    start = Submission.objects.count()
    batch = []
    for number in range(start, total):
        page = pages[number % len(pages)]
        guide = guides[page.pk]
        created = now - timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 600))
        status = STATUSES[number % len(STATUSES)]
        accepted = created + timedelta(days=1) if status not in (S.PENDING, S.REJECTED) else None
        answers = {f["key"]: f["sample"] for s in page.definition["steps"] for f in s["fields"] if "sample" in f}
        batch.append(
            Submission(
                reference=f"BENCH-{number:06d}",
                page=page,
                guide=guide,
                window_id=guide.window_id,
                item_code=guide.code,
                item_name=guide.title,
                definition=page.definition,
                answers=answers,
                status=status,
                applicant_name=rng.choice("王李张刘陈杨赵黄") + rng.choice(["秀英", "建国", "桂兰", "伟", "小红"]),
                id_last4="0425",
                phone_last4="8000",
                created_at=created,
                accepted_at=accepted,
                promised_days=guide.promised_days if accepted else None,
                due_date=(accepted + timedelta(days=(guide.promised_days or 0) * 7 // 5)).date() if accepted else None,
                completed_at=accepted + timedelta(days=rng.randint(0, 40)) if status == S.COMPLETED else None,
                result="granted" if status == S.COMPLETED else "",
            )
        )
    Submission.objects.bulk_create(batch, batch_size=500)


def measure(client, url, rounds=ROUNDS):
    reset_queries()  # each request clears the log; start from an empty one so the capture lines up
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    count = len(queries.captured_queries)  # read now: the next request clears the log
    assert response.status_code == 200, (url, response.status_code)
    samples = []
    for _ in range(rounds):
        begin = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        samples.append((time.perf_counter() - begin) * 1000)
    return count, statistics.median(samples), len(body)


def report(title, client, urls, rounds=ROUNDS):
    print(title)
    for name, url in urls.items():
        count, median, size = measure(client, url, rounds)
        print(f"  {name:<18} {count:>3} queries   median {median:8.1f} ms   {size / 1024:7.0f} KB")


def main():
    call_command("migrate", verbosity=0)
    if os.environ.get("BENCH_DATABASE_URL"):
        call_command("flush", interactive=False, verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    Submission.objects.all().delete()
    manager, staff = Client(), Client()
    assert manager.login(username="manager", password="manager-demo")
    assert staff.login(username="minzheng", password="minzheng-demo")
    print(f"{connection.vendor}; median of {ROUNDS} requests per list figure; 50 cases a page")

    add_cases(SMALL)
    PAGES["last page"] = LIST + f"?p={SMALL // 50}"
    report(f"manager, {SMALL} cases", manager, PAGES)
    add_cases(CASES)
    open_cases = Submission.objects.filter(status__in=OPEN).count()
    PAGES["last page"] = LIST + f"?p={CASES // 50}"
    report(f"manager, {CASES} cases ({open_cases} open)", manager, PAGES)
    report(f"民政窗口 staff, {CASES} cases", staff, {"first page": LIST, "overdue filter": PAGES["overdue filter"]})
    exports = {
        "CSV, all": LIST + "?export=csv",
        "XLSX, all": LIST + "?export=xlsx",
        "dashboard, all": "/admin/casedesk/dashboard/?period=all",
    }
    report(f"manager, exports and dashboard over {CASES} cases", manager, exports, rounds=3)


if __name__ == "__main__":
    main()
