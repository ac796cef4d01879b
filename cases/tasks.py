"""Background jobs of the cases app: the receipt e-mail with its PDF, the
new-application e-mail to the window's staff, and the e-mail and SMS at each
move of a case. They take ids (read afresh when the job
runs) and are retried on failure (`core.tasks.retrying_task`)."""

from core.tasks import retrying_task

from .models import Submission, SubmissionEvent
from .notifications import deliver_receipt, deliver_staff_notice, deliver_transition_email, deliver_transition_sms


def _submission(submission_id):
    return Submission.objects.select_related("guide", "window", "submitted_by").get(pk=submission_id)


@retrying_task()
def send_receipt(submission_id):
    deliver_receipt(_submission(submission_id))


@retrying_task()
def send_staff_notice(submission_id):
    deliver_staff_notice(_submission(submission_id))


def _as_of_event(submission_id, event_id):
    """The case as the move left it: a later move made before this job runs
    must not change what this notice says."""
    submission = _submission(submission_id)
    event = SubmissionEvent.objects.get(pk=event_id, submission_id=submission_id)
    submission.status = event.status
    return submission, event


@retrying_task()
def send_transition_email(submission_id, event_id):
    deliver_transition_email(*_as_of_event(submission_id, event_id))


@retrying_task()
def send_transition_sms(submission_id, event_id):
    deliver_transition_sms(*_as_of_event(submission_id, event_id))
