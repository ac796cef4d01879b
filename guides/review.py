"""Keeping guides true when regulations change.

When a regulation is published as revised or repealed — or a new regulation
that replaces it is published, now or at its scheduled time — every live
guide that cites it gets an open `ReviewFlag`. Republishing the guide (with
its change note) or confirming "no change needed" clears it. Each publish of a
guide also writes an entry in its 更新记录 and moves its next review date."""

import logging
from datetime import timedelta

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import GuideChange, RegulationPage, ReviewFlag, ServiceGuidePage

logger = logging.getLogger(__name__)
REVIEW_INTERVAL = timedelta(days=365)


def regulation_published(regulation):
    """Called when a RegulationPage revision goes live."""
    replaced = regulation.replaces
    if replaced is not None and replaced.live and replaced.status == RegulationPage.Status.IN_FORCE:
        # Publishing the old page as 已修订 flags its guides through this same function.
        # A system change, made for whoever approved the new text: no user, so
        # no publish-permission check against the author of the revision.
        old = replaced.get_latest_revision_as_object()
        old.status = RegulationPage.Status.REVISED
        old.save_revision(log_action=True).publish()
    if regulation.status == RegulationPage.Status.IN_FORCE:
        return []
    successor = RegulationPage.objects.live().filter(replaces=regulation).order_by("-effective_on").first()
    if regulation.status == RegulationPage.Status.REPEALED:
        reason = f"《{regulation.title}》已废止"
    elif successor is not None:
        reason = f"《{regulation.title}》已被《{successor.title}》修订"
    else:
        reason = f"《{regulation.title}》已修订"
    return flag_citing_guides(regulation, reason, successor)


def flag_citing_guides(regulation, reason, new_regulation=None):
    flagged = []
    for guide in regulation.citing_guides().select_related("window"):
        if guide.review_flags.open().filter(regulation=regulation).exists():
            continue
        try:
            with transaction.atomic():
                ReviewFlag.objects.create(guide=guide, regulation=regulation, new_regulation=new_regulation, reason=reason)
        except IntegrityError:  # flagged concurrently
            continue
        flagged.append(guide)
    if flagged:
        transaction.on_commit(lambda: notify_window_staff(flagged, reason))
    return flagged


def guide_published(guide, revision=None, user=None):
    """Called when a ServiceGuidePage revision goes live: log the change, clear
    review flags, and schedule the next review."""
    note = (guide.change_note or "").strip() or ("首次发布" if not guide.changes.exists() else "内容更新")
    last = guide.changes.order_by("-published_at", "-pk").first()
    if last is None or last.note != note or (revision and last.revision_id != revision.pk):
        GuideChange.objects.create(guide=guide, note=note, revision=revision)
    resolve_flags(guide, user=user, note=note)
    today = timezone.localdate()
    if guide.next_review_on is None or guide.next_review_on <= today:
        ServiceGuidePage.objects.filter(pk=guide.pk).update(next_review_on=today + REVIEW_INTERVAL)


def resolve_flags(guide, *, user=None, note=""):
    return guide.review_flags.open().update(resolved_at=timezone.now(), resolved_by=user, resolution_note=note[:300])


def confirm_unchanged(guide, *, user, note):
    """复核确认：依据虽有变化，指南内容无需修改。"""
    count = resolve_flags(guide, user=user, note=f"复核确认无需修改：{note}")
    if count:
        GuideChange.objects.create(guide=guide, note=f"依据更新复核：{note}")
    return count


def overdue_reviews():
    return ServiceGuidePage.objects.live().filter(next_review_on__lt=timezone.localdate()).select_related("window")


def notify_window_staff(guides, reason):
    """E-mail each affected window's staff once, listing their guides."""
    from django.contrib.auth import get_user_model

    by_window = {}
    for guide in guides:
        by_window.setdefault(guide.window, []).append(guide)
    for window, window_guides in by_window.items():
        recipients = list(
            get_user_model()
            .objects.filter(groups__windows=window, is_active=True)
            .exclude(email="")
            .values_list("email", flat=True)
        )
        if not recipients:
            continue
        lines = "\n".join(f"- {g.title}（{g.code}）" for g in window_guides)
        try:
            send_mail(f"办事指南待复核：{reason}", f"{reason}，以下指南需要复核：\n{lines}\n\n请登录后台处理。", None, recipients)
        except OSError:
            logger.exception("Could not notify %s about review flags", window.name)
