"""E-mail to a resident who saved a draft: the link to continue it. Sent by a
background job (`forms/tasks.py`), queued after the draft is committed."""

from django.core.mail import EmailMessage
from django.utils import timezone

from core.site_info import centre_name
from core.tasks import enqueue_on_commit


def queue_resume_link(draft, resume_url):
    from .tasks import send_resume_link

    enqueue_on_commit(send_resume_link, draft.pk, resume_url)


def deliver_resume_link(page, draft, resume_url):
    body = (
        f"您好！您在填写“{page.title}”时保存了草稿。\n\n"
        f"继续填写：{resume_url}\n\n"
        f"草稿保存到 {timezone.localtime(draft.expires_at):%Y年%m月%d日}，请勿把链接转给他人。\n\n{centre_name()}"
    )
    EmailMessage(f"【{centre_name()}】继续填写：{page.title}", body, to=[draft.email]).send()
