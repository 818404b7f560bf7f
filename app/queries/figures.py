"""Queries over quoted figures.

Figures carry copies of their statement's speaker, meeting and date, so every filter
and sort runs on the one table. The list is a hot path (see :mod:`app.queries.raw`): a
JSON page selects the ids and sort keys its index holds and embeds items rendered once
per data version (:data:`FIGURE_ITEMS`); an export reads the columns and names the
statement, speaker and meeting from references cached the same way. The detail and the
metric series load ORM objects (:data:`LOAD`, :func:`fields`).

A sort on a nullable column (``value``, ``date``) puts NULLs last with a ``coalesce``
sentinel; when the filters exclude NULLs (a value range, a date range), or the column
has none, the key is the bare column, which ``(unit, value, id)`` and ``(date, id)``
serve in order. Both keys give the same order and the same cursor values.
"""

from __future__ import annotations

from typing import Any

import orjson
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.interfaces import ORMOption

from app import models as m
from app import schemas as s
from app.queries import raw
from app.queries.common import escape_like, get_or_404
from app.queries.raw import Keyset, RawFacet, RawListing, Reader, placeholders
from app.queries.refs import meeting_refs, speaker_refs, statement_refs

_LAST_DATE = "9999-12-31"
_FIRST_DATE = "0000-01-01"
_HUGE = 1e308
_REFS = ("speaker", "meeting", "statement")
FIELDS = tuple(name for name in s.Figure.model_fields if name not in _REFS)

# The statement, speaker and meeting an item names come from raw.refs (cached per data
# version), not from joins; a figure carries its statement's speaker and meeting ids.
# Each column read costs (the row decode is most of a page's SQL time): read each once.
_SOURCE = "figures f"
_COLUMNS = ", ".join(f'f."{name}"' for name in FIELDS)
_SPEAKER_AT, _MEETING_AT, _STATEMENT_AT = (FIELDS.index(f"{ref}_id") for ref in _REFS)

FACETS = {
    "speaker": RawFacet("f.speaker_id", "fsp.name", " LEFT JOIN speakers fsp ON fsp.id = f.speaker_id"),
    "meeting": RawFacet("f.meeting_id", "fm.name", " LEFT JOIN meetings fm ON fm.id = f.meeting_id"),
    "year": RawFacet("substr(f.date, 1, 4)", "substr(f.date, 1, 4)"),
    "dimension": RawFacet("f.dimension", "f.dimension"),
    "unit": RawFacet("f.unit", "f.unit"),
    "qualifier": RawFacet("f.qualifier", "f.qualifier"),
    "metric": RawFacet("f.metric_id", "fmt.label", " LEFT JOIN metrics fmt ON fmt.id = f.metric_id"),
}


def _has_nulls(reader: Reader, column: str) -> bool:
    """Whether any figure has no ``column`` (asked once per data version, through its index)."""
    return raw.cached(
        reader,
        ("figures-null", column),
        lambda: reader.one(f"SELECT 1 FROM figures WHERE {column} IS NULL LIMIT 1") is not None,
    )


def sort_for(reader: Reader, name: str, p: s.FigureParams) -> Keyset:
    """The keyset sort for one of ``value``, ``-value``, ``date``, ``-date``."""
    descending = name.startswith("-")
    column = name.lstrip("-")
    if column == "value":
        bounded = p.min_value is not None or p.max_value is not None
        key = f"coalesce(f.value, {-_HUGE if descending else _HUGE!r})"
    else:
        bounded = p.date_from is not None or p.date_to is not None
        key = f"coalesce(f.date, '{_FIRST_DATE if descending else _LAST_DATE}')"
    if bounded or not _has_nulls(reader, column):
        key = f"f.{column}"
    return Keyset(name=name, keys=(key, "f.id"), descending=descending)


def _where(p: s.FigureParams) -> tuple[tuple[str, ...], tuple[Any, ...]]:
    where: list[str] = []
    params: list[Any] = []
    for column, values in (
        ("f.id", p.id),
        ("f.dimension", p.dimension),
        ("f.unit", p.unit),
        ("f.qualifier", p.qualifier),
        ("f.speaker_id", p.speaker),
        ("f.meeting_id", p.meeting),
        ("f.statement_id", p.statement),
        ("f.metric_id", p.metric),
    ):
        if values:
            where.append(f"{column} IN ({placeholders(values)})")
            params.extend(values)
    for condition, value in (
        ("f.value >= ?", p.min_value),
        ("f.value <= ?", p.max_value),
        ("f.date >= ?", p.date_from),
        ("f.date <= ?", p.date_to),
    ):
        if value is not None:
            where.append(condition)
            params.append(value if isinstance(value, float | int) else value.isoformat())
    if p.q:
        for word in p.q.split():  # case-insensitive substring, the user's % and _ taken literally
            where.append("(lower(f.sentence) LIKE lower(?) ESCAPE '\\' OR lower(f.noun) LIKE lower(?) ESCAPE '\\')")
            pattern = f"%{escape_like(word)}%"
            params.extend((pattern, pattern))
    return tuple(where), tuple(params)


