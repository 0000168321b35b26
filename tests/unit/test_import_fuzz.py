"""Mangled files, fuzz-ish: a real export, invitation or address book cut, spliced, sprinkled
with bytes, or with any value replaced by any JSON. Each is read or refused in one line, never
with another exception (a traceback), and each refusal is explained in plain words."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_desktop.domain.validation import ValidationError
from followup_desktop.io.ics_import.errors import IcsError
from followup_desktop.io.ics_import.reader import read_invitations
from followup_desktop.services.demo import load_demo
from followup_desktop.services.errors import UserError
from followup_desktop.services.exchange import contacts_import
from followup_desktop.services.exchange.import_errors import explain
from followup_desktop.services.exchange.transfer import exporting, importing
from helpers.backends import make_backend, row_counts

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
# The same 200 examples on every run: a CI run never meets a new example (or a hypothesis
# FlakyStrategyDefinition once seen on the huge mangled buffers) by chance.
FUZZ = settings(max_examples=200, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SIGNIFICANT = [b"{", b"}", b"[", b"]", b",", b":", b'"', b"\\", b"\n", b"\r\n", b" ", b"9" * 5000,
               b"-", b"1e999", b"NaN", b"null", b"\xff", b"\x00", b"\xe2\x80\xae", b"BEGIN:",
               b"END:", b";", b"=", b"\t", b"BEGIN:VEVENT\r\n", b"END:VCARD\r\n"]


@pytest.fixture(scope="module")
def export_bytes(tmp_path_factory) -> bytes:
    with make_backend(tmp_path_factory.mktemp("source"), start=NOW) as backend:
        load_demo(backend)
        return exporting.dumps(exporting.export_document(backend)).encode("utf-8")


@st.composite
def mangled(draw: st.DrawFn, original: bytes) -> bytes:
    """A few edits: cut, delete, insert something that matters to a parser, duplicate."""
    data = original
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        edit = draw(st.sampled_from(["cut", "delete", "insert", "duplicate"]))
        if edit == "cut":
            data = data[:at]
        elif edit == "delete":
            data = data[:at] + data[at + draw(st.integers(1, 64)):]
        elif edit == "insert":
            piece = draw(st.one_of(st.sampled_from(SIGNIFICANT), st.binary(min_size=1,
                                                                            max_size=8)))
            data = data[:at] + piece + data[at:]
        else:
            data = data[:at] + data[at:at + draw(st.integers(1, 200))] + data[at:]
    return data


JSON_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-10**30, 10**30),
              st.floats(allow_nan=True), st.text(max_size=30),
              st.sampled_from(["", "2026-03-01T09:00:00Z", "2026-13-01", "\ud800", "x" * 20_001,
                               "Mars/Olympus", "a@b.c?x=y", "\u2066Ada\u2069"])),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=8)


def replace_somewhere(draw: st.DrawFn, node: Any, value: Any) -> Any:
    """`node` with one value, at a path chosen by hypothesis, replaced by `value` (or a key
    dropped)."""
    if isinstance(node, dict) and node and draw(st.booleans()):
        key = draw(st.sampled_from(sorted(node)))
        if draw(st.integers(0, 4)) == 0:
            return {k: v for k, v in node.items() if k != key}
        return {**node, key: replace_somewhere(draw, node[key], value)}
    if isinstance(node, list) and node and draw(st.booleans()):
        index = draw(st.integers(0, len(node) - 1))
        return [*node[:index], replace_somewhere(draw, node[index], value), *node[index + 1:]]
    return value


def refused_in_one_line(read, path: Path) -> str | None:
    """None if read; else the refusal, checked to be one line and explained in plain words."""
    try:
        read()
    except (UserError, IcsError, ValidationError) as error:
        message = str(error)
        assert message and "\n" not in message and "\r" not in message, message
        plain = explain(path, message)
        assert plain.startswith(f"Nothing was imported from {path.name}: "), plain
        assert f"Detail: {message.strip()}" in plain, f"not explained: {message}"
        assert "\n" not in plain
        return message
    return None


def write(data: bytes, name: str) -> Path:
    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(data)
    return path


@FUZZ
@given(data=st.data())
def test_a_mangled_export_is_read_or_refused_in_one_line(export_bytes, data):
    path = write(data.draw(mangled(export_bytes)), "export.json")
    refused_in_one_line(lambda: importing.check_file(path), path)


@FUZZ
@given(data=st.data(), value=JSON_VALUES)
def test_an_export_with_any_value_anywhere_is_read_or_refused_in_one_line(export_bytes, data,
                                                                           value):
    document = replace_somewhere(data.draw, json.loads(export_bytes), value)
    try:
        text = json.dumps(document)
    except ValueError:  # a float json cannot write
        return
    path = write(text.encode("utf-8", "surrogatepass"), "export.json")
    refused_in_one_line(lambda: importing.check_file(path), path)


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=st.data(), value=JSON_VALUES)
def test_what_passes_the_checks_is_written_whole_or_not_at_all(export_bytes, data, value,
                                                               tmp_path_factory):
    document = replace_somewhere(data.draw, json.loads(export_bytes), value)
    try:
        path = write(json.dumps(document).encode("utf-8", "surrogatepass"), "export.json")
        checked = importing.check_file(path)
    except (ValueError, UserError):
        return
    with make_backend(tmp_path_factory.mktemp("target"), start=NOW) as target:
        before = row_counts(target.data_dir / "followup.sqlite3")
        try:
            importing.write_checked(target, checked)
        except UserError as error:
            assert "\n" not in str(error)
            assert row_counts(target.data_dir / "followup.sqlite3") == before


ICS = sorted((FIXTURES / "ics").glob("*.ics"))
VCF = sorted((FIXTURES / "vcard").glob("*.vcf"))


@FUZZ
@given(data=st.data())
def test_a_mangled_invitation_is_read_or_refused_in_one_line(data):
    original = data.draw(st.sampled_from(ICS))
    path = write(data.draw(mangled(original.read_bytes())), original.name)
    refused_in_one_line(lambda: read_invitations(path.read_bytes(), path.name), path)


@FUZZ
@given(data=st.data())
def test_a_mangled_address_book_is_read_or_refused_in_one_line(data):
    original = data.draw(st.sampled_from(VCF))
    path = write(data.draw(mangled(original.read_bytes())), original.name)
    refused_in_one_line(lambda: contacts_import.read_vcards(path), path)
