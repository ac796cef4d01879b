"""The final POST (确认提交) stays cheap under a burst of submissions: a bounded
number of SQL statements, and the 受理编号 counter, which every submission of
the same item and day waits for, locked last and only for the last writes.
(Figures under load: bench/load.py; one request's own cost: bench/submit_profile.py.)"""

import re

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from cases.models import Submission
from tests.jobs.helpers import DATABASE_TASKS, PNG, Resident

pytestmark = pytest.mark.django_db

# Wagtail's routing, the form found with its guide (7), session and draft (2),
# the draft's row lock (1), the case and its history (4), the counter (1), the
# last writes (3), the session (1), and the savepoints around the two
# transactions (4).
FINAL_POST_STATEMENTS = 23


def statement(sql):
    """'INSERT forms_submissionfile', 'UPDATE forms_draft', 'SAVEPOINT' … of one SQL statement."""
    verb = sql.split()[0].upper()
    table = re.search(r'(?:INTO|UPDATE|FROM)\s+"?(\w+)"?', sql)
    return f"{verb} {table.group(1)}" if table and verb != "SAVEPOINT" and verb != "RELEASE" else verb


@override_settings(TASKS=DATABASE_TASKS)  # the receipt job is a row written with the case
def test_final_post_statements_are_bounded_and_the_counter_is_locked_last(client, form_page):
    resident = Resident(form_page, client)
    resident.fill_all(email="wang@example.com")  # with a photo: one attachment
    with CaptureQueriesContext(connection) as queries:
        response = resident.submit()
    submission = Submission.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/apply/submitted/{submission.reference}/"
    statements = [statement(query["sql"]) for query in queries.captured_queries]
    assert len(statements) <= FINAL_POST_STATEMENTS, "\n".join(statements)

    counter = statements.index("INSERT forms_referencecounter")
    end = next(i for i in range(counter, len(statements)) if statements[i] in ("RELEASE", "COMMIT"))
    assert statements[counter + 1 : end] == ["UPDATE forms_submission", "INSERT django_tasks_database_dbtaskresult", "UPDATE forms_draft"]
    assert {"INSERT forms_submission", "INSERT forms_submissionfile", "INSERT forms_submissionevent"} <= set(statements[:counter])
    assert statements.count("INSERT forms_submissionfile") == 1  # all attachments in one statement
    assert not any(s.startswith(("SELECT forms_referencecounter", "UPDATE forms_referencecounter")) for s in statements)
    # What was written under the provisional reference carries the real one.
    assert submission.files.get().path.startswith(f"submissions/{submission.pk}/")
    stored = submission.files.get()
    assert submission.answers["photo"] == [{"file": "户口簿.png", "id": stored.pk, "size": stored.size}]
    assert submission.events.get().note == "在线提交"


def test_attachments_are_linked_from_the_drafts_copy_not_copied(client, form_page, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    resident = Resident(form_page, client)
    resident.fill_all()
    (drafts_copy,) = [path for path in tmp_path.rglob("*") if path.is_file()]
    inode = drafts_copy.stat().st_ino
    assert resident.submit().status_code == 302
    stored = tmp_path / Submission.objects.get().files.get().path
    assert stored.read_bytes() == PNG and stored.stat().st_ino == inode  # the same file under its case's name
    assert [path for path in tmp_path.rglob("*") if path.is_file()] == [stored]  # the draft's name is gone
    assert stored.stat().st_nlink == 1
