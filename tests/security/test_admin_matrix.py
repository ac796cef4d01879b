"""Every admin URL the project registers × every role.

The URLs come from the URL resolver, not from a list kept by hand: every
admin pattern whose view lives in a project app, every snippet and snippet
chooser URL of a project model, every bulk action registered for a project
model, and the settings of project setting models. `test_every_admin_url_is_in_the_matrix`
fails when one of them has no rule below, so a view added later cannot escape.

Each URL is asked by each role (own window, other window, township A and B,
manager, village agent, anonymous) about the record of "own window" /
"township A". The wrong roles must be refused (403, 404 or a redirect to the
login) or, on a list, not see the record; POSTs of the wrong roles must change
nothing; the right role succeeds (and, for destructive POSTs, the change happens).
"""

import json
import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.snippets.models import get_snippet_models

from cases.models import Submission
from guides.models import ReviewFlag

from .conftest import ROLES

PROJECT_APPS = {"centre", "core", "guides", "network", "search", "notices", "pages", "forms", "cases", "casedesk"}
SNIPPET_NAMESPACE = re.compile(r"^wagtailsnippet(?:s|choosers)_(?P<app>[a-z]+)_(?P<model>[a-z]+)$")
ADMIN_ROLES = {"own_window", "other_window", "township_a", "township_b", "manager"}

# Per snippet model: who keeps the target record ("allow"), who holds the model
# permissions but not the record ("scoped": lists without it, refused on it).
WINDOW_RULE = {"allow": {"manager", "own_window"}, "scoped": {"other_window"}}
TOWNSHIP_RULE = {"allow": {"manager", "township_a"}, "scoped": {"township_b"}}
MANAGER_RULE = {"allow": {"manager"}, "scoped": set()}
MODEL_RULES = {
    "guides.windowstaff": WINDOW_RULE,
    "network.village": TOWNSHIP_RULE,
    "network.agencypoint": TOWNSHIP_RULE,
    "network.localguidedetails": TOWNSHIP_RULE,
    "guides.window": MANAGER_RULE,
    "guides.theme": MANAGER_RULE,
    "core.holiday": MANAGER_RULE,
    "search.synonym": MANAGER_RULE,
}
# Reference data every admin user may pick in a chooser (shown on the public site anyway).
PUBLIC_CHOICES = {"guides.window", "guides.theme", "core.holiday"}

WINDOW_VIEW = {"allow": {"manager", "own_window"}, "scoped": set()}
MANAGER_ONLY = {"allow": {"manager"}, "scoped": set()}
# The project's own admin views (register_admin_urls, modeladmin, viewsets).
# kwargs name the world's record each URL argument takes.
VIEW_RULES = {
    "guide_reviews": {"kind": "list", "marker": "guide", "allow": {"manager", "own_window"},
                      "scoped": {"other_window", "township_a", "township_b"}},
    "guide_review_confirm": {"kind": "confirm", "kwargs": {"guide_id": "guide"}, **MANAGER_ONLY},
    "guide_reviews_overdue": {"kind": "get", **MANAGER_ONLY},
    "guide_feedback": {"kind": "list", "marker": "guide", "allow": {"manager", "own_window"},
                       "scoped": {"other_window", "township_a", "township_b"}},
    "guide_feedback_detail": {"kind": "get", "kwargs": {"guide_id": "guide"}, **WINDOW_VIEW},
    "casedesk_transition": {"kind": "transition", "kwargs": {"pk": "submission"}, **WINDOW_VIEW},
    "casedesk_document": {"kind": "get", "kwargs": {"pk": "submission", "kind": "application"}, **WINDOW_VIEW},
    "casedesk_dashboard": {"kind": "get", **MANAGER_ONLY},
    "casedesk_generate_notice": {"kind": "get", **MANAGER_ONLY},
    "casedesk_cases_modeladmin_index": {"kind": "list", "marker": "submission", "allow": {"manager", "own_window"},
                                        "scoped": {"other_window"}},
    "casedesk_cases_modeladmin_inspect": {"kind": "get", "kwargs": {"instance_pk": "submission"}, **WINDOW_VIEW},
    # Form definition files: Wagtail page permissions on the forms, which only managers hold.
    # Form files: who may edit the form (its window's staff, in their folder) and managers;
    # the upload page: anyone who may add a form somewhere (any window's staff).
    "forms_download_definition": {"kind": "get", "kwargs": {"page_id": "form"}, **WINDOW_VIEW},
    "forms_upload_definition": {"kind": "get", "allow": {"manager", "own_window", "other_window"}, "scoped": set()},
    "forms_copy_form": {"kind": "get", "kwargs": {"page_id": "form"}, **WINDOW_VIEW},
    # 申请明细: the form's window's staff and managers (CasePolicy).
    "casedesk_form_answers": {"kind": "get", "kwargs": {"page_id": "form", "fmt": "xlsx"}, **WINDOW_VIEW},
    "search-report:index": {"kind": "get", **MANAGER_ONLY},
    "wagtailsettings:edit": {"kind": "get", **MANAGER_ONLY},
    "wagtailsettings:preview_on_edit": {"kind": "optional", **MANAGER_ONLY},
}  # fmt: skip
# Snippet actions: how each is asked and which record it takes.
SNIPPET_ACTIONS = {
    "list": "list", "list_results": "list", "add": "add",
    "edit": "object", "delete": "object", "usage": "object", "history": "object", "history_results": "object",
    "copy": "object", "inspect": "object",
    "choose": "choose", "choose_results": "choose", "chosen": "chosen", "chosen_multiple": "chosen_multiple",
    "create": "refused",
}  # fmt: skip


