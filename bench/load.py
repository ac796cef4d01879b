"""Load on the real stack: gunicorn (centre/gunicorn.conf.py, 4 workers) and PostgreSQL on loopback.

    BENCH_DATABASE_URL=postgres://centre:centre@127.0.0.1:5432/centre_bench python bench/load.py

The database is emptied, migrated and loaded with the demo data. Then

1. 100 residents (BENCH_SUBMISSIONS) each fill the 低保 application with two
   uploads and an e-mail address, untimed; then all press 确认提交 at the same
   moment. Reports: submissions stored, unique references, errors (anything
   but the redirect to the confirmation), p50/p95/max of the final POST.
   Goal (issue 12): 100 stored, 100 unique, 0 errors, p95 < 3 s on 2 cores.
2. 200 simultaneous search API requests (BENCH_SEARCHES), queries from
   bench/search_queries.json: errors and p50/p95/max.
3. 40 simultaneous wrong guesses (BENCH_GUESSES) of one case's last four
   digits in the status lookup, each from its own address: how many were
   checked (goal: at most 10 per reference per 15 minutes, across workers).

The job worker (`manage.py run_worker`, at its lower CPU priority) runs beside
gunicorn as `make run` starts it; it sends the receipts (PDF, e-mail to
Django's locmem backend: nothing leaves the machine) while the load runs (BENCH_WORKER=after: only once the load is over, to see
the requests' own cost), and the script reports when the queue has drained.
Loopback only (127.0.0.1, port BENCH_PORT, 8303 by default); bounded: every
request has a 60 s timeout and the whole run stops after about 10 minutes.
Prints figures; asserts nothing.
"""

import functools
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-load-"))
PORT = int(os.environ.get("BENCH_PORT", "8303"))
BASE = f"http://127.0.0.1:{PORT}"
SUBMISSIONS = int(os.environ.get("BENCH_SUBMISSIONS", "100"))
SEARCHES = int(os.environ.get("BENCH_SEARCHES", "200"))
GUESSES = int(os.environ.get("BENCH_GUESSES", "40"))
FORM_SLUG = "dibao-application"
TIMEOUT = 60
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 2048

DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "")
if not DATABASE_URL.startswith("postgres"):
    sys.exit("Set BENCH_DATABASE_URL=postgres://… (a database this script may empty).")
ENV = {
    **os.environ,
    "DJANGO_SETTINGS_MODULE": "bench.settings_load",
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": secrets.token_urlsafe(40),
    "ALLOWED_HOSTS": "127.0.0.1",
    "TRUSTED_PROXIES": "127.0.0.1",  # the status-lookup guesses come "through a proxy" from many addresses
    "HTTPS": "0",
    "MEDIA_ROOT": str(WORK / "media"),
    "PRIVATE_MEDIA_ROOT": str(WORK / "private"),
    "STATIC_ROOT": str(WORK / "static"),
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "PYTHONPATH": str(ROOT),
}
ENV.pop("ELASTICSEARCH_URL", None)
os.environ.update(ENV)

import django  # noqa: E402
import requests  # noqa: E402

from bench.timing import summary  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402


def setup_database():
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)  # flush empties data migrations' rows too
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # the demo's index jobs: not part of the figures


