"""办件 states and the moves between them, from 受理 to 办结.

    待受理 ─┬─ 受理 ──────→ 已受理 ── 开始办理 ──→ 办理中 ─┬─ 办结（准予 / 不予）→ 办结
            ├─ 不予受理 ──→ 不予受理                        ├─ 上报县级 ──→ 已上报 ── 县级返回 ──→ 办理中
            └─ 告知补正 ──→ 需补正                          └─ 告知补正 ──→ 需补正
    需补正 ── 补正齐全 ──→ back where the case was: 待受理 before 受理, 办理中 after
             (before 受理 the window may also refuse it: 不予受理)

`MOVES` lists every legal move as data; `transition()` is the only code that
changes a case's status. It refuses an illegal move with a Chinese message,
checks that the user works the case's window, records who, when and why as a
`SubmissionEvent` (its note is shown to the applicant, its actor only to
staff), sets the timestamps, recomputes the due date and, once the
transaction has committed, tells the applicant.

The promised deadline counts working days from the day of 受理 (see
core.workdays), against the holiday calendar, and stops while a 补正 is
open after 受理.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from core import workdays as deadlines
from core.promise import promise_text
from core.workdays import work_calendar

from .models import CLOSED, OPEN, RUNNING, CorrectionRequest, Submission, SubmissionEvent
from .notifications import send_transition
from .permissions import can_work

__all__ = ["CLOSED", "MOVES", "OPEN", "RUNNING", "TransitionError", "available_moves", "transition"]

S = Submission.Status

# (from, to): the label of the move, as on its button.
MOVES = {
    (S.PENDING, S.ACCEPTED): "受理",
    (S.PENDING, S.REJECTED): "不予受理",
    (S.PENDING, S.CORRECTION): "告知补正",
    (S.CORRECTION, S.PENDING): "补正齐全",
    (S.CORRECTION, S.REJECTED): "不予受理",
    (S.CORRECTION, S.PROCESSING): "补正齐全，继续办理",
    (S.ACCEPTED, S.PROCESSING): "开始办理",
    (S.ACCEPTED, S.CORRECTION): "告知补正",
    (S.PROCESSING, S.CORRECTION): "告知补正",
    (S.PROCESSING, S.REPORTED): "上报县级部门",
    (S.PROCESSING, S.COMPLETED): "办结",
    (S.REPORTED, S.PROCESSING): "县级部门已返回",
}
# Moves out of 需补正 that only exist before 受理, and the one that only exists after.
BEFORE_ACCEPTANCE = {(S.CORRECTION, S.PENDING), (S.CORRECTION, S.REJECTED)}
AFTER_ACCEPTANCE = {(S.CORRECTION, S.PROCESSING)}
# Only these items go to the county for approval.
REPORTED_HANDLING = "上报件"



class TransitionError(Exception):
    """An illegal move or missing input; the message is for the user."""


def refusal(submission, to):
    """Why `submission` may not move to `to`, or "" if it may."""
    move = (submission.status, to)
    if move not in MOVES:
        return f"办件当前为“{submission.get_status_display()}”，不能改为“{S(to).label}”。"
    accepted = submission.accepted_at is not None
    if move in BEFORE_ACCEPTANCE and accepted:
        return "已受理的办件补正齐全后应继续办理，不能退回待受理或不予受理。"
    if move in AFTER_ACCEPTANCE and not accepted:
        return "尚未受理的办件补正齐全后应回到待受理。"
    if to == S.REPORTED and (submission.guide is None or submission.guide.handling_type != REPORTED_HANDLING):
        return "只有上报件才能上报县级部门。"
    return ""


def available_moves(submission):
    """The legal moves from the case's current state: [(to, label)]."""
    return [
        (to, label)
        for (source, to), label in MOVES.items()
        if source == submission.status and not refusal(submission, to)
    ]


