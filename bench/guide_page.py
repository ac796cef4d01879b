"""Guide page render time against a bare Wagtail page, and handout PDF time.

Run by hand against the demo database (`make bench`, or
`python bench/guide_page.py` after `manage.py load_demo`). Prints figures; it
asserts nothing. Goals (issue #3): guide page ≤ 2× the bare page; PDF < 300 ms.
"""

import os
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centre.settings.dev")

import django  # noqa: E402

from bench.timing import summary, timed  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402

from guides.models import RegulationIndexPage, RegulationPage, ServiceGuidePage  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)


def main():
    settings.DEBUG = False  # no query logging, as in production
    settings.ALLOWED_HOSTS = ["*"]
    guides = list(ServiceGuidePage.objects.live())
    if not guides:
        sys.exit("No guides: run `python manage.py load_demo` first.")
    client = Client()
    with transaction.atomic():
        # A bare page: same base template, a title and nothing else.
        parent = RegulationIndexPage.objects.first()
        bare = parent.add_child(instance=RegulationPage(title="基准页面", slug="bench-bare-page"))
        bare_url = bare.url
        for url in [bare_url] + [g.url for g in guides]:
            get(client, url)  # warm up templates and caches

        bare_samples = []
        guide_samples = []
        for _ in range(ROUNDS):  # interleave so both see the same machine load
            for guide in guides:
                bare_samples += timed(lambda: get(client, bare_url), 1)
                guide_samples += timed(lambda g=guide: get(client, g.url), 1)
        pdf_samples = []
        for guide in guides:
            pdf_samples += timed(lambda g=guide: get(client, g.url + "handout/"), 2)
        transaction.set_rollback(True)

    print(f"{len(guides)} guides, {ROUNDS} rounds, database {settings.DATABASES['default']['ENGINE']}")
    print(f"bare Wagtail page  {summary(bare_samples)}")
    print(f"guide page         {summary(guide_samples)}")
    ratio = statistics.median(guide_samples) / statistics.median(bare_samples)
    print(f"guide / bare       {ratio:.2f}×   (goal ≤ 2×)")
    print(f"handout PDF        {summary(pdf_samples)}   (goal < 300 ms)")


if __name__ == "__main__":
    main()
