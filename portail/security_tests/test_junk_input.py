"""S-9: junk posted to every view that accepts POST, and hypothesis on every form class: never a 500."""

import inspect
import re
from importlib import import_module
from pathlib import Path

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import ResolutionFailed
from hypothesis.extra.django import from_form

from portail.security_tests import matrix
from portail.security_tests.test_permission_matrix import build_url
from portail.security_tests.urls_walk import walk
from portail.security_tests.world import build_world

EXAMPLES_PER_URL = 5
junk_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20).map(lambda s: s + "\x00" + s),
    st.integers(min_value=1, max_value=20_000).map(lambda n: "9" * n),
    st.sampled_from(["", " ", "-1", "0", "1e309", "NaN", "2026-02-30", "../../etc/passwd", "<script>x</script>",
                     "=HYPERLINK(\"http://x\")", "'; DROP TABLE x;--", "FR76" + "0" * 40, "é" * 5000]),
)


def _field_names(html: str) -> tuple[list[str], list[str]]:
    names = sorted(set(re.findall(r'name="([^"]+)"', html)) - {"csrfmiddlewaretoken"})
    files = sorted(set(re.findall(r'type="file"[^>]*name="([^"]+)"', html))
                   | set(re.findall(r'name="([^"]+)"[^>]*type="file"', html)))
    return names or ["x"], files


def _post_targets(world, client, persona):
    """(name, url, field names, file field names) of every URL this persona may POST to."""
    tenant = world.a
    for pattern in walk():
        row = matrix.row_for(pattern.name)
        if row is None or row.area in (matrix.ADMIN, matrix.PUBLIC, matrix.STAFF_AUTH):
            continue
        if (row.area == matrix.STAFF) != persona.startswith("staff_"):
            continue
        url = build_url(pattern, row, tenant, world).split("?")[0]
        probe = client.post(url, {})
        if probe.status_code in (403, 405):
            continue
        page = client.get(url) if row.method == "GET" else probe
        html = b"" if page.streaming else page.content  # a download has no form to fill
        yield pattern.name, url, *_field_names(html.decode(errors="replace"))


def _fuzz(client, name, url, fields, file_fields, problems) -> int:
    sent = 0

    @settings(max_examples=EXAMPLES_PER_URL, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(data=st.dictionaries(st.sampled_from(fields) | st.text(max_size=10), junk_text, max_size=8),
           upload=st.binary(max_size=2000))
    def post_junk(data, upload):
        nonlocal sent
        sent += 1
        payload = dict(data)
        for field in file_fields:
            payload[field] = SimpleUploadedFile("fichier.pdf", upload, content_type="application/pdf")
        response = client.post(url, payload)
        if response.status_code >= 500:
            problems.append(f"{name} {url}: {response.status_code} avec {list(payload)}")

    post_junk()
    return sent


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["member_a", "staff_admin"])
def test_junk_posts_never_500(persona):
    world = build_world()
    client = world.client(persona)
    client.raise_request_exception = False
    problems, targets, examples = [], 0, 0
    for name, url, fields, file_fields in list(_post_targets(world, client, persona)):
        targets += 1
        examples += _fuzz(client, name, url, fields, file_fields, problems)
    assert targets >= (8 if persona == "member_a" else 10)
    print(f"{persona}: {targets} URL en POST, {examples} envois")
    assert not problems, "\n".join(sorted(set(problems)))


# --- hypothesis.extra.django.from_form on every form class of portail/*/forms.py -----------------

def _form_classes():
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.glob("*/forms.py")):
        module = import_module(f"portail.{path.parent.name}.forms")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                yield f"{module.__name__}.{name}", cls


FORMS = list(_form_classes())


def test_forms_are_found():
    assert len(FORMS) >= 10, [n for n, _ in FORMS]


@pytest.mark.django_db
@pytest.mark.parametrize("name,form_class", FORMS, ids=[n for n, _ in FORMS])
def test_form_is_valid_never_raises(name, form_class):
    try:
        form_class()
        strategy = from_form(form_class)
    except Exception as exc:  # noqa: BLE001 - forms needing constructor arguments cannot be generated
        pytest.skip(f"{name} ne se construit pas sans arguments: {exc.__class__.__name__}")

    @settings(max_examples=15, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def check(form):
        form.is_valid()

    try:
        check()
    except ResolutionFailed as exc:
        pytest.skip(f"{name}: hypothesis ne sait pas générer un champ ({exc})")
