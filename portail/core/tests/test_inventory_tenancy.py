"""Every model holding a member's rows has only scoped managers (django-scopes), filtering on a path to the member,
or is exempted with a reason in portail/core/tenancy.py: a new tenant model in neither fails here, before a
forgotten filter can show another member's rows."""

from django.apps import apps
from django.contrib.auth import get_user_model

from portail.core.tenancy import UNSCOPED
from portail.members.models import Member


def _models() -> list:
    return apps.get_models(include_auto_created=True)


def _owners(model) -> set:
    """The models `model` belongs to through its foreign keys. A key to an account names who acted (created_by,
    signed_by…), not whose rows these are: accounts are not followed."""
    return {
        field.related_model for field in model._meta.concrete_fields
        if field.is_relation and field.related_model not in (None, get_user_model())
    }


def _member_models() -> set:
    """Models with a foreign key to the member, or to a model that has one (an invoice's lines), at any depth; the
    member itself is the scope's value, not one of its rows."""
    found: set = set()
    while True:
        more = {model for model in _models() if _owners(model) & (found | {Member})} - {Member}
        if more <= found:
            return found
        found |= more


def _is_scoped(manager) -> bool:
    return hasattr(manager, "with_scope")


def _scope_targets(model) -> set:
    """The models the scoped manager's filter compares the member with (Member when it is right)."""
    query = model._default_manager.with_scope(member=0).all().query
    return {lookup.lhs.target.related_model for lookup in query.where.children}


def test_every_model_with_a_member_s_rows_is_scoped_or_exempted_with_a_reason():
    unscoped = sorted(
        model._meta.label for model in _member_models()
        if not all(_is_scoped(manager) for manager in model._meta.managers) and model._meta.label not in UNSCOPED
    )
    assert not unscoped, f"sans ScopedManager(member=…) ni raison dans UNSCOPED (portail/core/tenancy.py) : {unscoped}"


def test_each_scoped_manager_filters_on_the_member():
    for model in _member_models():
        if _is_scoped(model._default_manager):
            assert _scope_targets(model) == {Member}, model._meta.label


def test_exemptions_name_unscoped_member_models_with_a_reason():
    member_models = {model._meta.label: model for model in _member_models()}
    for label, reason in UNSCOPED.items():
        assert label in member_models, f"{label} : pas un modèle de l'adhérent, exemption inutile"
        assert not _is_scoped(member_models[label]._default_manager), f"{label} : déjà limité, exemption inutile"
        assert len(reason) > 40, label


def test_the_walk_finds_direct_and_indirect_member_models():
    labels = {model._meta.label for model in _member_models()}
    assert {"workforce.Employee", "billing.InvoiceLine", "billing.DirectDebitItem", "declarations.DeclarationLine"} <= labels
    assert not {"members.Member", "members.Centre", "appointments.Slot", "billing.DirectDebitBatch"} & labels
