"""Demo cases for the case desk: 40 submissions of the demo forms, spread over
the last hundred days, every state, every channel and several windows, some
of them overdue, some rated; the last quarter's 办结公告 published.

Idempotent: nothing is added once the demo cases exist (they are the cases
whose e-mail address ends in DEMO_EMAIL_DOMAIN). Moves go through
cases.states.transition, as the window staff would make them, backdated.
"""

from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils import timezone

from cases.models import Rating, Submission, SubmissionEvent
from cases.references import next_reference
from cases.states import transition
from cases.submissions import applicant_name, email_answer
from core.roles import AGENT_GROUP, MANAGER_GROUP
from core.workdays import add_working_days, work_calendar
from forms.definition import role_answer, role_fields
from forms.models import ApplicationFormPage
from forms.validators import id_check_char

from .completion import generate_notice, previous_quarters
from .models import CompletionNoticePage

S = Submission.Status
DEMO_EMAIL_DOMAIN = "demo.invalid"

# (what happens to the case, item code, days since it was submitted)
PLAN = [
    ("pending", "MZ-001", 0), ("pending", "WJ-001", 1), ("pending", "NY-001", 2), ("pending", "CJ-001", 3),
    ("rejected", "CJ-001", 40), ("rejected", "NY-001", 75),
    ("correction", "MZ-005", 6), ("correction", "CJ-001", 9),
    ("accepted", "MZ-001", 2), ("accepted", "NY-001", 1),
    ("processing", "CJ-001", 6), ("processing", "MZ-005", 8), ("processing", "NY-001", 4),
    ("due_soon", "NY-001", None),
    ("overdue", "NY-001", 35), ("overdue", "CJ-001", 50), ("overdue", "MZ-001", 60), ("overdue", "MZ-005", 45),
    ("paused", "MZ-001", 15), ("paused", "CJ-001", 12),
    ("resumed", "NY-001", 20),
    ("reported", "MZ-001", 20), ("reported", "MZ-005", 18),
    ("returned", "MZ-001", 30),
    ("completed", "WJ-001", 100), ("completed", "LD-003", 95), ("completed", "NY-001", 90), ("completed", "CJ-001", 85),
    ("completed", "MZ-005", 80), ("completed", "MZ-001", 70), ("completed", "WJ-001", 55), ("completed", "LD-003", 50),
    ("completed", "CJ-001", 45), ("completed", "NY-001", 30), ("completed", "WJ-001", 20), ("completed", "LD-003", 10),
    ("late", "NY-001", 80), ("late", "CJ-001", 65),
    ("refused", "MZ-001", 85), ("refused", "NY-001", 25),
]  # fmt: skip
NAMES = [
    "王秀英", "李建国", "张桂兰", "刘伟", "陈小红", "杨明", "赵丽", "黄志强", "周桂兰", "吴芳",
    "徐磊", "孙玉梅", "胡军", "朱海燕", "高峰", "林小燕", "何建华", "郭静", "马春生", "罗丽娟",
]  # fmt: skip
SCORES = [5, 4, 5, 3, 5, 2, 4, 5, 1, 4, 5, 3]
COMMENTS = [
    "窗口办事很快，态度好。", "", "一次就办成了，不用来回跑。", "等待时间有点长。",
    "", "材料要求没有一次讲清楚。", "", "网上申报很方便。",
]  # fmt: skip


def load_casedesk():
    """Permissions, demo cases and the last quarter's 办结公告; returns how many cases were added."""
    grant_manager_permissions()
    added = 0 if Submission.objects.filter(email__endswith="@" + DEMO_EMAIL_DOMAIN).exists() else load_cases()
    publish_last_quarter()
    return added


def grant_manager_permissions():
    """Managers see personal data in full and keep the holiday calendar."""
    managers = Group.objects.get(name=MANAGER_GROUP)
    managers.permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="view_personal_data"),
        *Permission.objects.filter(content_type__app_label="core", content_type__model="holiday"),
    )


def publish_last_quarter():
    year, quarter = previous_quarters(timezone.localdate(), 1)[0]
    if not CompletionNoticePage.objects.filter(year=year, quarter=quarter).exists():
        generate_notice(year, quarter).get_latest_revision().publish()


