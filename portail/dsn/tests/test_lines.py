"""Reading lines: encodings, quoting, the line grammar; each refusal names its line."""

import io

import pytest

from portail.dsn import DsnError, parse_dsn
from portail.dsn.lines import LineReader

from .samples import NIR, contract, declaration, envoi, envoi_header, individual, line_number, minimal_lines


def _names(data: bytes) -> tuple[str, str]:
    person = next(person for _, person in parse_dsn(data).individuals())
    return person.birth_name, person.first_names


def _with_person(name: str, first: str) -> list[str]:
    return [*envoi_header(), *declaration(), *individual(name=name, first=first), *contract()]


def test_iso_8859_1_file_keeps_its_accents():
    data = envoi(_with_person("LEFÈVRE", "Jérôme"), encoding="iso-8859-1")
    assert _names(data) == ("LEFÈVRE", "Jérôme")
    assert parse_dsn(data).encoding == "ISO-8859-1"


def test_utf8_file_is_detected():
    data = envoi(_with_person("LEFÈVRE", "Jérôme"), encoding="utf-8")
    assert _names(data) == ("LEFÈVRE", "Jérôme")
    assert parse_dsn(data).encoding == "UTF-8"


def test_utf8_byte_order_mark_is_dropped():
    data = b"\xef\xbb\xbf" + envoi(_with_person("LEFÈVRE", "Jérôme"), encoding="utf-8")
    assert parse_dsn(data).software == "PAIE"
    assert _names(data) == ("LEFÈVRE", "Jérôme")


def test_windows_1252_typographic_characters_are_read():
    data = envoi(_with_person("CŒUR", "Zoé"), encoding="cp1252")
    assert _names(data) == ("CŒUR", "Zoé")


def test_pure_ascii_file_is_reported_as_ascii():
    assert parse_dsn(envoi(minimal_lines())).encoding == "ASCII"


def test_utf16_file_is_refused_on_line_1():
    data = envoi(minimal_lines()).decode("ascii").encode("utf-16")
    with pytest.raises(DsnError) as error:
        parse_dsn(data)
    assert error.value.line == 1
    assert "UTF-16" in error.value.message


def test_utf16_without_byte_order_mark_is_refused_as_unreadable():
    data = envoi(minimal_lines()).decode("ascii").encode("utf-16-le")
    with pytest.raises(DsnError) as error:
        parse_dsn(data)
    assert error.value.line == 1
    assert error.value.message.startswith("caractères illisibles")


def test_latin_line_after_utf8_lines_is_refused_where_it_appears():
    lines = _with_person("LEFÈVRE", "Jérôme")
    data = envoi(lines, encoding="utf-8").replace("Jérôme".encode(), "Jérôme".encode("latin-1"))
    with pytest.raises(DsnError) as error:
        parse_dsn(data)
    assert error.value.line == line_number(data, "S21.G00.30.004")
    assert "mélange deux encodages" in error.value.message


def test_utf8_line_after_latin_lines_is_refused_where_it_appears():
    data = envoi(_with_person("LEFÈVRE", "Jérôme"), encoding="latin-1")
    data = data.replace("Jérôme".encode("latin-1"), "Jérôme".encode())
    with pytest.raises(DsnError) as error:
        parse_dsn(data)
    assert error.value.line == line_number(data, "S21.G00.30.004")
    assert "mélange deux encodages" in error.value.message


def test_byte_undefined_in_windows_1252_is_unreadable():
    data = envoi(_with_person("DUPONT", "Jean")).replace(b"'Jean'", b"'Je\x81n'")
    with pytest.raises(DsnError) as error:
        parse_dsn(data)
    assert error.value.line == line_number(data, "S21.G00.30.004")
    assert "ni en ISO-8859-1 ni en UTF-8" in error.value.message


def test_doubled_quote_inside_a_value_is_one_quote():
    data = envoi(_with_person("D''ALMEIDA", "Jean"))
    assert _names(data) == ("D'ALMEIDA", "Jean")


def test_lone_quote_inside_a_value_is_kept():
    # Software that forgets to double the quote: the value still ends at the last quote of the line.
    data = envoi(_with_person("D'ALMEIDA", "Jean"))
    assert _names(data) == ("D'ALMEIDA", "Jean")


def test_empty_value_is_read_as_empty():
    reader = LineReader(b"S10.G00.00.001,''\n")
    assert list(reader) == [(1, "S10.G00.00", "001", "")]


def test_lf_line_endings_blank_lines_and_trailing_spaces_are_accepted():
    data = envoi(minimal_lines()).replace(b"\r\n", b"\n").replace(b"S21.G00.30.001", b"\nS21.G00.30.001")
    data = data.replace(b"'DUPONT'", b"'DUPONT'  ")
    assert _names(data) == ("DUPONT", "Jean")


def test_value_without_quotes_is_malformed():
    data = envoi(minimal_lines()).replace(b"S21.G00.30.002,'DUPONT'", b"S21.G00.30.002,DUPONT")
    with pytest.raises(DsnError) as error:
        parse_dsn(data)
    assert error.value.line == line_number(data, "S21.G00.30.002")
    assert error.value.message.startswith("valeur mal délimitée")


def test_line_outside_the_grammar_is_malformed():
    lines = minimal_lines()
    lines.insert(5, "Bonjour, voici la DSN")
    data = envoi(lines)
    with pytest.raises(DsnError) as error:
        parse_dsn(data)
    assert error.value.line == 6
    assert error.value.message.startswith("ligne non conforme à la norme DSN")


def test_rubric_of_an_unknown_structure_is_refused():
    lines = minimal_lines()
    lines.insert(3, "S55.G00.00.001,'X'")
    with pytest.raises(DsnError) as error:
        parse_dsn(envoi(lines))
    assert (error.value.line, error.value.message) == (4, "rubrique inconnue de la norme DSN : S55.G00.00.001.")


def test_refusal_never_quotes_the_nir_of_the_line():
    data = envoi(minimal_lines()).replace(f"S21.G00.30.001,'{NIR}'".encode(), f"S21.G00.30.001,{NIR}".encode())
    with pytest.raises(DsnError) as error:
        parse_dsn(data)
    assert NIR not in str(error.value)


def test_error_string_states_the_line_in_french():
    assert str(DsnError("fichier vide.", line=3)) == "Ligne 3 : fichier vide."


def test_file_object_is_read_line_by_line(tmp_path):
    data = envoi(minimal_lines())
    path = tmp_path / "dsn.txt"
    path.write_bytes(data)
    assert parse_dsn(path) == parse_dsn(io.BytesIO(data)) == parse_dsn(data)


def test_text_stream_is_refused_as_a_programming_error():
    with pytest.raises(TypeError):
        parse_dsn(io.StringIO(envoi(minimal_lines()).decode("ascii")))
