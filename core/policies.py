"""One per-object permission policy for every admin view the project registers.

A model's rules live in one `ScopedPermissionPolicy` subclass (in the model's
app), registered for the model with `wagtail.permissions.register_permission_policy`.
Every view, list, chooser and bulk action of the model asks that policy:

- `user_has_permission(user, action)`: the model permission (Django's
  `app.action_model`, so the admin's group settings keep working), or the
  role: managers (`core.roles.is_manager`) hold `manager_actions` whatever
  their groups say, so the README's promises do not depend on data;
- `scope(user, queryset)`: the rows of the model the user may touch at all
  (their window's staff, their township's villages, …);
- `user_has_permission_for_instance` / `instances_user_has_permission_for`:
  both at once. Every object view (edit, delete, copy, history, usage,
  inspect, and any view added later) checks the instance against the actions
  the view itself requires; lists, exports, searches, choosers and bulk
  actions only ever see `instances_user_has_any_permission_for`.

`PolicySnippetViewSet` wires a snippet viewset to its model's registered
policy; `PolicyDeleteBulkAction` replaces Wagtail's snippet bulk delete for
those models (Wagtail's checks model permissions, and `?id=all` lists every
row before it checks anything).
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.utils.functional import cached_property, classproperty
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.models import get_snippet_models
from wagtail.snippets.views import chooser as snippet_chooser
from wagtail.snippets.views.snippets import SnippetViewSet

from .roles import is_manager

ALL_ACTIONS = ("add", "change", "delete", "view")


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


class ScopedPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (or the manager role) and a per-user scope of rows."""

    #: Actions managers hold by role, whatever permissions their groups carry.
    manager_actions = frozenset()
    #: Reference data anyone in the admin may pick in a chooser (windows, themes).
    public_choices = False

    def scope(self, user, queryset):
        """The rows of `queryset` this user may act on at all. Override per model."""
        return queryset

    def all_instances(self):
        return self.model._default_manager.all()

    # --- model level -------------------------------------------------------

    def user_has_permission(self, user, action):
        if not _active(user):
            return False
        if action in self.manager_actions and is_manager(user):
            return True
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    # --- instance level ----------------------------------------------------

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user, self.all_instances())

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])

    def in_scope(self, user, instance):
        if instance is None or instance.pk is None:
            return False
        return self.scope(user, self.all_instances()).filter(pk=instance.pk).exists()

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions) and self.in_scope(user, instance)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def users_with_any_permission_for_instance(self, actions, instance):
        users = self.users_with_any_permission(actions)
        return users.filter(pk__in=[user.pk for user in users if self.in_scope(user, instance)])

    # --- lists ---------------------------------------------------------------

    def visible(self, user):
        """What a list, an export, a search or a bulk action may show this user."""
        return self.instances_user_has_any_permission_for(user, ALL_ACTIONS)

    def choosable(self, user):
        """What a chooser may offer this user."""
        if self.public_choices and _active(user) and user.has_perm("wagtailadmin.access_admin"):
            return self.all_instances()
        return self.visible(user)


class ManagerPolicy(ScopedPermissionPolicy):
    """Reference data the centre's managers keep (windows, themes, holidays,
    synonyms): every row, managers by role and anyone granted the model permissions."""

    manager_actions = frozenset(ALL_ACTIONS)
    public_choices = True


def policy_for(model):
    return policy_registry.get_by_type(model)


def register_policy(model, policy_class):
    """Register `policy_class(model)` for `model` (call it at the top of the app's
    wagtail_hooks.py, before any viewset or view asks for the model's policy)."""
    from wagtail.permissions import register_permission_policy

    policy = policy_class(model)
    register_permission_policy(model, policy, exact_class=True)
    return policy


# --- Views ----------------------------------------------------------------------


class PolicyObjectMixin:
    """Checks every object a view loads against the policy, for the actions
    the view itself requires (`permission_required` / `any_permission_required`)."""

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is not None:  # a create view has none
            self.check_object_permission(obj)
        return obj

    def required_actions(self):
        if getattr(self, "permission_required", None):
            return [self.permission_required]
        if getattr(self, "any_permission_required", None):
            return list(self.any_permission_required)
        return list(ALL_ACTIONS)

    def check_object_permission(self, obj):
        policy = policy_for(getattr(self, "model", None) or type(obj))
        if not policy.user_has_any_permission_for_instance(self.request.user, self.required_actions(), obj):
            raise PermissionDenied


