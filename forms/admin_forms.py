from wagtail.admin.forms import WagtailAdminPageForm

from .blocks import steps_to_definition
from .definition import publish_problems

# The editor's buttons that publish the form, or ask a manager to (submitting
# for approval, restarting the workflow, approving in the editor).
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


class ApplicationFormAdminForm(WagtailAdminPageForm):
    """A form can be saved as a draft at any stage, but not published (nor
    sent for approval) until it says which field is the applicant's name and
    which their 证件号码 or phone (`forms.definition.publish_problems`)."""

    def publishing(self):
        approving = "action-workflow-action" in self.data and self.data.get("workflow-action-name") == "approve"
        return approving or any(action in self.data for action in PUBLISHING_ACTIONS)

    def clean(self):
        cleaned = super().clean()
        steps = cleaned.get("steps")
        if self.publishing() and steps is not None:
            # A form-wide error: Wagtail lists it in the message at the top of
            # the editor, and the steps stay in the form as entered.
            for problem in publish_problems({"steps": steps_to_definition(steps)}):
                self.add_error(None, problem)
        return cleaned
