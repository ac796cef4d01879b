"""factory_boy and wagtail-factories factories for the centre's models.

Windows come with their staff group (linked by `Window.staff_group`) and their
`WindowIndexPage` under the 办事指南 index; guides sit under their window's
page; application forms under the 在线申报 index. `SubmissionFactory` has one
trait per case state and sets what `cases.states.transition()` would have set
on the way there (timestamps, promised days, due date, the open 补正告知 and
one history entry per move), without going through the moves.

    window_page = WindowPageFactory(window__name="民政窗口", window__slug="minzheng")
    guide = GuidePageFactory(parent=window_page, code="MZ-001", promised_days=20)
    form = ApplicationFormPageFactory(guide=guide)   # in the folder of the guide's window
    case = SubmissionFactory(page=form, processing=True)
"""

import copy

import factory
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from factory.django import DjangoModelFactory

from cases.models import CorrectionRequest, Submission, SubmissionEvent
from cases.references import next_reference
from cases.states import acceptance_note, compute_due_date
from core.roles import AGENT_GROUP, admin_access_permission, default_staff_group_name
from core.workdays import add_working_days, work_calendar
from forms.blocks import steps_from_definition
from forms.folders import folder_of_guide
from forms.models import ApplicationFormPage
from guides.models import Material, ServiceGuidePage, Window, WindowIndexPage
from guides.permissions import setup_manager_group, setup_window_group
from guides.site_setup import ensure_structure
from tests.support import ANSWERS, DEFINITION, FULL_ITEM

S = Submission.Status


# --- People -----------------------------------------------------------------


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"用户组{n}")


class UserFactory(DjangoModelFactory):
    """A staff user with the password "pw"; `groups` adds them to groups."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyAttribute(lambda o: f"{o.username}经办人")
    is_staff = True
    password = factory.django.Password("pw")

    @factory.post_generation
    def groups(self, create, groups, **kwargs):
        if create and groups:
            self.groups.add(*groups)


class ManagerFactory(UserFactory):
    """中心管理员, who may also see personal data."""

    username = "manager"

    @factory.post_generation
    def groups(self, create, groups, **kwargs):
        if create:
            managers = setup_manager_group(ensure_structure().home)
            managers.permissions.add(Permission.objects.get(codename="view_personal_data"))
            self.groups.add(managers, *(groups or ()))


class AgentFactory(UserFactory):
    """村代办员: not staff; may submit applications on a resident's behalf."""

    username = "daiban"
    is_staff = False

    @factory.post_generation
    def groups(self, create, groups, **kwargs):
        if create:
            agents, _ = Group.objects.get_or_create(name=AGENT_GROUP)
            agents.permissions.add(Permission.objects.get(codename="submit_on_behalf"))
            self.groups.add(agents, *(groups or ()))


class AdminOnlyUserFactory(UserFactory):
    """Staff who may open the Wagtail admin but belong to no window."""

    username = "otherstaff"

    @factory.post_generation
    def groups(self, create, groups, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name="其他后台用户")
            group.permissions.add(admin_access_permission())
            self.groups.add(group, *(groups or ()))


class StaffMembershipFactory(DjangoModelFactory):
    """The membership of a user in `window_page`'s staff group, set up with that group's rights as the site does."""

    class Meta:
        model = get_user_model().groups.through

    class Params:
        window_page = None

    group = factory.LazyAttribute(lambda o: setup_window_group(o.window_page))


# --- Pages and windows --------------------------------------------------------


class WindowFactory(DjangoModelFactory):
    """承办窗口, with its staff group linked through `Window.staff_group`."""

    class Meta:
        model = Window
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"第{n}窗口")
    slug = factory.Sequence(lambda n: f"window-{n}")
    location = "镇便民服务中心一楼"
    phone = "0000-1234567"
    hours = "周一至周五 8:30-17:30"
    sort_order = factory.Sequence(lambda n: n)
    staff_group = factory.SubFactory(GroupFactory, name=factory.LazyAttribute(lambda g: default_staff_group_name(g.factory_parent.name)))


class WindowPageFactory(wagtail_factories.PageFactory):
    """The window's list of items, under the 办事指南 index (created with the site structure if missing)."""

    class Meta:
        model = WindowIndexPage

    parent = factory.LazyFunction(lambda: ensure_structure().guide_index)
    window = factory.SubFactory(WindowFactory)
    title = factory.SelfAttribute("window.name")
    slug = factory.SelfAttribute("window.slug")


