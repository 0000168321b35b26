"""CSV tables (RFC 4180) that open correctly in spreadsheet programs, and cannot attack them.

- Encoding: UTF-8 with a byte-order mark. Excel reads a CSV file without one in the legacy
  code page of the machine's locale, which mangles every non-ASCII name; with the BOM it reads
  UTF-8. LibreOffice, Numbers, Google Sheets and Python's csv module (encoding "utf-8-sig") all
  accept it.
- Separator: a comma, and quoting by the csv module; rows end with CRLF as RFC 4180 says. In
  locales whose list separator is a semicolon, Excel puts a double-clicked CSV in one column;
  Data > From Text/CSV reads it right. A "sep=," first line would fix that but makes Excel
  ignore the BOM and other programs see a bogus first row.
- Formula injection (CSV injection): a cell that starts with =, +, -, @, a tab or a carriage
  return is a formula to a spreadsheet, so it gets a leading apostrophe, as OWASP recommends.
  That includes legitimate text such as a phone number "+49 30 …" (shown as '+49 30 …): a cell
  cannot be both safe and a formula, and telling harmless values apart by pattern is exactly
  what attackers defeat. We write no numbers that could be negative (counts, dates, ids), so no
  real number is altered.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(value: str) -> str:
    """The text with a leading apostrophe if a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def cell(value: object) -> str:
    """One value as the text of a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):  # before int: True is an int too
        return "yes" if value else "no"
    if isinstance(value, date):  # and datetime, a subclass
        return value.isoformat()
    return neutralize(str(value))


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The table as UTF-8 bytes with a BOM, the header first."""
    out = io.StringIO(newline="")  # the csv module writes its own CRLF line ends
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerow([cell(name) for name in header])
    writer.writerows([cell(value) for value in row] for row in rows)
    return (BOM + out.getvalue()).encode("utf-8")
