"""Admin views for keeping guides true: the 待复核 list (with filters and a
"no change needed" confirmation) and, for managers, overdue periodic reviews."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone

from core.roles import is_manager

from .models import ReviewFlag, ServiceGuidePage, Window
from .review import confirm_unchanged, overdue_reviews


def editable_guides(user):
    """The guides this user may edit (Wagtail's own page permissions)."""
    from wagtail.permission_policies.pages import PagePermissionPolicy

    return PagePermissionPolicy().instances_user_has_any_permission_for(user, ["change"]).type(ServiceGuidePage)


class ConfirmForm(forms.Form):
    note = forms.CharField(label="复核说明", max_length=200, help_text="例如 已核对新法规，申请条件和材料没有变化")


def review_list(request):
    """待复核指南: open flags on the guides the user can edit, filterable by window."""
    flags = (
        ReviewFlag.objects.open()
        .filter(guide__in=editable_guides(request.user))
        .select_related("guide__window", "regulation", "new_regulation")
    )
    window_id = request.GET.get("window", "")
    if window_id.isdigit():
        flags = flags.filter(guide__window_id=int(window_id))
    guides = {}
    for flag in flags:
        guides.setdefault(flag.guide, []).append(flag)
    return TemplateResponse(
        request,
        "guides/admin/review_list.html",
        {
            "guides": guides.items(),
            "windows": Window.objects.all(),
            "window_id": window_id,
            "form": ConfirmForm(),
            "is_manager": is_manager(request.user),
            "can_confirm": {guide.pk for guide in guides if may_confirm(request.user, guide)},
        },
    )


def may_confirm(user, guide):
    """Confirming "无需修改" clears the 待复核 flag and writes a public 更新记录
    entry: a publication, so it takes the right to publish the guide (managers;
    a window's staff draft and submit a revision instead)."""
    return guide.permissions_for_user(user).can_publish()


def confirm_review(request, guide_id):
    if request.method != "POST":
        return redirect("guide_reviews")
    guide = get_object_or_404(ServiceGuidePage, pk=guide_id)
    if not may_confirm(request.user, guide):
        raise PermissionDenied
    form = ConfirmForm(request.POST)
    if form.is_valid():
        count = confirm_unchanged(guide, user=request.user, note=form.cleaned_data["note"])
        messages.success(request, f"已确认“{guide.title}”无需修改，清除 {count} 个待复核标记。")
    else:
        messages.error(request, "请填写复核说明。")
    return redirect("guide_reviews")


def overdue_list(request):
    if not is_manager(request.user):
        raise PermissionDenied
    return TemplateResponse(
        request,
        "guides/admin/overdue_list.html",
        {"guides": overdue_reviews().order_by("next_review_on"), "today": timezone.localdate()},
    )


# --- 本页是否有帮助 -------------------------------------------------------------


def feedback_list(request):
    """Counts per guide, for the guides the user can edit (a window's staff see
    their window's guides; managers see all)."""
    from .feedback import summary

    guides = summary(ServiceGuidePage.objects.filter(pk__in=editable_guides(request.user).values("pk")).select_related("window"))
    return TemplateResponse(request, "guides/admin/feedback_list.html", {"guides": guides})


def feedback_detail(request, guide_id):
    """Every comment on one guide; 403 unless the user can edit that guide."""
    guide = get_object_or_404(ServiceGuidePage, pk=guide_id)
    if not editable_guides(request.user).filter(pk=guide.pk).exists():
        raise PermissionDenied
    entries = guide.feedback_entries.select_related("site")[:500]
    counts = {
        "yes": guide.feedback_entries.filter(helpful=True).count(),
        "no": guide.feedback_entries.filter(helpful=False).count(),
    }
    return TemplateResponse(
        request, "guides/admin/feedback_detail.html", {"guide": guide, "entries": entries, "counts": counts}
    )
