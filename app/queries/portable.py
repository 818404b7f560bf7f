"""SQL constructs the ORM queries need that SQLite and PostgreSQL spell differently.

The hot paths' raw SQL is rewritten for PostgreSQL in :mod:`app.queries.raw`; the ORM
queries express the same differences as SQLAlchemy constructs compiled per dialect.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, Text, cast, func
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import GenericFunction


class json_elements(GenericFunction[Any]):
    """The elements of a JSON array as rows of text in a ``value`` column."""

    inherit_cache = True


@compiles(json_elements, "sqlite")
def _json_each(element: json_elements, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_each({compiler.process(element.clauses, **kw)})"


@compiles(json_elements, "postgresql")
def _json_array_elements_text(element: json_elements, compiler: SQLCompiler, **kw: Any) -> str:
    return f"json_array_elements_text({compiler.process(element.clauses, **kw)})"


def date_text(column: ColumnElement[Any]) -> ColumnElement[str]:
    """A date as ISO text, so it can be compared with (and coalesced to) text sentinels.

    SQLite stores dates as that text already; PostgreSQL needs the cast.
    """
    return cast(column, String)


def year(column: ColumnElement[Any]) -> ColumnElement[str]:
    """The year of a date, as text (a facet value)."""
    return func.substr(cast(column, Text), 1, 4)
