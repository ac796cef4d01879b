from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from core.policies import ManagerPolicy, PolicySnippetViewSet, register_policy

from .models import Theme, Window, WindowStaff
from .permissions import WindowStaffPolicy

# One policy per model, registered before any view asks (core/policies.py).
register_policy(Window, ManagerPolicy)
register_policy(Theme, ManagerPolicy)
register_policy(WindowStaff, WindowStaffPolicy)


class WindowViewSet(PolicySnippetViewSet):
    model = Window
    icon = "group"
    menu_label = "承办窗口"
    ordering = ["sort_order", "name"]
    list_display = ["name", "department", "location", "phone", "sort_order"]
    search_fields = ["name", "department", "location"]


class ThemeViewSet(PolicySnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = "生活主题"
    ordering = ["audience", "sort_order", "name"]
    list_display = ["name", "audience", "sort_order"]
    list_filter = ["audience"]
    search_fields = ["name"]


class GuideReferenceViewSetGroup(SnippetViewSetGroup):
    items = (WindowViewSet, ThemeViewSet)
    menu_icon = "folder-open-inverse"
    menu_label = "窗口和主题"
    menu_name = "guide-reference"
    menu_order = 200


register_snippet(GuideReferenceViewSetGroup)

from .staff_admin import WindowStaffViewSet  # noqa: E402

register_snippet(WindowStaffViewSet)


# --- Keeping guides true: 待复核 ------------------------------------------------

from django.urls import path, reverse  # noqa: E402
from wagtail import hooks  # noqa: E402
from wagtail.admin.menu import MenuItem  # noqa: E402
from wagtail.admin.ui.components import Component  # noqa: E402

from . import admin_views  # noqa: E402
from .models import ReviewFlag  # noqa: E402


@hooks.register("register_admin_urls")
def review_urls():
    return [
        path("reviews/", admin_views.review_list, name="guide_reviews"),
        path("reviews/<int:guide_id>/confirm/", admin_views.confirm_review, name="guide_review_confirm"),
        path("reviews/overdue/", admin_views.overdue_list, name="guide_reviews_overdue"),
        path("feedback/", admin_views.feedback_list, name="guide_feedback"),
        path("feedback/<int:guide_id>/", admin_views.feedback_detail, name="guide_feedback_detail"),
    ]


@hooks.register("register_admin_menu_item")
def review_menu_item():
    return MenuItem("待复核指南", reverse("guide_reviews"), icon_name="warning", order=150)


@hooks.register("register_admin_menu_item")
def feedback_menu_item():
    return MenuItem("页面反馈", reverse("guide_feedback"), icon_name="help", order=160)


class ReviewFlagsPanel(Component):
    """Dashboard: guides the user can edit whose regulations changed."""

    name = "review_flags"
    order = 50
    template_name = "guides/admin/review_panel.html"

    def __init__(self, flags):
        self.flags = flags

    def get_context_data(self, parent_context):
        return {"flags": self.flags}


@hooks.register("construct_homepage_panels")
def add_review_panel(request, panels):
    flags = list(
        ReviewFlag.objects.open()
        .filter(guide__in=admin_views.editable_guides(request.user))
        .select_related("guide__window", "regulation")[:20]
    )
    if flags:
        panels.append(ReviewFlagsPanel(flags))
