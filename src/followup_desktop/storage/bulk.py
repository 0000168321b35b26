"""Writing many rows with one prepared statement, and reading them back as stored.

Peewee's `insert_many` renders every value of every row into the SQL of each batch (a few
microseconds of Python per value): for an import of a whole export, 260,000 records and some
3 million values, that was two thirds of the time, several times what SQLite itself needed.
Here the statement is written once and SQLite's `executemany` runs it for each row; every value
still passes its field's `db_value`, exactly as peewee would pass it, so the stored rows are the
same.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

import peewee

from followup_desktop.storage.models import BaseModel


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def insert_rows(model: type[BaseModel], fields: Sequence[peewee.Field],
                rows: Iterable[Sequence[object]], *, convert: bool = True) -> None:
    """Insert `rows`, each a sequence of values in the order of `fields`, in the current
    transaction. `convert=False` skips the fields' `db_value` for values that already are what
    SQLite stores (text, whole numbers, booleans, None). Database errors are peewee's
    (IntegrityError, ...), as from a query."""
    db = model._meta.database
    sql = (f"INSERT INTO {_quoted(model._meta.table_name)} "
           f"({', '.join(_quoted(f.column_name) for f in fields)}) "
           f"VALUES ({', '.join('?' for _ in fields)})")
    if convert:
        converters = [f.db_value for f in fields]
        rows = ([to_db(value) for to_db, value in zip(converters, row, strict=True)]
                for row in rows)
    with peewee.__exception_wrapper__:
        db.cursor().executemany(sql, rows)


def stored_rows(model: type[BaseModel], fields: Sequence[peewee.Field]) -> Iterator[tuple]:
    """Every row's values of `fields` in id order, as SQLite holds them: no field's
    `python_value` (instants stay text, booleans 0 or 1), so a whole table is read quickly."""
    db = model._meta.database
    sql = (f"SELECT {', '.join(_quoted(f.column_name) for f in fields)} "
           f"FROM {_quoted(model._meta.table_name)} ORDER BY {_quoted(model.id.column_name)}")
    return iter(db.execute_sql(sql))
