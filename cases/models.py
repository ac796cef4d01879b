"""办件: the case life cycle, from a submitted application to 办结.

A `Submission` keeps a snapshot of the form definition it answered, so later
edits of the form never change it; its history (`SubmissionEvent`), 补正告知
(`CorrectionRequest`), attachments and 好差评 (`Rating`) hang off it. Only
`cases.states.transition()` changes a case's status.

These models moved here from the forms app and keep their tables
(`forms_submission`, …), see migration 0001."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from core.roles import AGENT_ROLE, COUNTER_ROLE
from forms.models import new_token

CHANNELS = {COUNTER_ROLE: "窗口录入", AGENT_ROLE: "村级代办"}


class Submission(models.Model):
    """办件: one submitted application."""

    class Status(models.TextChoices):
        PENDING = "pending", "待受理"
        ACCEPTED = "accepted", "已受理"
        REJECTED = "rejected", "不予受理"
        CORRECTION = "correction", "需补正"
        PROCESSING = "processing", "办理中"
        REPORTED = "reported", "已上报"
        COMPLETED = "completed", "办结"

    class Result(models.TextChoices):
        GRANTED = "granted", "准予"
        REFUSED = "refused", "不予"

    reference = models.CharField("受理编号", max_length=40, unique=True)
    page = models.ForeignKey(
        "forms.ApplicationFormPage", verbose_name="申请表", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    guide = models.ForeignKey(
        "guides.ServiceGuidePage", verbose_name="事项", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    window = models.ForeignKey(
        "guides.Window", verbose_name="承办窗口", null=True, blank=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    item_code = models.CharField("事项编码", max_length=50, blank=True)
    item_name = models.CharField("事项名称", max_length=255)
    definition = models.JSONField("申请表定义（提交时）")
    answers = models.JSONField("填写内容")
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    applicant_name = models.CharField("申请人", max_length=100, blank=True)
    id_last4 = models.CharField(max_length=4, blank=True)
    phone_last4 = models.CharField(max_length=4, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    access_token = models.CharField(max_length=64, default=new_token, editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="代办人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proxy_role = models.CharField("代办身份", max_length=20, blank=True, help_text="窗口工作人员或村代办员")
    created_at = models.DateTimeField("提交时间", default=timezone.now, db_index=True)

    # The case desk: 受理 to 办结. Only cases.states.transition() writes these.
    promised_days = models.PositiveIntegerField("承诺办结时限（工作日）", null=True, blank=True, help_text="受理时按事项指南记下")
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    rejected_at = models.DateTimeField("不予受理时间", null=True, blank=True)
    completed_at = models.DateTimeField("办结时间", null=True, blank=True, db_index=True)
    due_date = models.DateField(
        "承诺办结日期", null=True, blank=True, db_index=True, help_text="由受理日期、承诺时限、节假日和补正暂停算出，每次状态变化时重算"
    )
    result = models.CharField("办理结果", max_length=10, choices=Result.choices, blank=True)
    result_note = models.TextField("办结说明", blank=True)
    rejection_reason = models.TextField("不予受理理由", blank=True)

    class Meta:
        db_table = "forms_submission"
        ordering = ["-created_at"]
        verbose_name = "办件"
        verbose_name_plural = "办件"
        permissions = [
            ("submit_on_behalf", "可以代群众填写申请（代办）"),
            ("view_personal_data", "可以查看申请人完整个人信息（姓名、身份证号、电话、地址）"),
        ]

    def __str__(self):
        return f"{self.reference} {self.item_name}"

    @property
    def is_proxy(self):
        return self.submitted_by_id is not None

    @property
    def channel(self):
        """受理渠道: online, entered at the window, or through a village agent."""
        return CHANNELS.get(self.proxy_role, "网上申报")

    def open_correction(self):
        """The 补正告知 still waiting for materials, if any (uses prefetched corrections)."""
        return next((c for c in self.corrections.all() if c.resolved_at is None), None)


_S = Submission.Status
RUNNING = (_S.ACCEPTED, _S.PROCESSING, _S.REPORTED)  # the promised clock is running
OPEN = (_S.PENDING, _S.CORRECTION) + RUNNING
CLOSED = (_S.REJECTED, _S.COMPLETED)


class SubmissionFile(models.Model):
    """An uploaded attachment, kept in private storage (never under MEDIA_URL)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    field_key = models.CharField(max_length=100)
    name = models.CharField("文件名", max_length=255)
    path = models.CharField(max_length=500)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    correction = models.ForeignKey(
        "CorrectionRequest", verbose_name="补正告知", null=True, blank=True, on_delete=models.SET_NULL, related_name="files"
    )
    uploaded_at = models.DateTimeField("上传时间", default=timezone.now)

    class Meta:
        db_table = "forms_submissionfile"
        verbose_name = "附件"

    def __str__(self):
        return self.name



class SubmissionEvent(models.Model):
    """One step in a submission's history (状态变化)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=Submission.Status.choices)
    note = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "forms_submissionevent"
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_status_display()} {self.note}"



class CorrectionRequest(models.Model):
    """需补正: one 一次性告知 of the materials still missing. The promised
    deadline stops from the day after `requested_at` until `resolved_at`;
    the applicant may upload the materials from the status page."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="corrections")
    missing = models.JSONField("需补正的材料", default=list)
    requested_at = models.DateTimeField("告知时间", default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="告知人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField("补齐时间", null=True, blank=True)

    class Meta:
        db_table = "forms_correctionrequest"
        ordering = ["requested_at", "pk"]
        verbose_name = "补正告知"
        verbose_name_plural = "补正告知"

    def __str__(self):
        return "需补正：" + "；".join(self.missing)



class Rating(models.Model):
    """好差评: the applicant's rating of a case after 办结, given once from the status page."""

    submission = models.OneToOneField(Submission, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField("评分", validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField("评价内容", max_length=500, blank=True)
    created_at = models.DateTimeField("评价时间", default=timezone.now)

    class Meta:
        db_table = "forms_rating"
        verbose_name = "服务评价"
        verbose_name_plural = "服务评价"
        constraints = [models.CheckConstraint(condition=models.Q(score__gte=1, score__lte=5), name="rating_score_1_to_5")]

    def __str__(self):
        return f"{self.score} 分"



class ReferenceCounter(models.Model):
    """The last sequence number handed out for one day and item."""

    day = models.DateField()
    item = models.CharField(max_length=50)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "forms_referencecounter"
        constraints = [models.UniqueConstraint(fields=["day", "item"], name="unique_reference_counter")]

    def __str__(self):
        return f"{self.day:%Y%m%d}-{self.item}: {self.last}"

