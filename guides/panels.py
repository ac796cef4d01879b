"""Read-only admin panels that show editors the review state of what they edit."""

from wagtail.admin.panels import Panel


class ReviewStatusPanel(Panel):
    """A banner on the guide's edit view while a cited regulation has changed."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "guides/panels/review_status.html"

        def is_shown(self):
            return bool(self.instance.pk) and self.flags

        @property
        def flags(self):
            if not hasattr(self, "_flags"):
                self._flags = list(self.instance.review_flags.open().select_related("regulation", "new_regulation"))
            return self._flags

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["flags"] = self.flags
            return context


class CitingGuidesPanel(Panel):
    """On a regulation: the guides that cite it, which a revision or repeal will flag."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "guides/panels/citing_guides.html"

        def is_shown(self):
            return bool(self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            guides = list(self.instance.citing_guides().select_related("window"))
            if self.instance.replaces_id:
                guides += [g for g in self.instance.replaces.citing_guides().select_related("window") if g not in guides]
            context["guides"] = guides
            context["replaces"] = self.instance.replaces
            return context