@dataclass(frozen=True)
class Entry:
    name: str  # namespace:name
    route: str
    params: tuple  # the URL's keyword arguments
    model: str = ""  # app_label.model_name for snippet, chooser and bulk URLs
    action: str = ""  # bulk action type

    @property
    def id(self):
        suffix = f"[{self.model}.{self.action}]" if self.action else ""
        return f"{self.name}{suffix}@{self.route}"


def _module(pattern):
    callback = pattern.callback
    return getattr(callback, "view_class", callback).__module__


def _walk(patterns, route="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, route + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
            params = getattr(pattern.pattern, "converters", None) or pattern.pattern.regex.groupindex
            yield route + str(pattern.pattern), name, _module(pattern), tuple(params)


def project_models():
    return {f"{m._meta.app_label}.{m._meta.model_name}" for m in apps.get_models() if m._meta.app_label in PROJECT_APPS}


def admin_entries():
    """Every admin URL of the project, from the resolver."""
    ours = project_models()
    snippet_models = {f"{m._meta.app_label}.{m._meta.model_name}" for m in get_snippet_models()} & ours
    entries = []
    for route, name, module, params in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/"):
            continue
        namespace = name.split(":")[0]
        snippet = SNIPPET_NAMESPACE.match(namespace)
        if snippet and f"{snippet['app']}.{snippet['model']}" in ours:
            entries.append(Entry(name, route, params, model=f"{snippet['app']}.{snippet['model']}"))
        elif name == "wagtail_bulk_action":
            for model in sorted(snippet_models):
                app_label, model_name = model.split(".")
                for action in bulk_action_registry.get_bulk_actions_for_model(app_label, model_name):
                    entries.append(Entry(name, route, params, model=model, action=action.action_type))
        elif namespace == "wagtailsettings":
            from wagtail.contrib.settings.registry import registry

            for setting in registry:
                label = f"{setting._meta.app_label}.{setting._meta.model_name}"
                if label in ours:
                    entries.append(Entry(name, route, params, model=label))
        elif module.split(".")[0] in PROJECT_APPS or namespace.startswith("casedesk"):
            entries.append(Entry(name, route, params))
    return entries


ENTRIES = admin_entries()


def rule_for(entry):
    """(kind, rule) for an entry; KeyError when the matrix does not know it."""
    if entry.action:
        return "bulk", MODEL_RULES[entry.model]
    if entry.name.startswith("wagtailsnippet"):
        action = entry.name.split(":")[1]
        kind = SNIPPET_ACTIONS[action]
        rule = MODEL_RULES[entry.model]
        if kind in {"choose", "chosen", "chosen_multiple"} and entry.model in PUBLIC_CHOICES:
            rule = {"allow": ADMIN_ROLES, "scoped": set()}
        return kind, rule
    rule = VIEW_RULES[entry.name]
    return rule["kind"], rule


def test_every_admin_url_is_in_the_matrix():
    names = {entry.name for entry in ENTRIES}
    # The views the attacks went through are among them.
    assert "wagtail_bulk_action" in names and "wagtailsnippets_guides_windowstaff:history" in names
    assert "wagtailsnippets_network_localguidedetails:usage" in names and "casedesk_cases_modeladmin_index" in names
    unknown = []
    for entry in ENTRIES:
        try:
            rule_for(entry)
        except KeyError:
            unknown.append(entry.id)
    assert not unknown, f"admin URLs without a rule in tests/security/test_admin_matrix.py: {unknown}"


# --- asking ------------------------------------------------------------------------


def refused(response):
    if response.status_code in (403, 404):
        return True
    return response.status_code == 302 and "/login/" in response["Location"]


def text(response):
    body = response.content.decode("utf-8", "replace")
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(body), ensure_ascii=False)
    return body