def transition(submission, to, *, user, reason="", missing=(), result="", note="", now=None, notify=True):
    """Move `submission` to status `to` and return the new SubmissionEvent.

    reason: 不予受理 (required); missing: the materials to supply, for 需补正
    (required); result: Submission.Result, for 办结 (required, and a note is
    required with 不予); note: free text shown to the applicant in the history.
    Raises PermissionDenied for a user outside the case's window and
    TransitionError for an illegal move or missing input.
    """
    if not can_work(user, submission):
        raise PermissionDenied("只能办理本窗口的办件。")
    now = now or timezone.now()
    reason, note = reason.strip(), note.strip()
    missing = [item.strip() for item in missing if item.strip()]
    with transaction.atomic():
        case = Submission.objects.select_for_update(of=("self",)).select_related("guide").get(pk=submission.pk)
        problem = refusal(case, to) or _missing_input(to, reason, missing, result, note)
        if problem:
            raise TransitionError(problem)
        text = _apply(case, to, user=user, reason=reason, missing=missing, result=result, note=note, now=now)
        case.status = to
        case.due_date = compute_due_date(case)
        case.save()
        event = SubmissionEvent.objects.create(submission=case, status=to, note=text, actor=user, created_at=now)
        if notify:
            transaction.on_commit(lambda: send_transition(case, event))
    submission.refresh_from_db()
    return event


def acceptance_note(promised_days, due):
    """The history line of 受理: the promised time limit in the one wording (core.promise)."""
    promise = promise_text(promised_days, due)
    return f"已受理，承诺办结时限：{promise}" if promise else "已受理"


def _missing_input(to, reason, missing, result, note):
    if to == S.REJECTED and not reason:
        return "不予受理必须写明理由。"
    if to == S.CORRECTION and not missing:
        return "请列出需要补正的材料。"
    if to == S.COMPLETED:
        if result not in Submission.Result.values:
            return "请选择办理结果：准予或不予。"
        if result == Submission.Result.REFUSED and not note:
            return "办结结果为不予的，必须写明理由。"
    return ""


def _apply(case, to, *, user, reason, missing, result, note, now):
    """Set what the move changes on the case; return the history note."""
    if case.status == S.CORRECTION:
        case.corrections.filter(resolved_at__isnull=True).update(resolved_at=now)
    detail = note
    if to == S.ACCEPTED:
        case.accepted_at = now
        case.promised_days = case.guide.promised_days if case.guide else None
        headline = acceptance_note(case.promised_days, compute_due_date(case))
    elif to == S.REJECTED:
        case.rejected_at = now
        case.rejection_reason = reason
        headline, detail = "不予受理", reason
    elif to == S.CORRECTION:
        CorrectionRequest.objects.create(submission=case, missing=missing, requested_at=now, requested_by=user)
        headline = "需补正材料：" + "；".join(missing)
        if case.accepted_at:
            headline += "。补正期间办理时限暂停计算"
    elif to == S.COMPLETED:
        case.completed_at = now
        case.result = result
        case.result_note = note
        headline = f"办结，结果：{Submission.Result(result).label}"
    else:
        headline = {
            S.PENDING: "补正材料已齐全，等待受理",
            S.PROCESSING: {
                S.ACCEPTED: "开始办理",
                S.CORRECTION: "补正材料已齐全，继续办理",
                S.REPORTED: "县级部门已返回，继续办理",
            }.get(case.status),
            S.REPORTED: "已上报县级部门审批",
        }[to]
    return f"{headline}。{detail}" if detail else headline


def pauses(case):
    """The closed 补正 pauses of a case as (start, end) local dates."""
    return [
        (timezone.localdate(c.requested_at), timezone.localdate(c.resolved_at))
        for c in case.corrections.all()
        if c.resolved_at is not None
    ]


def compute_due_date(case, calendar=None):
    """承诺办结日期: None until 受理 (or for an item without a promise).
    `calendar` is (holidays, workdays); read from the database when not given."""
    if case.accepted_at is None or case.promised_days is None:
        return None
    if calendar is None:
        calendar = work_calendar()
    holidays, workdays = calendar
    return deadlines.due_date(
        timezone.localdate(case.accepted_at), case.promised_days, pauses(case), holidays, workdays
    )


def recompute_open_due_dates():
    """After the holiday calendar changed: move the due dates of the cases not yet closed."""
    calendar = work_calendar()
    changed = []
    cases = Submission.objects.filter(status__in=OPEN, accepted_at__isnull=False).prefetch_related("corrections")
    for case in cases.only("pk", "accepted_at", "promised_days", "due_date"):
        due = compute_due_date(case, calendar)
        if due != case.due_date:
            case.due_date = due
            changed.append(case)
    Submission.objects.bulk_update(changed, ["due_date"])
    return len(changed)
