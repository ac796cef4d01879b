"""E-mails to applicants. Sent after the data they describe is committed."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils import timezone

logger = logging.getLogger(__name__)


def send_receipt(submission, request=None):
    from .pdf import render_receipt_pdf
    from .submissions import receipt_data

    data = receipt_data(submission)
    body = (
        f"您好！您的“{submission.item_name}”申请已提交，受理编号：{submission.reference}。\n\n"
        f"当前状态：{data['status']}。窗口受理后会按承诺时限办结。\n"
        f"查询办理进度：{data['status_url']}（输入受理编号和身份证号或手机号后 4 位）。\n\n"
        f"附件是申请回执，请保存。\n\n{settings.CENTRE_NAME}"
    )
    message = EmailMessage(f"【{settings.CENTRE_NAME}】申请回执 {submission.reference}", body, to=[submission.email])
    message.attach(
        f"回执-{submission.reference}.pdf",
        render_receipt_pdf(data, centre_name=settings.CENTRE_NAME, printed_on=timezone.localdate()),
        "application/pdf",
    )
    try:
        message.send()
    except OSError:  # the submission is stored; a mail outage must not lose it
        logger.exception("Could not e-mail the receipt of %s", submission.reference)


def send_resume_link(request, page, draft):
    from .wizard import resume_url

    body = (
        f"您好！您在填写“{page.title}”时保存了草稿。\n\n"
        f"继续填写：{resume_url(request, page, draft)}\n\n"
        f"草稿保存到 {timezone.localtime(draft.expires_at):%Y年%m月%d日}，请勿把链接转给他人。\n\n{settings.CENTRE_NAME}"
    )
    try:
        EmailMessage(f"【{settings.CENTRE_NAME}】继续填写：{page.title}", body, to=[draft.email]).send()
    except OSError:
        logger.exception("Could not e-mail the resume link for draft %s", draft.pk)
