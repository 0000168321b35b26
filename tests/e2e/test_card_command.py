"""`followup-desktop card`: the handwritten-card template of a follow-up's note as a PDF, from
the command line, checked with poppler's pdfinfo and pdftotext."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from test_cli import assert_one_line_error, ok, run

POINTS = {"a6": (297.6, 419.5), "5x7": (360.0, 504.0), "a2": (306.0, 396.0)}


def pdf_info(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                         check=True).stdout
    return {key.strip(): value.strip() for key, _, value in
            (line.partition(":") for line in out.splitlines())}


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def sign_as(data_dir: Path, name: str) -> None:
    """The user's name, as the composer or Preferences would store it."""
    from followup_desktop.services import sender
    from followup_desktop.services.backend import Backend

    with Backend(data_dir) as backend:
        sender.set_sender_name(backend, name)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("card") / "demo"
    ok(run(data_dir, "demo"))
    sign_as(data_dir, "Sam Rivera")
    return data_dir


def test_a_card_without_the_users_name_is_refused(tmp_path: Path) -> None:
    from followup_desktop.services import settings
    from followup_desktop.services.backend import Backend

    data_dir = tmp_path / "unsigned"
    ok(run(data_dir, "demo"))
    with Backend(data_dir) as backend, backend.write():  # the sample's name forgotten
        settings.save("sender_name", "")
    items = json.loads(ok(run(data_dir, "due", "--json")).stdout)["items"]
    item = next(item for item in items if item["contact"])
    result = run(data_dir, "card", str(item["id"]), "-o", str(tmp_path / "card.pdf"))
    assert_one_line_error(result, r"Your name is not set, so the note cannot be signed")
    assert not (tmp_path / "card.pdf").exists()


@pytest.fixture(scope="module")
def due_item(demo_dir: Path) -> dict:
    """A due follow-up of the sample data that has a person to write to."""
    items = json.loads(ok(run(demo_dir, "due", "--json")).stdout)["items"]
    return next(item for item in items if item["contact"])


@pytest.mark.parametrize("size", ["a6", "5x7", "a2"])
def test_each_card_size_has_its_page_size_and_the_note(demo_dir: Path, due_item: dict,
                                                       tmp_path: Path, size: str) -> None:
    target = tmp_path / f"card-{size}.pdf"
    result = run(demo_dir, "card", str(due_item["id"]), "-o", str(target), "--size", size,
                 "--envelope")
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(rf"Wrote .*card-{size}\.pdf \(\d+ pages?, {size}\)\n",
                        result.stdout)
    info = pdf_info(target)
    width, height = (float(n) for n in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert (width, height) == pytest.approx(POINTS[size], abs=1)
    assert int(info["Pages"]) >= 2  # the card and its envelope
    text = pdf_text(target)
    assert due_item["contact"]["name"] in text
    assert due_item["company"]["name"] in " ".join(text.split())
    assert "Sam Rivera" in text and "[add" not in text


def test_an_unknown_action_exits_2(demo_dir: Path, tmp_path: Path) -> None:
    result = run(demo_dir, "card", "424242", "-o", str(tmp_path / "x.pdf"))
    assert_one_line_error(result, r"424242")
    assert not (tmp_path / "x.pdf").exists()


def test_an_unwritable_target_exits_2(demo_dir: Path, due_item: dict, tmp_path: Path) -> None:
    result = run(demo_dir, "card", str(due_item["id"]), "-o",
                 str(tmp_path / "missing" / "card.pdf"))
    assert_one_line_error(result, r"cannot be written")


def test_an_unknown_size_is_refused_by_the_parser(demo_dir: Path, due_item: dict,
                                                  tmp_path: Path) -> None:
    result = run(demo_dir, "card", str(due_item["id"]), "-o", str(tmp_path / "c.pdf"),
                 "--size", "a5")
    assert result.returncode == 2 and "invalid choice: 'a5'" in result.stderr