_GUARDED = {}


def guarded(view_class):
    """`view_class` with PolicyObjectMixin in front (one class per view class)."""
    if issubclass(view_class, PolicyObjectMixin):
        return view_class
    if view_class not in _GUARDED:
        _GUARDED[view_class] = type(f"Guarded{view_class.__name__}", (PolicyObjectMixin, view_class), {})
    return _GUARDED[view_class]


class ChooserPolicyMixin:
    """Chooser views offer (and accept) only what the policy lets this user choose."""

    def choosable(self):
        return policy_for(self.model_class).choosable(self.request.user)


class PolicyChooseView(ChooserPolicyMixin, snippet_chooser.ChooseView):
    def get_object_list(self):
        return self.choosable()


class PolicyChooseResultsView(ChooserPolicyMixin, snippet_chooser.ChooseResultsView):
    def get_object_list(self):
        return self.choosable()


class PolicyChosenView(ChooserPolicyMixin, snippet_chooser.SnippetChosenView):
    def get_object(self, pk):
        return self.choosable().get(pk=pk)


class PolicyChosenMultipleView(ChooserPolicyMixin, snippet_chooser.SnippetChosenMultipleView):
    def get_objects(self, pks):
        return self.choosable().filter(pk__in=pks)


class NoChooserCreateView(snippet_chooser.SnippetCreateView):
    """Snippets are created in their own add view (with its scoped form), never
    through a chooser, whose form would skip the per-window and per-township checks."""

    def dispatch(self, request, *args, **kwargs):
        raise Http404


class PolicyChooserViewSet(snippet_chooser.SnippetChooserViewSet):
    choose_view_class = PolicyChooseView
    choose_results_view_class = PolicyChooseResultsView
    chosen_view_class = PolicyChosenView
    chosen_multiple_view_class = PolicyChosenMultipleView
    create_view_class = NoChooserCreateView


class PolicySnippetViewSet(SnippetViewSet):
    """A snippet viewset whose every view asks the model's registered policy:
    the list (and its search, filters and export) shows `policy.visible(user)`,
    every object view refuses (403) an instance outside the policy, choosers
    offer `policy.choosable(user)`. Register the policy before the viewset."""

    chooser_viewset_class = PolicyChooserViewSet
    list_select_related = ()

    @cached_property
    def policy(self):
        policy = policy_registry.get_by_type(self.model, fallback=False)
        if not isinstance(policy, ScopedPermissionPolicy):
            raise TypeError(f"register a ScopedPermissionPolicy for {self.model.__name__} before its viewset")
        return policy

    def on_register(self):
        self.policy  # noqa: B018 - fail at start-up when the policy is missing
        super().on_register()

    def construct_view(self, view_class, **kwargs):
        return super().construct_view(guarded(view_class), **kwargs)

    def get_queryset(self, request):
        queryset = self.policy.visible(request.user)
        if self.list_select_related:
            queryset = queryset.select_related(*self.list_select_related)
        return queryset


# --- Bulk actions -----------------------------------------------------------------


class PolicyDeleteBulkAction(DeleteBulkAction):
    """Snippet bulk delete for models with a ScopedPermissionPolicy: only rows
    the user may see are looked up (others answer 404, `?id=all` means "all I
    may see"), and each must pass the policy's `delete` for the instance."""

    @classproperty
    def models(cls):
        return [model for model in get_snippet_models() if isinstance(policy_for(model), ScopedPermissionPolicy)]

    @cached_property
    def permission_policy(self):
        return policy_for(self.model)

    def dispatch(self, request, *args, **kwargs):
        if not self.permission_policy.user_has_permission(request.user, "delete"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def visible(self):
        return self.permission_policy.visible(self.request.user)

    def get_queryset(self, model, object_ids):  # an instance method here: it needs the user
        pks = []
        for value in object_ids:
            try:
                pks.append(model._meta.pk.to_python(value))
            except ValidationError:
                continue
        return get_list_or_404(self.visible(), pk__in=pks)

    def get_all_objects_in_listing_query(self, parent_id):
        return self.visible().values_list("pk", flat=True)

    def check_perm(self, snippet):
        return self.permission_policy.user_has_permission_for_instance(self.request.user, "delete", snippet)