def url_for(entry, w, record="objects"):
    records = getattr(w, record)
    kwargs = {}
    for param in entry.params:
        if entry.name.startswith("wagtailsettings:") and param == "pk":
            kwargs[param] = records["site"].pk
        elif param in {"pk", "instance_pk"} and entry.model:
            kwargs[param] = records[entry.model.split(".")[1]].pk
        elif param == "app_label":
            kwargs[param] = entry.model.split(".")[0]
        elif param == "model_name":
            kwargs[param] = entry.model.split(".")[1]
        elif param == "app_name":
            kwargs[param] = entry.model.split(".")[0]
        elif param == "action":
            kwargs[param] = entry.action
        else:
            value = VIEW_RULES[entry.name]["kwargs"][param]
            kwargs[param] = records[value].pk if value in records else value
    return reverse(entry.name, kwargs=kwargs)


def shows(response, markers):
    body = text(response)
    return any(marker in body for marker in markers or ())


def role_class(rule, role):
    if role in rule["allow"]:
        return "allow"
    if role in rule["scoped"]:
        return "scoped"
    return "deny"


def check_get(client, url, expect, marker, other_marker=None, role=""):
    response = client.get(url)
    assert response.status_code < 500, (role, url, response.status_code)
    if expect == "allow":
        redirect = response.status_code == 302 and "/login/" not in response["Location"] and not marker
        assert response.status_code == 200 or redirect, (role, url, response.status_code)
        if marker:
            assert shows(response, marker), (role, url, "should list its own record")
        if other_marker and role != "manager":
            assert not shows(response, other_marker), (role, url, "lists another window's or township's record")
    elif expect == "scoped":
        assert refused(response) or (response.status_code == 200 and not shows(response, marker)), (
            role, url, response.status_code)  # fmt: skip
    else:
        assert refused(response), (role, url, response.status_code)
    return response


def model_of(entry):
    return apps.get_model(entry.model)


def still_there(entry, w):
    return model_of(entry).objects.filter(pk=w.objects[entry.model.split(".")[1]].pk).exists()


def snapshot(entry, w):
    obj = model_of(entry).objects.get(pk=w.objects[entry.model.split(".")[1]].pk)
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


