"""本页是否有帮助: receiving residents' yes/no and comments on a guide.

No login; CSRF-protected POST; at most FEEDBACK_LIMIT submissions per client
address per hour (core.throttle, in the cache shared by every worker; the
address by core.clientip's trusted-proxy rule); the comment is stored as typed and escaped
wherever it is shown. Post/redirect/get, so it works without JavaScript."""

from django import forms
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from wagtail.models import Site

from core.clientip import client_ip
from core.throttle import Throttle

from .models import GuideFeedback

FEEDBACK_LIMIT = 5
FEEDBACK_WINDOW_SECONDS = 60 * 60


class FeedbackForm(forms.Form):
    helpful = forms.TypedChoiceField(
        label="本页是否有帮助",
        choices=[("yes", "有帮助"), ("no", "没有帮助")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="意见或建议（选填）",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="请不要填写身份证号、电话等个人信息。",
    )


FEEDBACK_THROTTLE = Throttle("guide-feedback", FEEDBACK_LIMIT, FEEDBACK_WINDOW_SECONDS)


def allow(request):
    """Count this submission against the client's hourly allowance; False when spent."""
    return FEEDBACK_THROTTLE.hit(client_ip(request))


def receive(request, guide, *, return_url):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return redirect(f"{return_url}?feedback=invalid#feedback")
    if not allow(request):
        return redirect(f"{return_url}?feedback=limited#feedback")
    GuideFeedback.objects.create(
        guide=guide,
        site=Site.find_for_request(request),
        helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data["comment"].strip(),
    )
    return redirect(f"{return_url}?feedback=thanks#feedback")


FEEDBACK_MESSAGES = {
    "thanks": "谢谢您的反馈！",
    "invalid": "请先选择“有帮助”或“没有帮助”，意见不超过 500 字。",
    "limited": "您提交得太频繁了，请稍后再试。",
}


def feedback_context(request, feedback_url):
    return {
        "feedback_form": FeedbackForm(),
        "feedback_url": feedback_url,
        "feedback_message": FEEDBACK_MESSAGES.get(request.GET.get("feedback", "")),
        "feedback_done": request.GET.get("feedback") == "thanks",
    }


def summary(guides):
    """(guide, yes count, no count, latest comments) for each guide with feedback."""
    from django.db.models import Count, Q

    return (
        guides.annotate(
            yes=Count("feedback_entries", filter=Q(feedback_entries__helpful=True)),
            no=Count("feedback_entries", filter=Q(feedback_entries__helpful=False)),
        )
        .filter(Q(yes__gt=0) | Q(no__gt=0))
        .order_by("-no", "title")
    )