def start(args, name):
    log = open(WORK / f"{name}.log", "w")  # noqa: SIM115 (the server writes to it until it is stopped)
    return subprocess.Popen(args, cwd=ROOT, env=ENV, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def wait_for_server():
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{BASE}/", timeout=5).status_code < 500:
                return
        except requests.RequestException:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not answer within 60 s; see " + str(WORK / "gunicorn.log"))


def sample_data(step, prefix):
    data, files = {f"{prefix}-current_step": step["key"]}, {}
    for field in step["fields"]:
        name = f"{step['key']}-{field['key']}"
        if field["type"] == "file":
            files[name] = (f"{field['key']}.png", PNG, "image/png")
        elif field["type"] == "agree":
            data[name] = "on"
        elif field["type"] == "address" and isinstance(field.get("sample"), dict):
            data.update({f"{name}-{part}": value for part, value in field["sample"].items()})
        elif field["type"] == "group" and isinstance(field.get("sample"), list):
            for index, row in enumerate(field["sample"]):
                data[f"{name}-{index}"] = "1"
                data.update({f"{name}-{index}-{key}": str(value) for key, value in row.items()})
        elif field["type"] == "signature":
            data[name] = ""  # signed with the applicant's name (Resident.fill)
        elif field["type"] != "heading" and field.get("sample") not in (None, ""):
            data[name] = field["sample"]
    return data, files


class Resident:
    def __init__(self, page, number):
        self.page, self.session = page, requests.Session()
        self.prefix = f"application_{page.pk}"
        self.steps = {step["key"]: step for step in page.definition["steps"]}
        self.number = number
        self.name = "居民" + "".join("零一二三四五六七八九"[int(digit)] for digit in str(number))

    def url(self, step):
        return f"{BASE}{urlsplit(self.page.url).path}step/{step}/"

    def csrf(self):
        return self.session.cookies.get("csrftoken")

    def answers(self, step):
        """The sample answers of one step, in this resident's name."""
        data, files = sample_data(self.steps[step], self.prefix)
        if f"{step}-name" in data:
            data[f"{step}-name"] = self.name
        for field in self.steps[step]["fields"]:
            if field["type"] == "signature":
                data[f"{step}-{field['key']}"] = self.name  # a signature is a name: no digits
        return data, files

    def fill(self):
        """Walk every visible step with its sample answers, up to 核对信息."""
        step = next(iter(self.steps))
        for _ in range(20):
            self.session.get(self.url(step), timeout=TIMEOUT).raise_for_status()
            data, files = self.answers(step)
            data["csrfmiddlewaretoken"] = self.csrf()
            response = self.session.post(self.url(step), data=data, files=files or None, allow_redirects=False, timeout=TIMEOUT)
            if response.status_code != 302:
                raise RuntimeError(f"step {step} answered {response.status_code}")
            step = response.headers["Location"].rstrip("/").rsplit("/", 1)[-1]
            if step == "review":
                self.session.get(self.url("review"), timeout=TIMEOUT).raise_for_status()
                return
        raise RuntimeError("never reached 核对信息")

    def submit(self):
        data = {f"{self.prefix}-current_step": "review", "csrfmiddlewaretoken": self.csrf()}
        return self.session.post(self.url("review"), data=data, allow_redirects=False, timeout=TIMEOUT)


def at_once(calls):
    """Run every call in its own thread, released together; (seconds, result or exception) each."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        started = time.perf_counter()
        try:
            outcome = call()
        except Exception as error:  # counted as an error
            outcome = error
        results[index] = (time.perf_counter() - started, outcome)

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def cpu_seconds(process):
    """CPU time (user + system) used so far by the live processes of
    `process`'s group (gunicorn's master and workers; the job worker)."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (comm)"
        except OSError:  # the process has gone
            continue
        if int(fields[2]) == process.pid:  # pgrp
            total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / os.sysconf("SC_CLK_TCK")


def bench_submissions(server, worker):
    from cases.models import Submission
    from forms.models import ApplicationFormPage

    page = ApplicationFormPage.objects.get(slug=FORM_SLUG)
    residents = [Resident(page, n) for n in range(SUBMISSIONS)]
    started = time.monotonic()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda r: r.fill(), residents))
    print(f"  {SUBMISSIONS} residents filled the form in {time.monotonic() - started:.0f} s (untimed)")
    before = set(Submission.objects.values_list("pk", flat=True))
    cpu_before = cpu_seconds(server), cpu_seconds(worker)
    results = at_once([r.submit for r in residents])
    cpu = [after - before for after, before in zip((cpu_seconds(server), cpu_seconds(worker)), cpu_before, strict=True)]
    errors = [
        outcome for _, outcome in results
        if isinstance(outcome, Exception)
        or outcome.status_code != 302
        or not outcome.headers.get("Location", "").startswith("/apply/submitted/")
    ]
    references = list(Submission.objects.exclude(pk__in=before).values_list("reference", flat=True))
    print(f"  stored {len(references)}, unique references {len(set(references))}, errors {len(errors)}")
    for error in errors[:5]:
        print("   ", error if isinstance(error, Exception) else f"{error.status_code} {error.headers.get('Location', '')}")
    print("  final POST  " + summary([seconds * 1000 for seconds, _ in results]) + f"   max {max(s for s, _ in results) * 1000:.0f} ms")
    print(
        f"  CPU during the burst: gunicorn {cpu[0]:.1f} s ({cpu[0] * 1000 / SUBMISSIONS:.0f} ms per submission), "
        f"job worker {cpu[1]:.1f} s (PostgreSQL not counted)"
    )


def guessed_case():
    """A real case (one of the burst's, or the demo's): its 受理编号 and right answers."""
    from cases.models import Submission

    reference, id_last4, phone_last4 = Submission.objects.order_by("-pk").values_list("reference", "id_last4", "phone_last4").first()
    return reference, {id_last4.upper(), phone_last4} - {""}


