"""SubmissionFactory's states are the state machine's: a case built in a state
with the factory has what moves through `transition()` would have given it."""

import pytest
from django.utils import timezone

from cases.models import Submission

pytestmark = pytest.mark.django_db
S = Submission.Status

# The moves through transition() that reach each state of tests/conftest.py's STATES.
PATHS = {
    "pending": [],
    "accepted": [S.ACCEPTED],
    "rejected": [S.REJECTED],
    "correction_before": [S.CORRECTION],
    "correction_after": [S.ACCEPTED, S.CORRECTION],
    "processing": [S.ACCEPTED, S.PROCESSING],
    "reported": [S.ACCEPTED, S.PROCESSING, S.REPORTED],
    "completed": [S.ACCEPTED, S.PROCESSING, S.COMPLETED],
}


def described(case):
    """What the moves set on a case, with times reduced to whether they are set."""
    return {
        "status": case.status,
        "accepted": case.accepted_at is not None,
        "rejected": case.rejected_at is not None,
        "completed": case.completed_at is not None,
        "promised_days": case.promised_days,
        "due_date": case.due_date,
        "rejection_reason": case.rejection_reason,
        "result": case.result,
        "open_correction": [c.missing for c in case.corrections.filter(resolved_at__isnull=True)],
        "history": [(e.status, e.note, e.actor_id) for e in case.events.all()],
    }


@pytest.mark.parametrize("state", PATHS)
def test_the_factory_builds_what_the_moves_leave(desk, move, state):
    moved = move(desk.case(item="MZ-002"), *PATHS[state], user=desk.users["民政窗口"])
    built = desk.case(item="MZ-002", state=state)
    assert described(built) == described(moved)
    assert timezone.localdate(built.created_at) == timezone.localdate(moved.created_at)
