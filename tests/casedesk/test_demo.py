"""load_demo's cases: spread over states, windows, channels and dates, some overdue, loaded once."""

from collections import Counter

import pytest
from django.core.management import call_command

from cases.deadlines import with_deadline
from casedesk.models import CompletionNoticePage
from cases.models import Rating, Submission

pytestmark = pytest.mark.django_db


def test_demo_cases(client):
    call_command("load_demo")
    cases = with_deadline(Submission.objects.all())
    assert cases.count() == 40
    assert set(cases.values_list("status", flat=True)) == set(Submission.Status.values)
    deadlines = Counter(cases.values_list("deadline", flat=True))
    assert (
        deadlines["overdue"] >= 3 and deadlines["due_soon"] >= 1 and deadlines["paused"] >= 1 and deadlines["late"] >= 1
    )
    assert cases.values("window").distinct().count() >= 5
    assert set(cases.values_list("proxy_role", flat=True)) == {"", "窗口工作人员", "村代办员"}
    assert Rating.objects.count() >= 5
    assert CompletionNoticePage.objects.filter(live=True).exists()
    # Every demo case opens for the manager.
    client.login(username="manager", password="manager-demo")
    for case in cases:
        assert client.get(f"/admin/casedesk/cases/inspect/{case.pk}/").status_code == 200, case.reference

    call_command("load_demo")
    assert Submission.objects.count() == 40
