"""受理编号: per day and item, digits only, unique under concurrency."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import ReferenceCounter
from cases.references import as_typed, next_reference

pytestmark = pytest.mark.django_db


def test_references_count_per_day_and_item():
    day = timezone.localdate()
    assert next_reference(day, "MZ-001").endswith("-MZ001-0001")
    assert next_reference(day, "MZ-001").endswith("-MZ001-0002")
    assert next_reference(day, "NY-201").endswith("-NY201-0001")
    assert set(next_reference(day, "MZ-001")[:8]) <= set("0123456789")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_references_unique_under_concurrency():
    day = timezone.localdate()
    results, errors = [], []

    def worker():
        from django.db import connections

        try:
            for _ in range(10):
                results.append(next_reference(day, "MZ-001"))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(results) == 80 and len(set(results)) == 80
    assert ReferenceCounter.objects.get(day=day, item="MZ001").last == 80


@pytest.mark.parametrize(
    "typed",
    ["20261201-MZ001-0003", "20261201mz0010003", "20261201 MZ001 0003", "２０２６１２０１－ＭＺ００１－０００３"],
)
def test_a_reference_is_found_however_it_was_typed(typed):
    assert as_typed(typed) == "20261201-MZ001-0003"


def test_something_that_is_no_reference_matches_nothing():
    assert as_typed("hello") == "HELLO" and as_typed("") == ""
