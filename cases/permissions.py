"""Who may see a case (办件) and its attachments, for single cases and for lists.

Built on the roles of `core.roles`: managers (中心管理员) and superusers see
every window's cases, window staff their own window's; the applicant's own
browser sees the cases it submitted. Every view, list, action and export of
the case desk asks here; menus only follow it.
"""

from core.policies import ScopedPermissionPolicy
from core.roles import is_manager, sees_personal_data, window_ids, works_window

__all__ = [
    "CasePolicy",
    "applicant_can_view",
    "can_use_casedesk",
    "can_view",
    "can_work",
    "is_manager",
    "remember_submission",
    "sees_personal_data",
    "shows_personal_data",
    "visible_cases",
    "window_scope",
]

SESSION_KEY = "submissions"
REMEMBERED = 20


def _is_active_staff(user):
    return user.is_authenticated and user.is_active and user.is_staff


def window_scope(user):
    """None for every window, else the ids of the windows whose cases the user works (maybe none)."""
    if not _is_active_staff(user):
        return frozenset()
    return window_ids(user)


def can_use_casedesk(user):
    scope = window_scope(user)
    return scope is None or bool(scope)


def can_work(user, submission):
    """May `user` (staff) see and move this case? Answered from the cached scope (no query per case)."""
    return _is_active_staff(user) and works_window(user, submission.window_id)


def shows_personal_data(user, submission):
    """The one rule of who sees an applicant's personal data in full: the window
    staff who decide the case — a user with 查看申请人完整个人信息
    (`core.roles.sees_personal_data`) who works the case's window — on the
    case page and the documents printed from it. Lists, exports, public pages
    and everyone else see the role-marked answers masked (`cases.masking`)."""
    return sees_personal_data(user) and can_work(user, submission)


def visible_cases(user, queryset):
    scope = window_scope(user)
    return queryset if scope is None else queryset.filter(window_id__in=scope)


class CasePolicy(ScopedPermissionPolicy):
    """The case desk's policy (registered for Submission by casedesk): staff
    "view" and "change" (move through cases.states) their windows' cases;
    nobody adds, edits or deletes a case through the admin."""

    CASE_ACTIONS = frozenset({"view", "change"})

    def user_has_permission(self, user, action):
        return action in self.CASE_ACTIONS and can_use_casedesk(user)

    def scope(self, user, queryset):
        return visible_cases(user, queryset)

    def in_scope(self, user, instance):
        return instance is not None and can_work(user, instance)

    def may_export_form(self, user, window_id):
        """May `user` export the answers to a form of this window (None: a form
        without a window)? Its window's staff and managers only."""
        return self.user_has_permission(user, "view") and _is_active_staff(user) and works_window(user, window_id)

    def search_fields(self, user, fields):
        """List searches never match what the user sees masked: without
        查看个人信息 only the 受理编号 is searched."""
        return tuple(fields) if sees_personal_data(user) else tuple(name for name in fields if name in REFERENCE_FIELDS)


REFERENCE_FIELDS = frozenset({"reference"})


def remember_submission(request, submission):
    """The applicant's browser may see its own submissions (confirmation, receipt, files)."""
    ids = request.session.get(SESSION_KEY, [])
    request.session[SESSION_KEY] = (ids + [submission.pk])[-REMEMBERED:]


def applicant_can_view(request, submission):
    return submission.pk in request.session.get(SESSION_KEY, [])


def can_view(request, submission):
    return applicant_can_view(request, submission) or can_work(request.user, submission)
