"""Memory of the guide import for a 50 MB CSV file. Run by hand:
`python bench/import_memory.py [MB]`.

Writes a CSV 事项清单 of about MB megabytes (default 50) under /tmp, with a few
thousand characters of 概述/受理条件 per row, then measures with tracemalloc:

1. the streamed `import_file(path, dry_run=True)` (read + validate + compare
   with the database, as `import_guides --dry-run` does), and the same with a
   bad row at the end (errors are collected while streaming);
2. the whole-file path kept for small lists (`read_items` + `validate`), for
   comparison.

`python bench/import_memory.py 50 stream` runs only the streamed dry run, for
`/usr/bin/time -v` to read the process's maximum resident size.

A throwaway SQLite database in a temporary folder; prints figures, asserts nothing."""

import csv
import os
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-import-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centre.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from guides.importing import ImportFailed, import_file, read_items, validate  # noqa: E402

HEADER = ["code", "name", "window", "department", "themes", "summary", "conditions", "materials", "steps",
          "legal_days", "promised_days", "keywords"]  # fmt: skip


def write_csv(path, megabytes, bad_last_row=False):
    text = "共同生活的家庭成员人均收入低于当地最低生活保障标准的，可以申请。" * 6
    target = megabytes * 1024 * 1024
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        n = 0
        while stream.tell() < target:
            n += 1
            writer.writerow([
                f"BM-{n:06d}", f"测试事项{n}", f"窗口{n % 12}", "社会事务办", "社会救助、养老服务", text, text,
                "户口簿|原件和复印件|1|是|申请人自备|\n身份证|原件|1|是||", "受理|窗口|1|\n审批|镇政府|5|",
                "20", "10", "低保、救济",
            ])  # fmt: skip
        if bad_last_row:
            writer.writerow(["BAD CODE", "", "", "", "", "", "", "", "", "x", "", ""])
    return n


def measure(label, function):
    tracemalloc.start()
    started = time.perf_counter()
    try:
        outcome = function()
    except ImportFailed as failure:
        outcome = f"ImportFailed ({len(failure.errors)} errors listed)"
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<44} peak {peak / 1024 / 1024:8.1f} MB   {seconds:6.1f} s   {outcome}")


def main():
    megabytes = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    only_stream = sys.argv[2:] == ["stream"]
    call_command("migrate", verbosity=0)
    path = Path("/tmp") / f"bench-import-{megabytes}mb.csv"
    rows = write_csv(path, megabytes)
    print(f"{path}: {path.stat().st_size / 1024 / 1024:.1f} MB, {rows} rows")
    if only_stream:
        started = time.perf_counter()
        print("streamed import_file(dry_run=True):", import_file(path, dry_run=True).summary(),
              f"{time.perf_counter() - started:.1f} s")  # fmt: skip
        path.unlink()
        return
    bad = Path("/tmp") / f"bench-import-{megabytes}mb-bad.csv"
    write_csv(bad, megabytes, bad_last_row=True)
    measure("streamed import_file(dry_run=True)", lambda: import_file(path, dry_run=True).summary())
    measure("streamed, bad last row", lambda: import_file(bad, dry_run=True).summary())
    measure("whole file: read_items + validate", lambda: f"{len(validate(read_items(path))[0])} items")
    path.unlink()
    bad.unlink()


if __name__ == "__main__":
    main()
