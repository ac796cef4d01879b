"""Where a finished application becomes a case: `open_case` is the one call the
forms app makes at the end of its wizard (named by `settings.FORMS_CASE_OPENER`,
since the forms app sits below this one and cannot import it)."""

from django.db import transaction
from django.urls import reverse

from .notifications import send_receipt
from .permissions import remember_submission
from .submissions import create_submission


def open_case(*, request, page, definition, answers, uploads, submitted_by=None, proxy_note=""):
    """Store the application as a case, let this browser see it, e-mail the
    receipt once stored, and answer the URL of its confirmation page."""
    submission = create_submission(
        page=page, definition=definition, answers=answers, uploads=uploads,
        submitted_by=submitted_by, proxy_note=proxy_note,
    )
    remember_submission(request, submission)
    if submission.email:
        transaction.on_commit(lambda: send_receipt(submission, request))
    return reverse("cases:confirmation", args=[submission.reference])
