from wagtail.admin.forms import WagtailAdminPageForm


class GuideAdminForm(WagtailAdminPageForm):
    """A guide that is already published needs a new 更新说明 to be published
    (or submitted for approval) again, so residents can see what changed."""

    def clean(self):
        cleaned = super().clean()
        publishing = "action-publish" in self.data or "action-submit" in self.data
        if publishing and self.instance.pk and self.instance.live:
            note = (cleaned.get("change_note") or "").strip()
            if not note or note == (self.instance.change_note or "").strip():
                self.add_error("change_note", "再次发布前请填写这次的更新说明（说明改了什么）。")
        return cleaned
