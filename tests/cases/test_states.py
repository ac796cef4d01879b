"""The 办件 state machine: every legal move, every illegal one, what each records,
and deadlines with 补正 pauses. (Who is told: test_notifications.py.)"""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases.models import CorrectionRequest, Submission
from cases.states import MOVES, TransitionError, available_moves, transition
from core.models import Holiday
from core.promise import promise_text
from core.workdays import add_working_days

pytestmark = pytest.mark.django_db
S = Submission.Status

# The states of a case (补正 before and after 受理), and the moves that are legal from there.
LEGAL_FROM = {
    "pending": {S.ACCEPTED, S.REJECTED, S.CORRECTION},
    "accepted": {S.PROCESSING, S.CORRECTION},
    "rejected": set(),
    "correction_before": {S.PENDING, S.REJECTED},
    "correction_after": {S.PROCESSING},
    "processing": {S.CORRECTION, S.REPORTED, S.COMPLETED},
    "reported": {S.PROCESSING},
    "completed": set(),
}
INPUTS = {
    S.REJECTED: {"reason": "户籍不在本镇"},
    S.CORRECTION: {"missing": ["户口簿", "收入证明"]},
    S.COMPLETED: {"result": Submission.Result.GRANTED},
}


def at(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour)))


STATUS_OF = {state: S.CORRECTION if state.startswith("correction") else S(state) for state in LEGAL_FROM}


def test_the_move_table_covers_the_legal_moves_only():
    legal = {(state, to) for state, targets in LEGAL_FROM.items() for to in targets}
    assert len(MOVES) == 12
    assert {(source, to) for source, to in MOVES} == {(STATUS_OF[state], to) for state, to in legal}


@pytest.mark.parametrize("path", LEGAL_FROM)
@pytest.mark.parametrize("to", S.values)
def test_every_move_from_every_state(desk, path, to):
    case = desk.case("民政窗口", item="MZ-002", state=path)  # MZ-002 is a 上报件; the case is built in its state
    assert case.status == STATUS_OF[path]
    before = (case.status, case.events.count())
    user = desk.staff_of(case)
    if to in LEGAL_FROM[path]:
        event = transition(case, to, user=user, notify=False, **INPUTS.get(to, {}))
        assert case.status == to and event.status == to and event.actor == user
        assert case.events.count() == before[1] + 1
    else:
        with pytest.raises(TransitionError):
            transition(case, to, user=user, notify=False, **INPUTS.get(to, {}))
        case.refresh_from_db()
        assert (case.status, case.events.count()) == before


def test_available_moves_follow_the_stage(desk, move):
    case = desk.case()
    assert [label for _, label in available_moves(case)] == ["受理", "不予受理", "告知补正"]
    move(case, S.CORRECTION)
    assert [label for _, label in available_moves(case)] == ["补正齐全", "不予受理"]
    move(case, S.PENDING, S.ACCEPTED, S.CORRECTION)
    assert [label for _, label in available_moves(case)] == ["补正齐全，继续办理"]
    move(case, S.PROCESSING)
    # MZ-001 is a 承诺件: it is never reported to the county.
    assert [label for _, label in available_moves(case)] == ["告知补正", "办结"]
    with pytest.raises(TransitionError, match="只有上报件"):
        transition(case, S.REPORTED, user=desk.staff_of(case))


def test_leaving_correction_returns_where_the_case_was(desk, move):
    before = move(desk.case(), S.CORRECTION)
    with pytest.raises(TransitionError, match="尚未受理"):
        transition(before, S.PROCESSING, user=desk.staff_of(before))
    after = move(desk.case(), S.ACCEPTED, S.PROCESSING, S.CORRECTION)
    for refused in (S.PENDING, S.REJECTED):
        with pytest.raises(TransitionError, match="已受理"):
            transition(after, refused, user=desk.staff_of(after), reason="x")


@pytest.mark.parametrize(
    ("to", "inputs", "message"),
    [
        (S.REJECTED, {}, "必须写明理由"),
        (S.REJECTED, {"reason": "   "}, "必须写明理由"),
        (S.CORRECTION, {}, "列出需要补正的材料"),
        (S.CORRECTION, {"missing": ["", "  "]}, "列出需要补正的材料"),
    ],
)
def test_required_input_on_acceptance_decisions(desk, to, inputs, message):
    case = desk.case()
    with pytest.raises(TransitionError, match=message):
        transition(case, to, user=desk.staff_of(case), **inputs)
    assert case.events.count() == 1


@pytest.mark.parametrize(
    ("inputs", "message"),
    [({}, "准予或不予"), ({"result": "maybe"}, "准予或不予"), ({"result": "refused"}, "必须写明理由")],
)
def test_required_input_on_completion(desk, inputs, message):
    case = desk.case(state="processing")
    with pytest.raises(TransitionError, match=message):
        transition(case, S.COMPLETED, user=desk.staff_of(case), **inputs)
    assert case.status == S.PROCESSING


