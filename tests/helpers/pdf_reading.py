"""Reading PDFs back with poppler's pdfinfo and pdftotext. The tools are part of the test set-up
(scripts/setup.sh test), so a missing one fails the test with a clear message rather than
skipping what it is there to check."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

_BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} not found: install poppler-utils (bash scripts/setup.sh test does)")
    return path


def pdf_text(path: Path, page: int | None = None) -> str:
    """The text pdftotext finds, bidi marks dropped and Arabic presentation forms unfolded."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    out = subprocess.run([poppler("pdftotext"), *pages, str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return _BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", out))


def page_sizes(path: Path) -> list[tuple[float, float]]:
    info = subprocess.run([poppler("pdfinfo"), str(path)], capture_output=True, text=True,
                          check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    info = subprocess.run([poppler("pdfinfo"), "-f", "1", "-l", str(count), str(path)],
                          capture_output=True, text=True, check=True).stdout
    sizes = [(float(w), float(h)) for w, h in
             re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.MULTILINE)]
    assert len(sizes) == count
    return sizes
