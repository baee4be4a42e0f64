"""Whatever bytes are uploaded, the import answers with a French message on the form, never a 500, and
writes nothing: checked file by file, then over random bytes through the real views (hypothesis)."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portail.workforce.models import Employee
from portail.workforce.tests.test_import import HEADER, csv_bytes, line, upload
from portail.workforce.tests.test_import_files import import_files

pytestmark = pytest.mark.django_db


def _zip(entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def _forged_sizes(content: bytes) -> bytes:
    """The same archive with its entry claiming 100 bytes once uncompressed."""
    import struct

    data = bytearray(content)
    struct.pack_into("<I", data, 22, 100)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)
    return bytes(data)


BOMB = _zip([("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))])
HOSTILE = [
    ("bare-cr.csv", csv_bytes(line("UN").replace("Opératrice", "Opéra\rtrice")), "retour chariot isolé"),
    ("huge-field.csv", (HEADER + "\n" + line("UN") + ";" + "x" * 140_000).encode(), "131\u202f072 caractères"),
    ("quoted-huge.csv", (HEADER + '\n"' + "x" * 140_000 + '"').encode(), "131\u202f072 caractères"),
    ("nul.csv", csv_bytes(line("UN")) + b"\n" + b"A" * 9000 + b"\x00;B", "pas un fichier texte CSV"),
    ("utf16.csv", csv_bytes(line("UN")).decode().encode("utf-16"), "pas un fichier texte CSV"),
    ("empty.csv", b"", "est vide"),
    ("blank.csv", b"\r\n;;;\r\n", "aucune ligne de salarié"),
    ("bomb.xlsx", BOMB, "anormalement volumineux"),
    ("forged-bomb.xlsx", _forged_sizes(BOMB), "ne peut pas être lu"),
    ("notzip.xlsx", b"PK\x03\x04" + b"\xff" * 500, "endommagé"),
    ("renamed.xlsx", csv_bytes(line("UN")), "pas un vrai fichier Excel"),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_upload_gets_a_french_error_on_the_form_and_writes_nothing(client_a, name, content, message):
    response = client_a.post("/salaries/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["form"].errors["file"]
    assert not Employee.objects.exists() and import_files() == []


def test_old_mac_line_endings_are_read_as_lines(client_a, member_a):
    content = "\r".join([HEADER, line("UN")]).encode()
    page = upload(client_a, content).content.decode()
    assert "1 nouveau salarié" in page


@pytest.fixture
def many_imports(settings):
    settings.RATE_LIMITS = {"import": (1_000_000, 3600)}


def _walk(client, name: str, content: bytes) -> None:
    """Upload, map as offered, preview, apply: each answer is a page or a redirect, never a 500 (the test
    client re-raises a view's exception)."""
    response = client.post("/salaries/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        mapping = client.get("/salaries/import/colonnes/")
        assert mapping.status_code == 200
        form = mapping.context["form"]
        response = client.post("/salaries/import/colonnes/", {n: form[n].value() or "" for n in form.fields})
        assert response.status_code == 200
        assert client.post("/salaries/import/valider/").status_code == 302
    client.post("/salaries/import/annuler/")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=4096), extension=st.sampled_from(["csv", "xlsx", "txt"]))
def test_random_bytes_never_give_a_500(client_a, many_imports, content, extension):
    _walk(client_a, f"salaries.{extension}", content)
    assert not Employee.objects.exists()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.binary(max_size=2048))
def test_random_rows_under_a_valid_header_never_give_a_500(client_a, many_imports, body):
    _walk(client_a, "salaries.csv", HEADER.encode() + b"\n" + body)
    assert not Employee.objects.exists()
