"""HTTP concerns every list shares: format negotiation, the envelope, exports.

A router builds a :class:`~app.queries.common.Listing` (ORM) or, on the hot paths, a
:class:`~app.queries.raw.RawListing` (SQL, dict rows) and hands it here; this module
decides between the JSON envelope (with ``next`` and a ``Link`` header) and a streamed
CSV/NDJSON export, so every list behaves the same way. Raw listings answer with orjson
bytes: the route's ``response_model`` documents them, the API tests hold them to it.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import types
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar, Union, get_args, get_origin
from urllib.parse import urlencode

import anyio
import anyio.lowlevel
import anyio.to_thread
import orjson
from fastapi import Request, Response
from fastapi.responses import StreamingResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from app.pagination import PageRequest, decode_cursor
from app.queries import raw
from app.queries.common import Listing, iter_listing, run_listing
from app.queries.raw import OverBudget, RawListing, Reader
from app.schemas import Format, ListParams, Page, Problem

T = TypeVar("T")

CSV_TYPE = "text/csv; charset=utf-8"
INLINE_BUDGET = 0.010  # seconds of SQL an answer may take on the event loop
SLOW_QUERIES = 2  # answers computed in worker threads at once
NDJSON_TYPE = "application/x-ndjson"

PROBLEM = {"model": Problem, "content": {"application/problem+json": {}}}
ERRORS: dict[int | str, dict[str, Any]] = {
    400: {**PROBLEM, "description": "Unknown query parameter."},
    422: {**PROBLEM, "description": "Invalid parameter value."},
    503: {**PROBLEM, "description": "Database unavailable or query too slow."},
}
DETAIL_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    404: {**PROBLEM, "description": "No record with this id."},
}
LIST_ERRORS: dict[int | str, dict[str, Any]] = {
    **ERRORS,
    200: {
        "description": "A page (JSON), or the whole result as CSV or NDJSON.",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            NDJSON_TYPE: {"schema": {"type": "string"}},
        },
        "headers": {
            "Link": {"description": 'The next page: `<URL>; rel="next"`.', "schema": {"type": "string"}},
            "X-Total-Count": {"description": "Rows in the filtered result.", "schema": {"type": "integer"}},
        },
    },
}


def negotiate(request: Request, params: ListParams) -> Format:
    """``format=`` wins; otherwise the first of CSV/NDJSON named in ``Accept``; else JSON."""
    chosen = params.output_format()
    if chosen is not None:
        return chosen
    for part in request.headers.get("accept", "").split(","):
        media = part.split(";")[0].strip().lower()
        if media == "text/csv":
            return "csv"
        if media in (NDJSON_TYPE, "application/ndjson"):
            return "ndjson"
        if media in ("application/json", "*/*"):
            return "json"
    return "json"


def list_response(
    request: Request,
    response: Response,
    session: Session,
    params: ListParams,
    listing: Listing,
    page_model: type[Page[Any]],
) -> Page[Any] | Response:
    """Answer a list request in the negotiated format."""
    fmt = negotiate(request, params)
    if fmt != "json":
        return export(request, params, listing, fmt, _item_model(page_model))
    page = PageRequest(limit=params.limit, offset=params.offset, cursor=params.cursor)
    result = run_listing(session, listing, page, list(getattr(params, "facet", [])))
    next_url = _next_url(request, result.next_cursor)
    if next_url is not None:
        response.headers["Link"] = f'<{next_url}>; rel="next"'
    response.headers["X-Total-Count"] = str(result.total)
    return page_model(
        items=result.items,
        total=result.total,
        limit=params.limit,
        next=next_url,
        facets=result.facets,
    )


async def raw_list_response(
    request: Request, reader: Reader, params: ListParams, listing: RawListing, page_model: type[Page[Any]]
) -> Response:
    """Answer a list request from a raw listing: JSON bytes, or a streamed export."""
    fmt = negotiate(request, params)
    if fmt != "json":
        limit = params.limit if "limit" in params.model_fields_set else None
        page = PageRequest(limit=limit, offset=params.offset, cursor=params.cursor)
        if page.cursor is not None:
            decode_cursor(page.cursor, listing.sort)  # type: ignore[arg-type]
        batches = raw.batches(request.app.state.engine, listing, page)
        first = await run_in_threadpool(next, batches, [])
        return _stream(request, itertools.chain([first], batches), fmt, _item_model(page_model))
    page = PageRequest(limit=params.limit, offset=params.offset, cursor=params.cursor)
    facets = list(getattr(params, "facet", []))
    # An FTS5 match costs the work of every match: straight to a thread. The search index's
    # answers are tried inline: it refuses on the loop what it cannot bound (IndexRanker).
    inline = not listing.source_params or listing.ranker is not None
    result = await answer(reader, raw.run, reader, listing, page, facets, inline=inline)
    next_url = _next_url(request, result.next_cursor)
    headers = {"X-Total-Count": str(result.total)}
    if next_url is not None:
        headers["Link"] = f'<{next_url}>; rel="next"'
    body = {"items": result.items, "total": result.total, "limit": params.limit, "next": next_url}
    body["facets"] = result.facets
    return json_response(body, headers)


async def answer(reader: Reader, fn: Callable[..., T], *args: Any, inline: bool = True) -> T:
    """``fn(*args)`` on the event loop if its statements finish within ``INLINE_BUDGET``, else in a thread.

    Most answers of the hot paths are a few index seeks, tens of microseconds, less than
    handing the request to a worker thread and back (about 100 µs of CPU). So they run
    inline, under a budget enforced by SQLite's progress handler; past it, the statement
    is interrupted and the whole answer is computed again in the thread pool, under the
    normal time limit. The event loop is never held longer than the budget by a query.
    PostgreSQL offers no such interrupt from the loop, so there every answer goes to a thread.
    """
    if inline and reader.dialect.inline:
        try:
            with reader.budget(INLINE_BUDGET):
                return fn(*args)
        except OverBudget:
            pass
    return await anyio.to_thread.run_sync(functools.partial(fn, *args), limiter=_slow_queries())


_slow_limiter: anyio.lowlevel.RunVar[anyio.CapacityLimiter] = anyio.lowlevel.RunVar("slow_queries")


def _slow_queries() -> anyio.CapacityLimiter:
    """At most ``SLOW_QUERIES`` long answers at once: on one core more only add memory.

    Each thread holds its own connection and page cache; 32 full-text rankings at once
    took the server past 400 MB. Waiting here does not count against the query time limit.
    """
    try:
        return _slow_limiter.get()
    except LookupError:
        limiter = anyio.CapacityLimiter(SLOW_QUERIES)
        _slow_limiter.set(limiter)
        return limiter


def json_response(body: Any, headers: dict[str, str] | None = None) -> Response:
    """A JSON answer serialised once, by orjson (dates are ISO strings already)."""
    return Response(orjson.dumps(body), media_type="application/json", headers=headers)


def _next_url(request: Request, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("offset", "cursor")]
    kept.append(("cursor", cursor))
    # The request's URL with another query: what URL.replace returns, without splitting it again.
    return f"{str(request.url).partition('?')[0]}?{urlencode(kept)}"


def _item_model(page_model: type[Page[Any]]) -> type[BaseModel]:
    item = page_model.model_fields["items"].annotation
    return get_args(item)[0]  # type: ignore[no-any-return]


def export(
    request: Request, params: ListParams, listing: Listing, fmt: Format, item_model: type[BaseModel]
) -> StreamingResponse:
    """Stream the whole filtered result (from ``cursor``/``offset``, up to an explicit ``limit``).

    The first batch is read before the response starts, so a bad cursor or query still
    gets a proper problem response instead of a truncated body.
    """
    limit = params.limit if "limit" in params.model_fields_set else None
    page = PageRequest(limit=limit, offset=params.offset, cursor=params.cursor)
    if page.cursor is not None:
        decode_cursor(page.cursor, listing.sort)
    models = iter_listing(request.app.state.session_factory, listing, page)
    batches = ([item.model_dump(mode="json", by_alias=True) for item in batch] for batch in models)
    first = next(batches, [])
    return _stream(request, itertools.chain([first], batches), fmt, item_model)


def _stream(
    request: Request, all_batches: Iterator[list[dict[str, Any]]], fmt: Format, item_model: type[BaseModel]
) -> StreamingResponse:
    name = request.url.path.rstrip("/").split("/")[-1] or "export"
    if fmt == "csv":
        return StreamingResponse(
            csv_lines(item_model, all_batches),
            media_type=CSV_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
        )
    return StreamingResponse(ndjson_lines(all_batches), media_type=NDJSON_TYPE)


def ndjson_lines(batches: Iterable[list[dict[str, Any]]]) -> Iterator[bytes]:
    """One JSON object per line, exactly as the item appears in the JSON envelope."""
    for batch in batches:
        yield b"".join(orjson.dumps(item) + b"\n" for item in batch)


def _unwrap_model(annotation: Any) -> type[BaseModel] | None:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        annotation = args[0] if len(args) == 1 else None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for name, field in model.model_fields.items():
        nested = _unwrap_model(field.annotation)
        path = (*prefix, field.alias or name)
        paths.extend(_paths(nested, path) if nested is not None else [path])
    return paths


def csv_columns(model: type[BaseModel]) -> list[tuple[str, ...]]:
    """Column paths of a model: nested models become ``parent_child`` columns, and a nested
    reference that repeats a flat field ("speaker_id" beside speaker.id) gives one column."""
    unique: dict[str, tuple[str, ...]] = {}
    for path in _paths(model):
        unique.setdefault("_".join(path), path)
    return list(unique.values())


def csv_cell(value: Any) -> str:
    """Scalars as in JSON; lists and objects as compact JSON; null as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def csv_row(item: dict[str, Any], columns: list[tuple[str, ...]]) -> list[str]:
    """Flatten one JSON item along ``columns``."""
    row = []
    for path in columns:
        value: Any = item
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        row.append(csv_cell(value))
    return row


def csv_lines(model: type[BaseModel], batches: Iterable[list[dict[str, Any]]]) -> Iterator[str]:
    """A header, then one row per item, flattened from the item's JSON form."""
    # A nested reference can repeat a flat field ("speaker_id" beside speaker.id): one column each.
    columns = csv_columns(model)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["_".join(path) for path in columns])
    yield buffer.getvalue()
    for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        for item in batch:
            writer.writerow(csv_row(item, columns))
        yield buffer.getvalue()
