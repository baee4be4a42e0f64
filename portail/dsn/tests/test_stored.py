"""The parsed result kept between upload and apply reads back as the file read."""

import json

import pytest

from portail.dsn import DsnError, dump_dsn, load_dsn, parse_dsn
from portail.dsn.testing import dsn_bytes, next_month, synthetic_dsn


def _lines(dsn):
    return [(e.line, [(i.line, [(c.line, c.end and c.end.line) for c in i.contracts]) for i in e.individuals])
            for e in dsn.establishments]


def test_a_month_with_exits_and_changes_reads_back_identical_lines_and_anomalies_included():
    month = next_month(synthetic_dsn(employees=60, establishments=3, seed=4, hires=5, exits=6), seed=5, hires=4,
                       exits=5, job_changes=7)
    parsed = parse_dsn(dsn_bytes(month))
    loaded = load_dsn(dump_dsn(parsed))
    assert loaded == parsed
    assert _lines(loaded) == _lines(parsed)
    assert loaded.anomalies == parsed.anomalies and loaded.encoding == parsed.encoding
    assert [i.nir_with_key for _, i in loaded.individuals()] == [i.nir_with_key for _, i in parsed.individuals()]


@pytest.mark.parametrize("content", [b"", b"not json", b"[]", json.dumps({"version": 0}).encode(),
                                     json.dumps({"version": 1, "month": "2026-13-01"}).encode()])
def test_a_damaged_or_older_stored_form_is_a_french_error(content):
    with pytest.raises(DsnError, match="déposez-le de nouveau"):
        load_dsn(content)