def bench_search():
    queries = [item["query"] for item in json.loads((ROOT / "bench" / "search_queries.json").read_text("utf-8"))]
    sessions = [requests.Session() for _ in range(SEARCHES)]
    calls = [
        functools.partial(session.get, f"{BASE}/search/api/", params={"q": queries[i % len(queries)]}, timeout=TIMEOUT)
        for i, session in enumerate(sessions)
    ]
    results = at_once(calls)
    errors = [o for _, o in results if isinstance(o, Exception) or o.status_code != 200]
    print(f"  {SEARCHES} requests, {len({q for q in queries})} distinct queries, errors {len(errors)}")
    for error in errors[:5]:
        print("   ", error if isinstance(error, Exception) else error.status_code)
    print("  search API  " + summary([seconds * 1000 for seconds, _ in results]) + f"   max {max(s for s, _ in results) * 1000:.0f} ms")


def bench_status_lookup(reference, right):
    """Guessing one real case's last four digits: GUESSES wrong guesses at
    once, each from another address (gunicorn believes the loopback proxy's
    X-Forwarded-For here), spread over the 4 workers. Then the applicant's
    right answer from yet another address."""
    def ask(index, last4):
        session = requests.Session()
        address = {"X-Forwarded-For": f"198.51.{index // 250}.{index % 250 + 1}"}
        session.get(f"{BASE}/apply/status/", headers=address, timeout=TIMEOUT).raise_for_status()
        data = {"reference": reference, "last4": last4, "csrfmiddlewaretoken": session.cookies.get("csrftoken")}
        return session.post(f"{BASE}/apply/status/", data=data, headers=address, timeout=TIMEOUT)

    wrong = [f"{n:04d}" for n in range(10_000) if f"{n:04d}" not in right][:GUESSES]
    results = at_once([functools.partial(ask, index, last4) for index, last4 in enumerate(wrong)])
    answers = [outcome.status_code if not isinstance(outcome, Exception) else type(outcome).__name__ for _, outcome in results]
    checked, refused = answers.count(200), answers.count(429)
    print(f"  {GUESSES} wrong guesses at once from {GUESSES} addresses: checked {checked} (limit 10), refused {refused}, other {len(answers) - checked - refused}")
    applicant = ask(GUESSES + 1, sorted(right)[0])
    print(f"  then the applicant's right answer from another address: {applicant.status_code} (429 until 15 minutes after the guesses)")


def wait_for_queue(limit=240):
    from django_tasks_db.models import DBTaskResult

    started = time.monotonic()
    while time.monotonic() - started < limit:
        pending = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
        if not pending:
            break
        time.sleep(2)
    counts = {row["status"]: row["n"] for row in DBTaskResult.objects.values("status").annotate(n=django.db.models.Count("id"))}
    print(f"  background jobs after {time.monotonic() - started:.0f} s: {counts}")


def load():
    return "load average %.1f %.1f %.1f on %d cores" % (*os.getloadavg(), os.cpu_count())


def main():
    print(load())
    print(f"Setting up {connection.settings_dict['NAME']} on PostgreSQL (emptied; demo data) …")
    setup_database()
    connection.close()
    python = sys.executable
    gunicorn = [python, "-m", "gunicorn", "-c", "centre/gunicorn.conf.py", "centre.wsgi", "-w", "4", "-b", f"127.0.0.1:{PORT}", "--timeout", "120"]
    server = start(gunicorn, "gunicorn")
    worker_args = [python, "manage.py", "run_worker", "--no-startup-delay", "--no-reload", "--interval", "0.5"]
    worker_after = os.environ.get("BENCH_WORKER") == "after"
    worker = subprocess.Popen(["true"]) if worker_after else start(worker_args, "worker")
    alarm = threading.Timer(600, lambda: (stop(server), stop(worker), os._exit(2)))  # the bound on the whole run
    alarm.daemon = True
    alarm.start()
    try:
        wait_for_server()
        beside = "worker started after the load" if worker_after else "worker beside"
        if SUBMISSIONS:
            print(f"1. {SUBMISSIONS} simultaneous final submissions (gunicorn -w 4, PostgreSQL, {beside})")
            bench_submissions(server, worker)
        if SEARCHES:
            print(f"2. {SEARCHES} simultaneous search API requests")
            bench_search()
        if GUESSES:
            print("3. The status lookup guessed across the 4 workers")
            bench_status_lookup(*guessed_case())
        print("4. The receipt jobs the submissions queued")
        if worker_after:
            worker = start(worker_args, "worker")
        wait_for_queue()
    finally:
        stop(server)
        stop(worker)
        alarm.cancel()
    print(load())
    print(f"(logs in {WORK})")


if __name__ == "__main__":
    main()
