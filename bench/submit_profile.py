"""The final POST's own cost, in one process, one request at a time: what
bench/load.py times under contention, without the contention.

    BENCH_DATABASE_URL=postgres://centre:centre@127.0.0.1:5432/centre_bench python bench/submit_profile.py

Uses the same settings and database as bench/load.py (run that first, or pass
BENCH_SETUP=1 to empty the database and load the demo data here). Residents
(BENCH_ROUNDS, 20 by default) fill the 低保 application through Django's test
client; each final POST is measured: wall time, SQL statements, and the
statements run after the one that locks the 受理编号 counter row (every other
submission of the same item and day waits for that lock). The last round runs
under cProfile; the functions with the largest cumulative time are printed.
Prints figures; asserts nothing."""

import cProfile
import os
import pstats
import statistics
import sys
import time

os.environ.setdefault("BENCH_SUBMISSIONS", "0")
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench import load  # noqa: E402  (settings, database and the resident's sample answers)

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))


class Resident(load.Resident):
    """bench/load.py's resident, through Django's test client instead of HTTP."""

    def __init__(self, page, number):
        super().__init__(page, number)
        self.client = Client(HTTP_HOST="127.0.0.1")

    def url(self, step):
        return f"{self.page.url}step/{step}/"

    def fill(self):
        step = next(iter(self.steps))
        for _ in range(20):
            self.client.get(self.url(step))
            data, files = self.answers(step)
            for name, (filename, content, _) in files.items():
                upload = __import__("io").BytesIO(content)
                upload.name = filename
                data[name] = upload
            response = self.client.post(self.url(step), data)
            assert response.status_code == 302, (step, response.status_code)
            step = response["Location"].rstrip("/").rsplit("/", 1)[-1]
            if step == "review":
                self.client.get(self.url("review"))
                return
        raise RuntimeError("never reached 核对信息")

    def submit(self):
        return self.client.post(self.url("review"), {f"{self.prefix}-current_step": "review"})


def under_lock(queries):
    """Statements after the one that locks the counter's row, to the end of the request."""
    for index, query in enumerate(queries):
        sql = query["sql"].lower()
        if "referencecounter" in sql and ("for update" in sql or "on conflict" in sql):
            return len(queries) - index - 1
    return None


def main():
    from forms.models import ApplicationFormPage

    if os.environ.get("BENCH_SETUP"):
        load.setup_database()
    page = ApplicationFormPage.objects.get(slug=load.FORM_SLUG)
    times, cpu, counts, locked = [], [], [], []
    profile = cProfile.Profile(time.process_time)  # CPU, not waiting on PostgreSQL
    for number in range(ROUNDS):
        resident = Resident(page, 10_000 + number)
        resident.fill()
        last = number == ROUNDS - 1
        with CaptureQueriesContext(connection) as queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            if last:
                profile.enable()
            response = resident.submit()
            if last:
                profile.disable()
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 302 and "/apply/submitted/" in response["Location"], response.status_code
        counts.append(len(queries.captured_queries))
        locked.append(under_lock(queries.captured_queries))
    print(load.load())
    print(f"final POST in process, {ROUNDS} rounds one at a time (uploads: 2 files)")
    print(f"  wall median {statistics.median(times):.1f} ms   max {max(times):.1f} ms")
    print(f"  CPU of this process (without PostgreSQL's) median {statistics.median(cpu):.1f} ms (the last round under cProfile)")
    print(f"  SQL statements {min(counts)}–{max(counts)}; after the counter lock {min(locked)}–{max(locked)}")
    for query in queries.captured_queries:
        print(f"    {query['time']:>6}s  {query['sql'][:150]}")
    if os.environ.get("BENCH_PROFILE"):
        profile.dump_stats(os.environ["BENCH_PROFILE"])
    print("  cProfile of the last round, project code (cumulative):")
    stats = pstats.Stats(profile)
    stats.sort_stats("cumulative").print_stats(r"/(forms|cases|core|guides)/", 25)
    print("  … and the functions with the most time of their own:")
    stats.sort_stats("tottime").print_stats(15)


if __name__ == "__main__":
    main()