def test_each_move_records_who_when_and_why(desk):
    case = desk.case()
    staff = desk.staff_of(case)
    monday = date(2026, 3, 2)
    transition(case, S.ACCEPTED, user=staff, now=at(monday), notify=False)
    assert case.accepted_at == at(monday) and case.promised_days == 20
    transition(case, S.PROCESSING, user=staff, now=at(monday, 15), notify=False, note="已入户调查")
    transition(
        case, S.COMPLETED, user=staff, now=at(date(2026, 3, 20)), notify=False, result="refused", note="收入超标"
    )
    assert case.completed_at == at(date(2026, 3, 20)) and case.result == "refused" and case.result_note == "收入超标"
    events = list(case.events.order_by("pk").values_list("status", "actor__username", "created_at", "note"))
    assert events[1:] == [
        ("accepted", staff.username, at(monday), f"已受理，承诺办结时限：{promise_text(20, case.due_date)}"),
        ("processing", staff.username, at(monday, 15), "开始办理。已入户调查"),
        ("completed", staff.username, at(date(2026, 3, 20)), "办结，结果：不予。收入超标"),
    ]

    rejected = desk.case()
    transition(rejected, S.REJECTED, user=staff, reason="户籍不在本镇", notify=False)
    assert rejected.rejected_at is not None and rejected.rejection_reason == "户籍不在本镇"
    assert rejected.events.latest("pk").note == "不予受理。户籍不在本镇"


def test_correction_pauses_the_clock_and_moves_the_due_date(desk):
    Holiday.objects.all().delete()  # plain weekends, to follow the arithmetic
    case = desk.case()
    staff = desk.staff_of(case)
    monday = date(2026, 3, 2)
    transition(case, S.ACCEPTED, user=staff, now=at(monday), notify=False)
    assert case.due_date == add_working_days(monday, 20) == date(2026, 3, 30)
    transition(case, S.PROCESSING, user=staff, now=at(monday, 11), notify=False)
    transition(case, S.CORRECTION, user=staff, now=at(date(2026, 3, 4)), notify=False, missing=["收入证明"])
    request = CorrectionRequest.objects.get(submission=case)
    assert request.missing == ["收入证明"] and request.requested_by == staff and request.resolved_at is None
    assert case.due_date == date(2026, 3, 30)  # unchanged while the pause is open
    assert "暂停" in case.events.latest("pk").note
    # Complete on Monday 9 March: Thursday 5, Friday 6 and Monday 9 did not count.
    transition(case, S.PROCESSING, user=staff, now=at(date(2026, 3, 9)), notify=False)
    request.refresh_from_db()
    assert request.resolved_at == at(date(2026, 3, 9))
    assert case.due_date == date(2026, 4, 2)


def test_correction_before_acceptance_does_not_pause_a_clock_not_yet_running(desk):
    Holiday.objects.all().delete()
    case = desk.case()
    staff = desk.staff_of(case)
    transition(case, S.CORRECTION, user=staff, now=at(date(2026, 3, 2)), missing=["户口簿"], notify=False)
    assert case.due_date is None and "暂停" not in case.events.latest("pk").note
    transition(case, S.PENDING, user=staff, now=at(date(2026, 3, 5)), notify=False)
    transition(case, S.ACCEPTED, user=staff, now=at(date(2026, 3, 5), 11), notify=False)
    assert case.due_date == add_working_days(date(2026, 3, 5), 20)


def test_a_changed_holiday_calendar_moves_open_due_dates(desk, django_capture_on_commit_callbacks):
    Holiday.objects.all().delete()
    staff = desk.users["民政窗口"]
    running, closed = desk.case(), desk.case()
    for case in (running, closed):
        transition(case, S.ACCEPTED, user=staff, now=at(date(2026, 3, 2)), notify=False)
    transition(closed, S.PROCESSING, user=staff, now=at(date(2026, 3, 3)), notify=False)
    transition(closed, S.COMPLETED, user=staff, now=at(date(2026, 3, 4)), result="granted", notify=False)
    assert running.due_date == closed.due_date == date(2026, 3, 30)
    with django_capture_on_commit_callbacks(execute=True):
        Holiday.objects.create(date=date(2026, 3, 10), name="测试假日")
    running.refresh_from_db()
    closed.refresh_from_db()
    assert running.due_date == date(2026, 3, 31)
    assert closed.due_date == date(2026, 3, 30)  # a closed case keeps the date it was judged by


def test_only_the_cases_window_may_move_it(desk):
    case = desk.case()
    for name in ("农业综合服务窗口", "no_window", "agent"):
        with pytest.raises(PermissionDenied):
            transition(case, S.ACCEPTED, user=desk.users[name])
    assert case.events.count() == 1 and case.status == S.PENDING
    transition(case, S.ACCEPTED, user=desk.users["manager"], notify=False)  # managers work every window
    assert case.status == S.ACCEPTED