@pytest.mark.parametrize("entry", ENTRIES, ids=[entry.id for entry in ENTRIES])
def test_matrix(w, entry):
    kind, rule = rule_for(entry)
    key = entry.model.split(".")[1] if entry.model else rule.get("marker", "")
    marker = w.markers.get(key, ())
    other_marker = w.other_markers.get(key, ())
    # Wrong roles first, the right ones last (their POSTs change things).
    roles = sorted(ROLES, key=lambda role: role_class(rule, role) == "allow")
    for role in roles:
        expect = role_class(rule, role)
        client = w.client(role)
        if kind == "list":
            check_get(client, url_for(entry, w), expect, marker, other_marker, role)
        elif kind == "add":
            response = client.get(url_for(entry, w))
            assert response.status_code < 500
            if expect == "deny":
                assert refused(response), (role, entry.id, response.status_code)
            elif expect == "allow":
                assert response.status_code == 200
        elif kind in {"get", "object", "chosen"}:
            check_get(client, url_for(entry, w), expect, None, role=role)
        elif kind == "optional":  # may not exist for this model (404 for all), never open to the wrong role
            response = client.get(url_for(entry, w))
            assert response.status_code < 500
            if expect != "allow":
                assert refused(response), (role, entry.id, response.status_code)
        elif kind == "choose":
            check_get(client, url_for(entry, w), expect if expect != "deny" or role not in ADMIN_ROLES else "scoped",
                      marker, other_marker if entry.model not in PUBLIC_CHOICES else None, role)  # fmt: skip
        elif kind == "chosen_multiple":
            response = client.get(url_for(entry, w), {"id": w.objects[key].pk})
            assert response.status_code < 500
            if expect == "allow":
                assert shows(response, marker), (role, entry.id)
            else:
                assert refused(response) or not shows(response, marker), (role, entry.id)
        elif kind == "refused":
            assert refused(client.get(url_for(entry, w))), (role, entry.id)
        elif kind == "bulk":
            check_bulk(w, entry, client, role, expect, marker, other_marker, last=role == roles[-1])
        elif kind == "transition":
            check_transition(w, entry, client, role, expect)
        elif kind == "confirm":
            check_confirm(w, entry, client, role, expect)
        else:  # pragma: no cover
            raise AssertionError(kind)
        if kind == "object":
            check_object_posts(w, entry, client, role, expect)


def check_object_posts(w, entry, client, role, expect):
    """POSTs to edit and delete: the wrong roles change nothing."""
    action = entry.name.split(":")[1]
    if action not in {"edit", "delete"} or expect == "allow":
        return
    before = snapshot(entry, w)
    response = client.post(url_for(entry, w), {"name": "被改掉了", "terms": "被改掉了", "agent_name": "被改掉了"})
    assert refused(response), (role, entry.id, response.status_code)
    assert still_there(entry, w) and snapshot(entry, w) == before, (role, entry.id)


def check_bulk(w, entry, client, role, expect, marker, other_marker, last):
    url = url_for(entry, w)
    target = w.objects[entry.model.split(".")[1]]
    # The confirmation page, for the record and for ?id=all.
    for query in ({"id": target.pk}, {"id": "all"}):
        response = client.get(url, query)
        assert response.status_code < 500, (role, url, query)
        if expect == "allow":
            assert response.status_code == 200 and shows(response, marker), (role, url, query)
            if role != "manager":
                assert not shows(response, other_marker), (role, url, query, "lists others' records")
        else:
            assert refused(response) or not shows(response, marker), (role, url, query, "lists the record")
    if entry.action != "delete":
        return
    if expect == "allow" and not last:
        return  # one right user deletes, the last one asked
    response = client.post(f"{url}?id={target.pk}")
    if expect == "allow":
        assert not still_there(entry, w), (role, url, "the right user's delete did nothing")
    else:
        assert refused(response) or response.status_code in (200, 302), (role, url, response.status_code)
        assert still_there(entry, w), (role, url, "deleted by the wrong user")


def check_transition(w, entry, client, role, expect):
    case = w.objects["submission"]
    before = Submission.objects.get(pk=case.pk).status
    response = client.post(url_for(entry, w), {"to": Submission.Status.ACCEPTED})
    after = Submission.objects.get(pk=case.pk).status
    if expect == "allow":
        assert response.status_code == 302 and "/login/" not in response["Location"], (role, response.status_code)
        if before == Submission.Status.PENDING:
            assert after == Submission.Status.ACCEPTED, role
    else:
        assert refused(response), (role, response.status_code)
        assert after == before, (role, "moved by the wrong user")


def check_confirm(w, entry, client, role, expect):
    flag = w.objects["reviewflag"]
    response = client.post(url_for(entry, w), {"note": "已核对"})
    open_now = ReviewFlag.objects.open().filter(pk=flag.pk).exists()
    if expect == "allow":
        assert response.status_code == 302 and "/login/" not in response["Location"], (role, response.status_code)
        assert not open_now, role
    else:
        assert refused(response), (role, response.status_code)
        assert open_now, (role, "flag cleared by the wrong user")
        assert not w.objects["guide"].changes.filter(note__contains="已核对").exists(), role
