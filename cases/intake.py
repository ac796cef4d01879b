"""Where a finished application becomes a case: `open_case` is the one call the
forms app makes at the end of its wizard (named by `settings.FORMS_CASE_OPENER`,
since the forms app sits below this one and cannot import it)."""

from django.urls import reverse

from .notifications import queue_receipt, queue_staff_notice
from .permissions import remember_submission
from .submissions import create_submission


def open_case(*, request, page, definition, answers, uploads, submitted_by=None, proxy_note=""):
    """Store the application as a case, let this browser see it, queue the
    receipt e-mail for after the commit, and answer the URL of its confirmation
    page; with the form's `notify_staff`, also the staff e-mail. The caller's transaction (the wizard's, holding the draft's row lock)
    covers the case and the consumed draft together."""
    submission = create_submission(
        page=page, definition=definition, answers=answers, uploads=uploads,
        submitted_by=submitted_by, proxy_note=proxy_note,
    )
    remember_submission(request, submission)
    queue_receipt(submission)
    if page.notify_staff:
        queue_staff_notice(submission)
    return reverse("cases:confirmation", args=[submission.reference])
