"""Every model holding a member's rows is covered by freshness (its writers renew the member's stamp) or exempted
with a reason (portail/members/freshness.py): a new model in neither fails here, before a page shows stale data."""

import inspect
from importlib import import_module

from django.apps import apps

from portail.members.freshness import EXEMPT, FRESHNESS
from portail.members.models import Member


def _parents(model) -> set:
    return {f.related_model for f in model._meta.concrete_fields if f.is_relation and f.related_model is not None}


def _member_models() -> set[str]:
    """Models with a foreign key to Member, or to a model freshness covers (an invoice's lines, a payment's
    allocations): the rows of one member, directly or through their parent."""
    found: set[str] = set()
    while True:
        covered = {Member} | {apps.get_model(label) for label in found if label in FRESHNESS}
        more = {m._meta.label for m in apps.get_models() if _parents(m) & covered}
        if more <= found:
            return found
        found |= more


def _service(path: str):
    module, _, name = path.rpartition(".")
    return getattr(import_module(f"portail.{module}"), name)


def test_every_model_with_a_member_s_rows_is_covered_or_exempted_with_a_reason():
    missing = sorted(_member_models() - FRESHNESS.keys() - EXEMPT.keys())
    assert not missing, f"ni dans FRESHNESS ni dans EXEMPT (portail/members/freshness.py) : {missing}"


def test_the_inventory_names_only_models_that_exist_and_covers_none_twice():
    assert not FRESHNESS.keys() & EXEMPT.keys()
    for label in [*FRESHNESS, *EXEMPT]:
        apps.get_model(label)
    assert all(len(reason) > 20 for reason in EXEMPT.values())


def test_each_service_named_for_a_model_renews_the_member_s_stamp_itself():
    for label, services in FRESHNESS.items():
        assert services, label
        for path in services:
            source = inspect.getsource(_service(path))
            renews = ("member_data_changed(", "member_change_record(", "one_stamp_for(")
            assert any(call in source for call in renews), f"{path} ({label})"