def _to_items(reader: Reader, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    speakers = speaker_refs(reader, [row[_SPEAKER_AT] for row in rows])
    meetings = meeting_refs(reader, [row[_MEETING_AT] for row in rows])
    statements = statement_refs(reader, [row[_STATEMENT_AT] for row in rows])
    items = []
    for row in rows:
        item = dict(zip(FIELDS, row, strict=True))
        item["speaker"] = speakers[row[_SPEAKER_AT]]
        meeting_id = row[_MEETING_AT]
        item["meeting"] = meetings[meeting_id] if meeting_id is not None else None
        item["statement"] = statements[row[_STATEMENT_AT]]
        items.append(item)
    return items


# A JSON page's items, rendered once per data version and kept in memory by figure id (the
# most recent 20,000, about 20 MB): a page then selects only ids and sort keys, which its
# index holds, and skips decoding 18 columns a row and building the items (two thirds of
# a 50-item page's CPU). The build stores the statements' items (``statement_items``); the
# figures' would make the file half as large again, so they are rendered where they are read.
FIGURE_ITEMS = 20_000


def _render(reader: Reader, ids: list[Any]) -> dict[Any, Any]:
    rows = reader.all(f"SELECT {_COLUMNS} FROM {_SOURCE} WHERE f.id IN ({placeholders(ids)})", ids)
    return {item["id"]: orjson.Fragment(orjson.dumps(item)) for item in _to_items(reader, rows)}


def items_by_id(reader: Reader, ids: list[Any]) -> list[Any]:
    """The items of these figures as JSON fragments, rendered at most once per data
    version (:data:`FIGURE_ITEMS`)."""
    found = raw.remembered(reader, "figure-items", ids, lambda missing: _render(reader, missing), FIGURE_ITEMS)
    return [found[i] for i in ids]


def rendered_items(reader: Reader, rows: list[tuple[Any, ...]]) -> list[Any]:
    """:func:`items_by_id` for rows that start with the figure's id (a page's rows)."""
    return items_by_id(reader, [row[0] for row in rows])


_RENDERED = raw.Rendered(column="f.id", to_items=rendered_items)


def listing(reader: Reader, p: s.FigureParams) -> RawListing:
    """Figures for a list request."""
    where, params = _where(p)
    return RawListing(
        name="figures",
        alias="f",
        columns=_COLUMNS,
        source=_SOURCE,
        filter_source="figures f",
        source_params=(),
        where=where,
        params=params,
        sort=sort_for(reader, p.sort, p),
        to_items=_to_items,
        facets=FACETS,
        rendered=_RENDERED,
    )


LOAD: tuple[ORMOption, ...] = (
    joinedload(m.Figure.statement).joinedload(m.Statement.speaker),
    joinedload(m.Figure.statement).joinedload(m.Statement.meeting),
)


def to_schema(figure: m.Figure, statement: m.Statement | None = None) -> s.Figure:
    """A figure with its statement, speaker and meeting (from ``statement`` if given)."""
    return s.Figure(**fields(figure, statement))


def fields(figure: m.Figure, statement: m.Statement | None = None) -> dict[str, Any]:
    """The fields of :class:`~app.schemas.Figure` (shared with metric series points)."""
    st = statement if statement is not None else figure.statement
    return dict(
        id=figure.id,
        statement_id=figure.statement_id,
        speaker_id=figure.speaker_id,
        meeting_id=figure.meeting_id,
        date=figure.date,
        text=figure.text,
        value=figure.value,
        unit=figure.unit,
        dimension=figure.dimension,
        qualifier=figure.qualifier,
        noun=figure.noun,
        sentence=figure.sentence,
        low=figure.low,
        high=figure.high,
        metric_id=figure.metric_id,
        scope=figure.scope,
        metric_cue=figure.metric_cue,
        speaker=s.SpeakerRef.model_validate(st.speaker),
        meeting=s.MeetingRef.model_validate(st.meeting) if st.meeting is not None else None,
        statement=s.StatementRef.model_validate(st),
    )


def get(session: Session, figure_id: str) -> s.Figure:
    """One figure or a 404."""
    return to_schema(get_or_404(session, m.Figure, figure_id, *LOAD))
