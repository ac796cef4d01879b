"""Application wizard step POST against a plain Wagtail contrib.forms POST,
and the form PDFs (blank, sample, receipt). Run by hand: `python bench/forms.py`.

It builds a throwaway SQLite database in a temporary folder, loads the demo
data, and adds a contrib.forms page with the same number of fields as the
wizard step it is compared with. Prints figures; asserts nothing."""

import os
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="bench-forms-"))
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "centre.settings.dev")
os.environ["PRIVATE_MEDIA_ROOT"] = str(WORK / "private")
os.environ["MEDIA_ROOT"] = str(WORK / "media")

import django  # noqa: E402

from bench.timing import summary, timed  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from modelcluster.fields import ParentalKey  # noqa: E402
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField  # noqa: E402

from cases.receipt import render_receipt_pdf  # noqa: E402
from cases.submissions import create_submission, receipt_data  # noqa: E402
from forms.models import ApplicationFormPage  # noqa: E402
from forms.pdf import render_form_pdf  # noqa: E402
from guides.models import HomePage  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))
FORM_SLUG = os.environ.get("BENCH_FORM", "dibao-application")


class BenchContactPage(AbstractForm):
    """A stock Wagtail form page, defined only for this benchmark."""

    landing_page_template = "404.html"
    template = "search/search.html"

    class Meta:
        app_label = "forms"


class BenchContactField(AbstractFormField):
    page = ParentalKey(BenchContactPage, on_delete=models.CASCADE, related_name="form_fields")

    class Meta:
        app_label = "forms"


def sample_post(step, prefix):
    """The first step filled with its sample values, as a browser posts it."""
    data = {f"{prefix}-current_step": step["key"]}
    for field in step["fields"]:
        if field["type"] in ("heading", "file") or "sample" not in field or field.get("show_if"):
            continue
        value = field["sample"]
        if field["type"] == "agree":
            value = "on"
        data[f"{step['key']}-{field['key']}"] = value
    return data


def main():
    call_command("migrate", verbosity=0)
    with connection.schema_editor() as editor:  # before any page is deleted, which cascades to it
        editor.create_model(BenchContactPage)
        editor.create_model(BenchContactField)
    with open(os.devnull, "w") as devnull:
        call_command("load_demo", stdout=devnull)
    settings.DEBUG = False
    settings.ALLOWED_HOSTS = ["*"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    form_page = ApplicationFormPage.objects.get(slug=FORM_SLUG)
    definition = form_page.definition
    step = definition["steps"][0]
    step_data = sample_post(step, f"application_{form_page.pk}")
    field_count = len(step_data) - 1

    home = HomePage.objects.first()
    contact = home.add_child(instance=BenchContactPage(title="基准表单", slug="bench-contact"))
    for i in range(field_count):
        BenchContactField.objects.create(page=contact, sort_order=i, label=f"字段{i}", field_type="singleline", required=True)
    contact.save_revision().publish()
    contact_data = {field.clean_name: "示例" for field in contact.get_form_fields()}

    wizard_url = f"{form_page.url}step/{step['key']}/"
    resident = Client()
    resident.get(wizard_url)
    assert resident.post(wizard_url, step_data).status_code == 302, "the sample step did not validate"
    other = Client()
    assert other.post(contact.url, contact_data).status_code == 200

    wizard_samples, contact_samples = [], []
    for _ in range(ROUNDS):  # interleaved, so both see the same machine
        wizard_samples += timed(lambda: resident.post(wizard_url, step_data), 1)
        contact_samples += timed(lambda: other.post(contact.url, contact_data), 1)

    today = timezone.localdate()
    blank = timed(lambda: render_form_pdf(definition, centre_name=settings.CENTRE_NAME, printed_on=today), 10)
    sample = timed(lambda: render_form_pdf(definition, centre_name=settings.CENTRE_NAME, printed_on=today, sample=True), 10)
    answers = {f["key"]: f["sample"] for st in definition["steps"] for f in st["fields"] if "sample" in f}
    submission = create_submission(page=form_page, definition=definition, answers=answers, uploads={})
    receipt = timed(
        lambda: render_receipt_pdf(receipt_data(submission), centre_name=settings.CENTRE_NAME, printed_on=today), 10
    )

    print(f"form {FORM_SLUG}: first step has {field_count} filled fields; {ROUNDS} rounds; SQLite")
    print(f"wagtail contrib.forms POST    {summary(contact_samples)}")
    print(f"wizard step POST (+ draft)    {summary(wizard_samples)}")
    print(f"wizard / contrib.forms        {statistics.median(wizard_samples) / statistics.median(contact_samples):.2f}×")
    print(f"blank form PDF                {summary(blank)}")
    print(f"sample form PDF               {summary(sample)}")
    print(f"receipt PDF                   {summary(receipt)}")


if __name__ == "__main__":
    main()