class _Demo:
    def __init__(self):
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.holidays, self.workdays = work_calendar()
        self.pages = {page.guide.code: page for page in ApplicationFormPage.objects.live().filter(guide__isnull=False).select_related("guide__window")}
        User = get_user_model()
        self.staff = {user.username: user for user in User.objects.filter(is_staff=True)}
        self.agent = User.objects.filter(groups__name=AGENT_GROUP).first()

    def working_days(self, day, days):
        return add_working_days(day, days, self.holidays, self.workdays)

    def at(self, day, hour):
        """A moment on `day`, never later than now."""
        return min(
            timezone.make_aware(datetime.combine(day, time(hour, 10 * (hour % 6)))), self.now - timedelta(minutes=5)
        )

    def answers(self, definition, number):
        answers = {}
        for step in definition["steps"]:
            if step.get("show_if"):
                continue
            for field in step["fields"]:
                if field["type"] not in ("heading", "file") and not field.get("show_if") and "sample" in field:
                    answers[field["key"]] = field["sample"]
        first17 = (
            f"4201{number % 100:02d}19{60 + number % 35:02d}{1 + number % 12:02d}{10 + number % 18:02d}{number:03d}"
        )
        replacements = {
            "id_card": first17 + id_check_char(first17),
            "mobile": f"139{number:04d}{(number * 7919) % 10000:04d}",
            "email": f"case{number}@{DEMO_EMAIL_DOMAIN}",
        }
        name = NAMES[number % len(NAMES)]
        for step in definition["steps"]:
            for field in step["fields"]:
                if field["key"] in answers and field["type"] in replacements:
                    answers[field["key"]] = replacements.pop(field["type"])
                elif field["type"] == "signature" and field["key"] in answers:  # signed by this applicant
                    answers[field["key"]] = {"name": name, "date": self.today.isoformat()}
        answers[role_fields(definition, "applicant_name")[0]["key"]] = name
        return answers

    def submit(self, number, page, created_at):
        definition = page.definition
        answers = self.answers(definition, number)
        proxy = self.staff.get(page.guide.window.slug) if number % 4 == 3 else self.agent if number % 7 == 5 else None
        case = Submission.objects.create(
            reference=next_reference(timezone.localdate(created_at), page.guide.code),
            page=page,
            guide=page.guide,
            window=page.guide.window,
            item_code=page.guide.code,
            item_name=page.guide.title,
            definition=definition,
            answers=answers,
            applicant_name=applicant_name(definition, answers),
            id_last4=str(role_answer(definition, answers, "id_number"))[-4:],
            phone_last4=str(role_answer(definition, answers, "phone"))[-4:],
            email=email_answer(definition, answers) or f"case{number}@{DEMO_EMAIL_DOMAIN}",
            submitted_by=proxy,
            proxy_role=("村代办员" if proxy == self.agent else "窗口工作人员") if proxy else "",
            created_at=created_at,
        )
        note = f"{case.proxy_role}代办提交" if proxy else "在线提交"
        SubmissionEvent.objects.create(submission=case, status=S.PENDING, note=note, actor=proxy, created_at=created_at)
        return case

    def age_for_due_soon(self, promised):
        """Days ago to submit a case that is due tomorrow-or-so (two working days from today)."""
        target = self.working_days(self.today, 1)
        age = 1
        while self.working_days(self.working_days(self.today - timedelta(days=age), 1), promised) > target:
            age += 1
        return age

    def play(self, number, scenario, code, age):
        page = self.pages[code]
        promised = page.guide.promised_days or 0
        if age is None:
            age = self.age_for_due_soon(promised)
        submitted = self.today - timedelta(days=age)
        case = self.submit(number, page, self.at(submitted, 9))
        user = self.staff[page.guide.window.slug]
        materials = [m.name for m in page.guide.materials.all()[:2]] or ["身份证明"]

        def move(to, day, hour=10, **inputs):
            transition(case, to, user=user, now=self.at(day, hour), notify=False, **inputs)

        if scenario == "pending":
            return case
        if scenario == "rejected":
            move(S.REJECTED, self.working_days(submitted, 1), reason="经审查，申请人不符合本事项的受理条件。")
            return case
        if scenario == "correction":
            move(S.CORRECTION, self.working_days(submitted, 1), missing=materials)
            return case
        accepted = self.working_days(submitted, 1) if age else submitted
        move(S.ACCEPTED, accepted, 9)
        if scenario == "accepted":
            return case
        move(S.PROCESSING, accepted, 14)
        if scenario in ("paused", "resumed"):
            move(S.CORRECTION, self.working_days(accepted, 2), missing=materials[:1])
            if scenario == "resumed":
                move(S.PROCESSING, self.working_days(accepted, 5), note="材料已补齐。")
        elif scenario in ("reported", "returned"):
            move(S.REPORTED, self.working_days(accepted, 3), note="报县民政局审批。")
            if scenario == "returned":
                move(S.PROCESSING, self.working_days(accepted, 10), note="县民政局已审批。")
        elif scenario in ("completed", "late", "refused"):
            days = {"completed": max(promised - 2, 0), "late": promised + 3, "refused": promised // 2}[scenario]
            result = Submission.Result.REFUSED if scenario == "refused" else Submission.Result.GRANTED
            note = "经审查核实，不符合办理条件。" if scenario == "refused" else "办理结果已送达申请人。"
            move(S.COMPLETED, self.working_days(accepted, days), 16, result=result, note=note)
            if number % 3:
                Rating.objects.create(
                    submission=case,
                    score=SCORES[number % len(SCORES)],
                    comment=COMMENTS[number % len(COMMENTS)],
                    created_at=min(case.completed_at + timedelta(hours=20), self.now),
                )
        return case


@transaction.atomic
def load_cases():
    demo = _Demo()
    for number, (scenario, code, age) in enumerate(PLAN, start=1):
        demo.play(number, scenario, code, age)
    return len(PLAN)
