"""Who may see a submission and its attachments."""

from guides.permissions import MANAGER_GROUP, staff_group_name


def staff_can_view(user, submission):
    """Managers see every submission; window staff see their own window's."""
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return False
    if user.is_superuser:
        return True
    names = set(user.groups.values_list("name", flat=True))
    if MANAGER_GROUP in names:
        return True
    return submission.window is not None and staff_group_name(submission.window) in names


def applicant_can_view(request, submission):
    return submission.pk in request.session.get("submissions", [])


def can_view(request, submission):
    return applicant_can_view(request, submission) or staff_can_view(request.user, submission)
