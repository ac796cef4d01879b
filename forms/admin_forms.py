"""The admin form of an application form page.

Which 办事指南 it may be for: a form belongs to a guide and, through it, to
the guide's window; it sits in that window's folder, where the window's staff
hold their page permissions. So a form may only be for a published guide of
the folder's window: anything else is refused here with a message that says
why, and nothing is saved.

And when it may be published: a form can be saved as a draft at any stage,
but not published (nor sent for approval) until it says which field is the
applicant's name and which their 证件号码 or phone
(`forms.definition.publish_problems`)."""

from wagtail.admin.forms import WagtailAdminPageForm

from core.roles import works_window

from .blocks import steps_to_definition
from .definition import publish_problems
from .keys import slug_from_title

# The editor's buttons that publish the form, or ask a manager to (submitting
# for approval, restarting the workflow, approving in the editor).
PUBLISHING_ACTIONS = ("action-publish", "action-submit", "action-restart-workflow")


class ApplicationFormAdminForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = "留空或用中文时，按标题的拼音自动生成"

    def clean_slug(self):
        """A slug from the title's pinyin when it is empty or not ASCII (a Chinese
        title never fails with "slug 必填"), unique among all forms, since a
        form's address leaves its window folder out (/zaixian/<slug>/)."""
        slug = self.cleaned_data.get("slug") or ""
        if slug and slug.isascii():
            return slug
        title = self.cleaned_data.get("title") or self.data.get("title") or ""
        return slug_from_title(title, taken=self.instance.taken_slugs(self.instance.pk))

    def publishing(self):
        approving = "action-workflow-action" in self.data and self.data.get("workflow-action-name") == "approve"
        return approving or any(action in self.data for action in PUBLISHING_ACTIONS)

    def clean(self):
        cleaned_data = super().clean()
        guide = cleaned_data.get("guide")
        problem = guide_problem(guide, self.parent_page)
        if not problem and guide.window_id and self.for_user and not works_window(self.for_user, guide.window_id):
            problem = f"办事指南“{guide.title}”（{guide.code}）属于“{guide.window.name}”，不是您所在的窗口：只能为本窗口的事项建申请表"
        if problem:
            self.add_error("guide", problem)
        steps = cleaned_data.get("steps")
        if self.publishing() and steps is not None:
            # A form-wide error: Wagtail lists it in the message at the top of
            # the editor, and the steps stay in the form as entered.
            for publish_problem in publish_problems({"steps": steps_to_definition(steps)}):
                self.add_error(None, publish_problem)
        return cleaned_data


def guide_problem(guide, folder):
    """Why `guide` cannot be the guide of a form in `folder`, or "" when it can."""
    if guide is None:
        return "请选择本表申请的办事指南（事项）"
    if not guide.live:
        return f"办事指南“{guide.title}”（{guide.code}）尚未发布，不能为它建申请表：请先发布该指南，或选择其他事项"
    window_id = getattr(getattr(folder, "specific", folder), "window_id", None)
    if window_id is not None and guide.window_id != window_id:
        other = guide.window.name if guide.window_id else "未指定窗口"
        return f"办事指南“{guide.title}”（{guide.code}）属于“{other}”，不是本目录的“{folder.specific.window.name}”：只能为本窗口的事项建申请表"
    return ""