class WindowStaffFactory(UserFactory):
    """窗口工作人员 of `window_page` (a new window unless given); username is the window's slug."""

    class Params:
        window_page = factory.SubFactory(WindowPageFactory)

    username = factory.LazyAttribute(lambda o: o.window_page.window.slug)
    membership = factory.RelatedFactory(
        StaffMembershipFactory, factory_related_name="user", window_page=factory.SelfAttribute("..window_page")
    )


def full_item_materials():
    """The materials of tests.support.FULL_ITEM, numbered in order as the importer does."""
    return [Material(**material, sort_order=position) for position, material in enumerate(FULL_ITEM["materials"])]


FULL_ITEM_FIELDS = [
    "department", "item_type", "handling_type", "summary", "conditions", "legal_days", "promised_days", "result",
    "visits", "online", "proxy", "location", "hours", "phone", "complaint_phone",
]  # fmt: skip


class GuidePageFactory(wagtail_factories.PageFactory):
    """办事指南 under its window's page; `materials` takes a list of unsaved `Material`s."""

    class Meta:
        model = ServiceGuidePage

    parent = factory.SubFactory(WindowPageFactory)
    window = factory.LazyAttribute(lambda o: o.parent.window)
    code = factory.Sequence(lambda n: f"XX-{n:03d}")
    title = factory.Sequence(lambda n: f"事项{n}")
    slug = factory.LazyAttribute(lambda o: o.code.lower())
    handling_type = "承诺件"
    legal_days = 20
    promised_days = 10
    online = True
    materials = factory.LazyFunction(list)
    # As if published now (the page caches its published content by this time).
    first_published_at = factory.LazyFunction(timezone.now)
    last_published_at = factory.SelfAttribute("first_published_at")

    class Params:
        # MZ-001 of tests.support.FULL_ITEM (its materials too; not its steps, fees, bases or FAQs).
        full_item = factory.Trait(
            parent=factory.SubFactory(WindowPageFactory, window__name="民政窗口", window__slug="min-zheng-chuang-kou"),
            code=FULL_ITEM["code"],
            title=FULL_ITEM["name"],
            keywords="、".join(FULL_ITEM["keywords"]),
            materials=factory.LazyFunction(full_item_materials),
            **{key: FULL_ITEM[key] for key in FULL_ITEM_FIELDS},
        )


class ApplicationFormPageFactory(wagtail_factories.PageFactory):
    """申请表 built from a definition in the spec's shape (DEFINITION unless
    given), for the guide its "guide" names (when there is one), in the folder
    of that guide's window under the 在线申报 index."""

    class Meta:
        model = ApplicationFormPage

    class Params:
        definition = factory.LazyFunction(lambda: copy.deepcopy(DEFINITION))

    guide = factory.LazyAttribute(lambda o: ServiceGuidePage.objects.filter(code=o.definition.get("guide") or "").first())
    parent = factory.LazyAttribute(lambda o: folder_of_guide(o.guide))
    slug = factory.LazyAttribute(lambda o: o.definition["slug"])
    title = factory.LazyAttribute(lambda o: o.definition["title"])
    intro = factory.LazyAttribute(lambda o: o.definition.get("intro") or "")
    steps = factory.LazyAttribute(lambda o: steps_from_definition(o.definition["steps"]))


def form_for(guide):
    """A form of DEFINITION's fields for `guide`, with a slug of its own."""
    return ApplicationFormPageFactory(
        definition={**copy.deepcopy(DEFINITION), "slug": f"form-{guide.slug}", "guide": guide.code}
    )


# --- Cases ------------------------------------------------------------------

# The moves (as the history records them) that bring a new case to each state.
HISTORY = {
    S.PENDING: [],
    S.ACCEPTED: [S.ACCEPTED],
    S.REJECTED: [S.REJECTED],
    S.CORRECTION: [S.CORRECTION],
    S.PROCESSING: [S.ACCEPTED, S.PROCESSING],
    S.REPORTED: [S.ACCEPTED, S.PROCESSING, S.REPORTED],
    S.COMPLETED: [S.ACCEPTED, S.PROCESSING, S.COMPLETED],
}
ACCEPTED_STATES = (S.ACCEPTED, S.PROCESSING, S.REPORTED, S.COMPLETED)


def _accepted(o):
    return o.status in ACCEPTED_STATES or (o.status == S.CORRECTION and o.after_acceptance)


