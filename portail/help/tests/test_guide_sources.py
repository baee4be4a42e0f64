"""Checks on the guide's sources that need no browser: every image is produced by a journey,
every internal link resolves, every section is well formed."""

import ast
from pathlib import Path

import pytest

from portail.help import guide, markdown
from portail.help.captures import CAPTURES

JOURNEYS = Path(guide.GUIDE_DIR).parent / "e2e" / "test_guide_journeys.py"
ALL = [s for a in guide.AUDIENCES for s in guide.sections(a)]


def _shots_by_journey() -> dict[str, set[str]]:
    """The capture names each journey function of e2e/test_guide_journeys.py shoots."""
    tree = ast.parse(JOURNEYS.read_text(encoding="utf-8"))
    shots = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name.startswith("journey_"):
            shots[node.name] = {
                call.args[0].value for call in ast.walk(node)
                if isinstance(call, ast.Call) and getattr(call.func, "attr", None) == "shoot"
                and call.args and isinstance(call.args[0], ast.Constant)
            }
    return shots


def test_every_image_of_the_guide_is_in_the_registry():
    referenced = {Path(src).stem for s in ALL for src in markdown.image_sources(s.source)}
    assert all(src.startswith("captures/") and src.endswith(".png") for s in ALL for src in markdown.image_sources(s.source))
    assert referenced - set(CAPTURES) == set(), "images du guide produites par aucun parcours"
    assert set(CAPTURES) - referenced == set(), "captures prises mais jamais utilisées dans le guide"


def test_every_registered_capture_is_shot_by_its_journey():
    shots = _shots_by_journey()
    for name, journey in CAPTURES.items():
        assert journey in shots, f"{journey} n'existe pas dans {JOURNEYS.name}"
        assert name in shots[journey], f"{journey} ne prend pas la capture {name}"


def test_committed_images_exist_for_every_capture():
    # `make guide` rebuilds them; the portal and the PDF serve the committed ones.
    missing = [n for n in CAPTURES if not (guide.CAPTURES_DIR / f"{n}.png").exists()]
    assert not missing


@pytest.mark.parametrize("section", ALL, ids=lambda s: f"{s.audience}/{s.id}")
def test_internal_links_resolve(section):
    anchors = {(s.audience, s.id): {h.anchor for h in s.render().headings} for s in ALL}
    for target in markdown.link_targets(section.source):
        if not target.startswith("/"):
            assert target.startswith(("https://", "mailto:")), target
            continue
        m = guide.HELP_LINK.match(target)
        assert m, f"{section.id} : lien interne hors de l'aide : {target}"
        audience = "personnel" if target.startswith("/gestion/") else "adherent"
        if m.group("section") is None:
            continue
        assert (audience, m.group("section")) in anchors, f"{section.id} : section inconnue {target}"
        if m.group("anchor"):
            assert m.group("anchor") in anchors[(audience, m.group("section"))], f"{section.id} : ancre inconnue {target}"


@pytest.mark.parametrize("section", ALL, ids=lambda s: f"{s.audience}/{s.id}")
def test_a_section_opens_with_its_title_anchored_on_its_id(section):
    headings = section.render().headings
    assert headings[0].level == 1 and headings[0].anchor == section.id
    assert [h for h in headings if h.level == 1] == headings[:1]
    anchors = [h.anchor for h in headings]
    assert len(anchors) == len(set(anchors)), "ancres en double"


def test_the_member_guide_follows_the_seed():
    titles = [s.title for s in guide.sections("adherent")]
    expected = ["1. Se connecter", "2. Prise en main", "2.1 Vos informations", "2.2 Vos contacts",
                "2.3 Liste de vos salariés", "2.4 Vos factures et votre échéancier", "2.5 Vos déclarations",
                "2.6 Demandes et annulations de rendez-vous", "2.7 Vos synthèses d'activité"]
    numbered = [t for t in titles if t[0].isdigit()]
    for want, got in zip(expected, numbered, strict=False):
        assert got.startswith(want)


def test_no_section_waits_for_its_captures_any_more():
    # 2.5 and 2.6 were written from the issues before their pages existed; their journeys now
    # shoot them, and the chapters that waited for them (4 and 6) show them too.
    assert [s.id for s in ALL if "captures à venir" in s.source.lower()] == []
    for section_id in ("declarations", "rendez-vous", "declaration-pas-a-pas", "conformite"):
        assert markdown.image_sources(guide.section_get("adherent", section_id).source)
