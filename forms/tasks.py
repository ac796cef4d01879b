"""Background jobs of the forms app, retried on failure (`core.tasks`)."""

import logging

from core.tasks import retrying_task

from .models import Draft
from .notifications import deliver_resume_link

logger = logging.getLogger(__name__)


@retrying_task()
def send_resume_link(draft_id, resume_url):
    draft = Draft.objects.select_related("page").filter(pk=draft_id).first()
    if draft is None or draft.expired or draft.submitted_at or not draft.email:
        logger.info("Resume link for draft %s not sent: the draft is gone, expired or submitted", draft_id)
        return
    deliver_resume_link(draft.page.specific, draft, resume_url)