class SubmissionFactory(DjangoModelFactory):
    """办件 of `page` (a new form and guide unless given), in the state its trait names.

    Traits: pending (the default), accepted, correction (before 受理; add
    after_acceptance=True for a 补正 while the case is running, which goes
    受理 → 补正), processing, reported (give it a 上报件's form), completed
    (准予), rejected. `actor` is recorded on the history entries, `missing`
    on the open 补正告知; `now` is when everything happened."""

    class Meta:
        model = Submission
        skip_postgeneration_save = True

    class Params:
        now = factory.LazyFunction(timezone.now)
        after_acceptance = False
        actor = None
        missing = ("户口簿",)
        pending = factory.Trait(status=S.PENDING)
        accepted = factory.Trait(status=S.ACCEPTED)
        correction = factory.Trait(status=S.CORRECTION)
        processing = factory.Trait(status=S.PROCESSING)
        reported = factory.Trait(status=S.REPORTED)
        completed = factory.Trait(status=S.COMPLETED)
        rejected = factory.Trait(status=S.REJECTED)

    page = factory.LazyFunction(lambda: form_for(GuidePageFactory()))
    guide = factory.LazyAttribute(lambda o: o.page.guide)
    window = factory.LazyAttribute(lambda o: o.guide.window if o.guide else None)
    item_code = factory.LazyAttribute(lambda o: o.guide.code if o.guide else o.page.slug)
    item_name = factory.LazyAttribute(lambda o: o.guide.title if o.guide else o.page.title)
    reference = factory.LazyAttribute(lambda o: next_reference(timezone.localdate(o.now), o.item_code))
    definition = factory.LazyAttribute(lambda o: o.page.definition)
    answers = factory.LazyFunction(lambda: dict(ANSWERS))
    applicant_name = factory.LazyAttribute(lambda o: str(o.answers.get("name", ""))[:100])
    id_last4 = factory.LazyAttribute(lambda o: str(o.answers.get("id_number", ""))[-4:])
    phone_last4 = factory.LazyAttribute(lambda o: str(o.answers.get("phone", ""))[-4:])
    email = factory.LazyAttribute(lambda o: o.answers.get("email", ""))
    created_at = factory.SelfAttribute("now")
    status = S.PENDING

    accepted_at = factory.LazyAttribute(lambda o: o.now if _accepted(o) else None)
    promised_days = factory.LazyAttribute(lambda o: o.guide.promised_days if _accepted(o) and o.guide else None)
    rejected_at = factory.LazyAttribute(lambda o: o.now if o.status == S.REJECTED else None)
    rejection_reason = factory.LazyAttribute(lambda o: "不符合条件" if o.status == S.REJECTED else "")
    completed_at = factory.LazyAttribute(lambda o: o.now if o.status == S.COMPLETED else None)
    result = factory.LazyAttribute(lambda o: Submission.Result.GRANTED if o.status == S.COMPLETED else "")

    history = factory.RelatedFactory(
        "tests.factories.CaseHistoryFactory",
        factory_related_name="submission",
        now=factory.SelfAttribute("..now"),
        actor=factory.SelfAttribute("..actor"),
        missing=factory.SelfAttribute("..missing"),
    )


def write_history(submission, now, actor, missing):
    """The history a case has after the moves to its state: one event per
    move, the open 补正告知, and the due date computed as the moves leave it."""
    moves = HISTORY[submission.status]
    if submission.status == S.CORRECTION and submission.accepted_at:
        moves = [S.ACCEPTED, S.CORRECTION]
    events = [SubmissionEvent.objects.create(submission=submission, status=S.PENDING, note="在线提交", created_at=now)]
    for to in moves:
        if to == S.CORRECTION:
            CorrectionRequest.objects.create(submission=submission, missing=list(missing), requested_at=now, requested_by=actor)
        note = _note(submission, to, missing)
        events.append(SubmissionEvent.objects.create(submission=submission, status=to, note=note, actor=actor, created_at=now))
    submission.due_date = compute_due_date(submission)
    if submission.due_date:
        submission.save(update_fields=["due_date"])
    return events


class CaseHistoryFactory(factory.Factory):
    """Used by SubmissionFactory (a RelatedFactory): writes the case's history."""

    class Meta:
        model = write_history


def _note(case, to, missing):
    """The history note `transition()` writes for the move to `to`."""
    if to == S.ACCEPTED:
        days = case.promised_days
        # The due date as it stood at 受理, before any later 补正 pause.
        due = None if days is None else add_working_days(timezone.localdate(case.accepted_at), days, *work_calendar())
        return acceptance_note(days, due)
    if to == S.CORRECTION:
        return "需补正材料：" + "；".join(missing) + ("。补正期间办理时限暂停计算" if case.accepted_at else "")
    return {
        S.REJECTED: f"不予受理。{case.rejection_reason}",
        S.PROCESSING: "开始办理",
        S.REPORTED: "已上报县级部门审批",
        S.COMPLETED: f"办结，结果：{Submission.Result(case.result or 'granted').label}",
    }[to]
