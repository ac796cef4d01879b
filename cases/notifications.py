"""E-mails and SMS to applicants about their case.

Nothing here is sent inside a request: `queue_receipt` and `send_transition`
enqueue background jobs (`cases/tasks.py`) once the data they describe is
committed. The `deliver_*` functions are what those jobs run; they raise on
failure so that the job is retried (`core.tasks.retrying_task`)."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string

from core.site_info import centre_name
from core.tasks import enqueue_on_commit

from .answers import applicant_phone
from .documents import NOTICE_FOR_STATUS, case_document
from .masking import mask_phone
from .models import RUNNING, Submission
from .receipt import render_receipt_pdf
from .submissions import receipt_data, status_url

logger = logging.getLogger(__name__)


def queue_receipt(submission):
    """E-mail the receipt (with its PDF) in the background, after commit."""
    from .tasks import send_receipt

    if submission.email:
        enqueue_on_commit(send_receipt, submission.pk)


def deliver_receipt(submission):
    data = receipt_data(submission)
    body = (
        f"您好！您的“{submission.item_name}”申请已提交，受理编号：{submission.reference}。\n\n"
        f"当前状态：{data['status']}。窗口受理后会按承诺时限办结。\n"
        f"查询办理进度：{data['status_url']}（输入受理编号和身份证号或手机号后 4 位）。\n\n"
        f"附件是申请回执，请保存。\n\n{centre_name()}"
    )
    message = EmailMessage(f"【{centre_name()}】申请回执 {submission.reference}", body, to=[submission.email])
    message.attach(
        f"回执-{submission.reference}.pdf",
        render_receipt_pdf(data, centre_name=centre_name(), printed_on=timezone.localdate()),
        "application/pdf",
    )
    message.send()


# --- New applications, to the window's staff ------------------------------------
#
# A form with `notify_staff` set tells its window's staff of each new
# application. The e-mail carries no personal data: the 受理编号, the item and a
# link to the case in the case desk, where the reader's rights apply.


def queue_staff_notice(submission):
    """E-mail the window's staff about a new case, in the background, after commit."""
    from .tasks import send_staff_notice

    if submission.window_id:
        enqueue_on_commit(send_staff_notice, submission.pk)


def staff_recipients(window):
    """The e-mail addresses of the active members of the window's staff group."""
    if window is None or window.staff_group_id is None:
        return []
    users = get_user_model().objects.filter(groups=window.staff_group_id, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def case_desk_url(submission):
    # The case desk (the app above) serves this named admin route.
    return settings.PUBLIC_BASE_URL + reverse("casedesk_cases_modeladmin_inspect", args=[submission.pk])


def deliver_staff_notice(submission):
    recipients = staff_recipients(submission.window)
    if not recipients:
        logger.info("New case %s: no staff e-mail address for window %s", submission.reference, submission.window_id)
        return
    submitted = timezone.localtime(submission.created_at)
    body = (
        f"{submission.window.name}有一份新的在线申请，请及时受理。\n\n"
        f"受理编号：{submission.reference}\n"
        f"事项：{submission.item_name}" + (f"（{submission.item_code}）" if submission.item_code else "") + "\n"
        f"提交时间：{submitted:%Y-%m-%d %H:%M}\n\n"
        f"在办件管理中查看：{case_desk_url(submission)}\n\n"
        f"本邮件不含申请人信息，请登录后查看。\n\n{centre_name()}"
    )
    subject = f"【{centre_name()}】新申请：{submission.item_name} {submission.reference}"
    EmailMessage(subject, body, to=recipients).send()


# --- 办件 state changes -------------------------------------------------------
#
# The applicant hears of every move of their case: by e-mail (with the notice
# that goes with the move, as PDF) when they gave an address, and by SMS to
# the mobile number in their answers. SMS goes through settings.SMS_BACKEND,
# any class with a `send(phone, message)` method; the default only logs.


class LoggingSMSBackend:
    """Writes each SMS to the log (with the number masked) instead of sending it."""

    def send(self, phone, message):
        logger.info("SMS to %s: %s", mask_phone(phone), message)


def send_sms(phone, message):
    """Hand one SMS to the gateway; its failure raises (the job retries it)."""
    import_string(settings.SMS_BACKEND)().send(phone, message)


def transition_message(submission, event):
    """(subject, e-mail body, SMS text) telling the applicant about `event`."""
    status = submission.get_status_display()
    url = status_url()
    lines = [f"您好！您的“{submission.item_name}”申请（受理编号 {submission.reference}）有新进展：", "", event.note]
    short = f"状态：{status}。"
    if submission.status in RUNNING and submission.due_date:
        due = f"{submission.due_date.year}年{submission.due_date.month}月{submission.due_date.day}日"
        lines.append(f"预计 {due} 前办结。")
        short += f"预计{due}前办结。"
    if submission.status == Submission.Status.CORRECTION:
        lines.append("请在办理进度查询页面上传补正材料，或带到窗口提交。")
        short += "请按告知补正材料。"
    if submission.status == Submission.Status.COMPLETED:
        lines.append("欢迎在办理进度查询页面对本次服务进行评价。")
    lines += ["", f"查询办理进度：{url}（输入受理编号和身份证号或手机号后 4 位）。", "", centre_name()]
    subject = f"【{centre_name()}】{status}：{submission.item_name} {submission.reference}"
    sms = f"【{centre_name()}】您的“{submission.item_name}”申请（{submission.reference}）{short}详情请查询：{url}"
    return subject, "\n".join(lines), sms


def send_transition(submission, event):
    """Tell the applicant of a move: e-mail and SMS as two background jobs, so
    that a retried SMS never sends the e-mail twice. Called after the move has
    committed (`cases.states.transition` calls it on commit)."""
    from .tasks import send_transition_email, send_transition_sms

    if submission.email:
        send_transition_email.enqueue(submission.pk, event.pk)
    if applicant_phone(submission):
        send_transition_sms.enqueue(submission.pk, event.pk)


def deliver_transition_email(submission, event):
    subject, body, _ = transition_message(submission, event)
    message = EmailMessage(subject, body, to=[submission.email])
    kind = NOTICE_FOR_STATUS.get(event.status)
    if kind:
        message.attach(*case_document(submission, kind, show_personal=True), "application/pdf")
    message.send()


def deliver_transition_sms(submission, event):
    phone = applicant_phone(submission)
    if phone:
        _, _, sms = transition_message(submission, event)
        send_sms(phone, sms)
