"""Pydantic models: what the API answers (responses) and what it accepts (parameters).

Response models are exact so generated clients work: every list is a concrete
``*Page`` envelope, nested references are small named models. Parameter models are one
per list endpoint, inheriting the common list parameters, so the OpenAPI document
describes every filter from one definition and the query layer receives one typed
object instead of a dozen loose arguments.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, field_validator

from app.pagination import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET

MAX_Q_LENGTH = 500
EXCERPT_CHARS = 280

StatementKind = Literal["joint_statement", "remarks", "press_statement", "social_post", "analysis", "quote"]
SpeakerKind = Literal["person", "group", "organization"]
Format = Literal["json", "csv", "ndjson"]
RESPONSE_FORMATS = ("json", "csv", "ndjson")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _iso_date(value: Any) -> Any:
    """Accept only ``YYYY-MM-DD``: pydantic alone would also take timestamps."""
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        raise ValueError("must be an ISO 8601 date (YYYY-MM-DD)")
    return value


def _split_commas(value: Any) -> Any:
    """Let ``facet=a,b`` mean the same as ``facet=a&facet=b``.

    An empty part (``facet=``) is kept, so it is refused like any other unknown value.
    """
    if isinstance(value, list):
        return [part.strip() for item in value for part in str(item).split(",")]
    return value


def _no_control_chars(value: Any) -> Any:
    """Refuse NUL and other control characters: SQLite reads LIKE patterns and FTS5
    queries as C strings, so ``q=%00`` would match everything (or fail in FTS5)."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
QueryText = Annotated[str, BeforeValidator(_no_control_chars)]


# --------------------------------------------------------------------------- responses


class Schema(BaseModel):
    """Base for response models: built from ORM objects or dicts."""

    model_config = ConfigDict(from_attributes=True)


class SpeakerRef(Schema):
    """Who made a statement."""

    id: str = Field(examples=["michael-r-pompeo"])
    name: str = Field(examples=["Michael R. Pompeo"])


class MeetingRef(Schema):
    """Where a statement was made."""

    id: str = Field(examples=["2019-11-14-washington-small-group-ministerial"])
    name: str
    date: date | None


class StatementRef(Schema):
    """The statement a figure was quoted in."""

    id: str
    kind: StatementKind
    title: str | None


class SourceRef(Schema):
    """Where a statement's text stands in a document (raw character offsets)."""

    document_id: str
    start: int = Field(description="Offset of the first character in the raw file.")
    end: int = Field(description="Offset one past the last character in the raw file.")
    complete: bool = Field(description="False when the document holds only part of it.")


class Figure(Schema):
    """A quoted number as structured data, with who said it, where and when."""

    id: str
    statement_id: str
    speaker_id: str
    meeting_id: str | None
    date: date | None
    text: str = Field(description="The figure as written.", examples=["more than $1.2 billion"])
    value: float | None = Field(description="Numeric value in `unit`; null for vague amounts.", examples=[1.2e9])
    unit: str | None = Field(examples=["USD"])
    dimension: str | None = Field(examples=["currency"])
    qualifier: str = Field(examples=["more_than"])
    noun: str | None = Field(description="What is counted.", examples=["stabilization"])
    sentence: str = Field(description="The sentence the figure was quoted in.")
    low: float | None = Field(
        description="Least value the words allow (inclusive); null when they set no lower bound.", examples=[1.2e9]
    )
    high: float | None = Field(
        description="Greatest value the words allow (inclusive); null when they set no upper bound."
    )
    metric_id: str | None = Field(
        description="The metric the figure states (see `/v1/metrics`); null when it fits none.",
        examples=["stabilization-humanitarian-funding"],
    )
    scope: str | None = Field(description="Where the claim applies, for a classified figure.", examples=["iraq"])
    metric_cue: str | None = Field(description="Why the figure was classified: the cue that matched.")
    speaker: SpeakerRef
    meeting: MeetingRef | None
    statement: StatementRef


class Statement(Schema):
    """A statement as listed: ``text`` is an excerpt unless ``include=text`` is given."""

    id: str
    speaker: SpeakerRef
    meeting: MeetingRef | None
    date: date | None
    kind: StatementKind
    title: str | None
    text: str = Field(
        description=f"In lists, the first ~{EXCERPT_CHARS} characters (cut at a word, "
        "ending in '…') unless `include=text`; in the detail, the full text."
    )
    text_truncated: bool = Field(description="Whether `text` is an excerpt.")
    word_count: int
    figure_count: int
    sources: list[SourceRef]
    figures: list[Figure] | None = Field(None, description="The quoted figures; in lists only with `include=figures`.")


class StatementDetail(Statement):
    """A statement with its full text, figures and sources."""

    attribution: str | None = Field(description="The attribution as written in the source.")
    figures: list[Figure]  # type: ignore[assignment]


class Speaker(Schema):
    """A person, group or organization who made statements."""

    id: str = Field(examples=["michael-r-pompeo"])
    name: str
    kind: SpeakerKind
    role: str | None = Field(description="The latest known role.")
    organization: str | None
    aliases: list[str]
    statement_count: int
    first_date: date | None
    last_date: date | None


class Meeting(Schema):
    """A ministerial or other meeting, with the documents that mention it."""

    id: str = Field(examples=["2018-02-13-kuwait-city-ministerial"])
    name: str
    date: date | None
    date_precision: Literal["day", "month", "year"] = Field(description="How much of `date` is known.")
    city: str | None = Field(examples=["Kuwait City"])
    country: str | None
    format: str | None = Field(examples=["full_ministerial"])
    participants: int | None
    statement_count: int
    mentioned_in: list[str] = Field(description="Ids of the documents that mention it.")


class Document(Schema):
    """A source document with its provenance."""

    id: str
    title: str
    publisher: str | None
    url: str | None
    published: date | None
    kind: str | None
    sha256: str = Field(description="Checksum of the file as ingested.")
    size: int = Field(description="File size in bytes.")
    summary: str | None
    statement_count: int


class SearchHit(Schema):
    """A statement matching a full-text query."""

    statement: Statement
    score: float = Field(description="Relevance (BM25, higher is better).")
    snippet: str = Field(description="HTML-escaped text around the best match, matches in <mark></mark>.")


class MetricValue(BaseModel):
    """One point of a metric, as summarised in the metric (see the series for the rest)."""

    figure_id: str
    date: date | None
    scope: str | None
    value: float
    low: float | None
    high: float | None
    qualifier: str
    text: str = Field(examples=["over $20 billion"])


class MetricScope(BaseModel):
    """A metric's points in one scope."""

    id: str | None = Field(description="The scope; null when the text names none.", examples=["iraq"])
    label: str = Field(examples=["Iraq"])
    figure_count: int
    first_date: date | None
    last_date: date | None
    latest: MetricValue | None


class Metric(Schema):
    """A running number the coalition states, with a summary of its series."""

    id: str = Field(examples=["territory-liberated"])
    label: str = Field(examples=["Territory liberated from ISIS"])
    description: str | None
    dimension: str = Field(examples=["percent"])
    unit: str = Field(examples=["percent"])
    cumulative: bool = Field(description="A running total: a later point below an earlier one is flagged.")
    default_scope: str | None = Field(description="The scope of a point whose text names none.")
    figure_count: int
    flag_count: int = Field(description="Flags raised on the series.")
    first_date: date | None
    last_date: date | None
    latest: MetricValue | None = Field(
        description="The most recent point (on one date: the widest scope, then the larger value)."
    )
    scopes: list[MetricScope] = Field(description="The points per scope.")


class MetricDetail(Metric):
    """A metric with the cues that identify it (``data/metrics.yaml``)."""

    cues: list[str] = Field(description="Each cue as written; a figure's `metric_cue` names the one that matched.")


class MetricFlag(Schema):
    """Two points of a series that do not sit well together; it states why, it judges nothing."""

    id: str
    kind: Literal["cumulative_decrease", "same_date_disjoint"]
    reason: str
    figure_id: str = Field(description="The later point (or the second on one date).")
    other_figure_id: str = Field(description="The point it does not sit well with.")


class SeriesPoint(Figure):
    """A figure as a point of its metric's series."""

    change: float | None = Field(
        description="Value minus the value of the previous point of the same scope; null for the first."
    )
    previous_id: str | None = Field(description="That previous point (a figure id).")
    flags: list[MetricFlag] = Field(description="Flags naming this point (as either of their two points).")


class FacetValue(BaseModel):
    """One value of a facet and how many rows of the filtered result have it."""

    value: str
    label: str
    count: int


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """The list envelope; ``next`` is also sent as a ``Link: <...>; rel="next"`` header."""

    items: list[T]
    total: int = Field(description="Rows in the whole filtered result.")
    limit: int
    next: str | None = Field(description="URL of the next page; null on the last page.")
    facets: dict[str, list[FacetValue]] | None = Field(
        None, description="Counts over the whole filtered result, when `facet=` is given."
    )


class StatementPage(Page[Statement]):
    """A page of statements."""


class SpeakerPage(Page[Speaker]):
    """A page of speakers."""


class MeetingPage(Page[Meeting]):
    """A page of meetings."""


class FigurePage(Page[Figure]):
    """A page of figures."""


class DocumentPage(Page[Document]):
    """A page of documents."""


class SearchPage(Page[SearchHit]):
    """A page of search hits."""


class MetricPage(Page[Metric]):
    """A page of metrics."""


class SeriesPage(Page[SeriesPoint]):
    """A page of a metric's series, in date order."""


class Counts(BaseModel):
    """Row counts per resource."""

    statements: int
    speakers: int
    meetings: int
    figures: int
    documents: int
    metrics: int
    metric_flags: int = Field(description="Points of metric series flagged for review.")


class Stats(BaseModel):
    """What the corpus holds and which build it is."""

    data_version: str | None
    built_at: str | None
    counts: Counts
    first_date: date | None
    last_date: date | None


class Health(BaseModel):
    """Liveness and readiness."""

    status: Literal["ok", "unavailable"]
    database: bool
    data_version: str | None


class ProblemItem(BaseModel):
    """One invalid parameter."""

    parameter: str
    message: str
    in_: str | None = Field(None, alias="in")


class Problem(BaseModel):
    """An RFC 9457 problem document (``application/problem+json``)."""

    type: str
    title: str
    status: int
    detail: str
    errors: list[ProblemItem] | None = None


# --------------------------------------------------------------------------- parameters


class ListParams(BaseModel):
    """Parameters every list accepts."""

    id: list[str] = Field(default_factory=list, description="Fetch these records (repeatable).")
    limit: int = Field(
        DEFAULT_LIMIT,
        ge=1,
        le=MAX_LIMIT,
        description="Page size. Exports (csv, ndjson) return everything unless it is given.",
    )
    offset: int = Field(
        0,
        ge=0,
        le=MAX_OFFSET,
        description=f"Skip this many rows (random access; at most {MAX_OFFSET:,}: go deeper with `cursor`).",
    )
    cursor: str | None = Field(None, description="Opaque token from `next`: continue after the previous page.")
    format: Format | None = Field(
        None,
        description="`csv` or `ndjson` stream the whole result for bulk export; "
        "`Accept: text/csv` or `application/x-ndjson` do the same.",
    )

    def output_format(self) -> Format | None:
        """The response format asked for in the query string, if any."""
        return self.format

    @field_validator("cursor")
    @classmethod
    def _no_cursor_with_offset(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and info.data.get("offset"):
            raise ValueError("cannot be combined with offset")
        return value


def _date_range_check(value: date | None, info: ValidationInfo) -> date | None:
    start = info.data.get("date_from")
    if value is not None and start is not None and value < start:
        raise ValueError("must not be before date_from")
    return value


class StatementParams(ListParams):
    """Filters, sort, facets and includes for statements."""

    speaker: list[str] = Field(
        default_factory=list,
        description="Speaker ids (repeatable).",
        examples=[["michael-r-pompeo"]],
    )
    meeting: list[str] = Field(
        default_factory=list,
        description="Meeting ids (repeatable).",
        examples=[["2019-11-14-washington-small-group-ministerial"]],
    )
    document: list[str] = Field(default_factory=list, description="Statements found in these documents (repeatable).")
    kind: list[StatementKind] = Field(default_factory=list, description="Statement kinds.")
    date_from: IsoDate | None = Field(None, description="On or after this date.")
    date_to: IsoDate | None = Field(None, description="On or before this date.")
    q: QueryText | None = Field(
        None,
        min_length=1,
        max_length=MAX_Q_LENGTH,
        description='Full-text query: words, "phrases", OR, NOT, prefix*.',
        examples=["stabilization"],
    )
    has_figures: bool | None = Field(None, description="Only statements with (or without) figures.")
    sort: Literal["date", "-date", "relevance"] | None = Field(
        None, description="Default: `relevance` with `q`, else `date`. The id breaks ties."
    )
    facet: Annotated[list[Literal["speaker", "meeting", "kind", "year"]], BeforeValidator(_split_commas)] = Field(
        default_factory=list, description="Add counts per value (repeatable)."
    )
    include: Annotated[list[Literal["text", "figures"]], BeforeValidator(_split_commas)] = Field(
        default_factory=list, description="`text`: full text in lists; `figures`: embed figures."
    )

    _check_dates = field_validator("date_to")(_date_range_check)


class SearchParams(ListParams):
    """A full-text query and the statement filters that narrow it."""

    q: QueryText = Field(
        min_length=1,
        max_length=MAX_Q_LENGTH,
        description='Words (all must match), "phrases", OR, NOT, prefix*, (groups).',
        examples=["stabilization"],
    )
    speaker: list[str] = Field(default_factory=list, description="Speaker ids (repeatable).")
    meeting: list[str] = Field(default_factory=list, description="Meeting ids (repeatable).")
    kind: list[StatementKind] = Field(default_factory=list, description="Statement kinds.")
    date_from: IsoDate | None = Field(None, description="On or after this date.")
    date_to: IsoDate | None = Field(None, description="On or before this date.")
    facet: Annotated[list[Literal["speaker", "meeting", "kind", "year"]], BeforeValidator(_split_commas)] = Field(
        default_factory=list, description="Add counts per value (repeatable)."
    )

    _check_dates = field_validator("date_to")(_date_range_check)


class FigureParams(ListParams):
    """Filters, sort and facets for figures."""

    dimension: list[str] = Field(default_factory=list, description="e.g. `currency`, `count`, `percent`.")
    unit: list[str] = Field(default_factory=list, description="e.g. `USD`.")
    qualifier: list[str] = Field(
        default_factory=list, description="e.g. `exact`, `more_than`, `nearly`, `approximately`."
    )
    min_value: float | None = Field(None, allow_inf_nan=False, description="Value at least this (in its unit).")
    max_value: float | None = Field(None, allow_inf_nan=False, description="Value at most this (in its unit).")
    speaker: list[str] = Field(default_factory=list, description="Speaker ids (repeatable).")
    meeting: list[str] = Field(default_factory=list, description="Meeting ids (repeatable).")
    statement: list[str] = Field(default_factory=list, description="Statement ids (repeatable).")
    metric: list[str] = Field(
        default_factory=list,
        description="Metric ids (repeatable; see `/v1/metrics`).",
        examples=[["territory-liberated"]],
    )
    date_from: IsoDate | None = Field(None, description="On or after this date.")
    date_to: IsoDate | None = Field(None, description="On or before this date.")
    q: QueryText | None = Field(
        None,
        min_length=1,
        max_length=MAX_Q_LENGTH,
        description="Words that must all appear in the sentence or the noun.",
        examples=["stabilization"],
    )
    sort: Literal["value", "-value", "date", "-date"] = Field(
        "date", description="The id breaks ties; figures without a value/date come last."
    )
    facet: Annotated[
        list[Literal["speaker", "meeting", "year", "dimension", "unit", "qualifier", "metric"]],
        BeforeValidator(_split_commas),
    ] = Field(default_factory=list, description="Add counts per value (repeatable).")

    _check_dates = field_validator("date_to")(_date_range_check)

    @field_validator("max_value")
    @classmethod
    def _value_range(cls, value: float | None, info: ValidationInfo) -> float | None:
        low = info.data.get("min_value")
        if value is not None and low is not None and value < low:
            raise ValueError("must not be less than min_value")
        return value


class SpeakerParams(ListParams):
    """Filters, sort and facets for speakers."""

    q: QueryText | None = Field(
        None,
        min_length=1,
        max_length=MAX_Q_LENGTH,
        description="Part of the name or of an alias (case-insensitive).",
        examples=["pompeo"],
    )
    kind: list[SpeakerKind] = Field(default_factory=list, description="Speaker kinds.")
    organization: list[str] = Field(default_factory=list, description="Organization, exact (case-insensitive).")
    sort: Literal["name", "-statement_count"] = Field("name", description="The id breaks ties.")
    facet: Annotated[list[Literal["kind", "organization"]], BeforeValidator(_split_commas)] = Field(
        default_factory=list, description="Add counts per value (repeatable)."
    )


class MeetingParams(ListParams):
    """Filters, sort and facets for meetings.

    The issue asks both for a ``format`` filter on meetings and for ``format=csv`` on
    every list; the two sets of values are disjoint, so one parameter serves both.
    """

    year: list[Annotated[int, Field(ge=1, le=9999)]] = Field(
        default_factory=list, description="Calendar years (repeatable)."
    )
    date_from: IsoDate | None = Field(None, description="On or after this date.")
    date_to: IsoDate | None = Field(None, description="On or before this date.")
    city: list[str] = Field(
        default_factory=list, description="City, exact (case-insensitive).", examples=[["Kuwait City"]]
    )
    format: list[str] = Field(  # type: ignore[assignment]
        default_factory=list,
        description="Repeatable. `json`, `csv` and `ndjson` choose the response format (as on "
        "every list); any other value filters by meeting format: `full_ministerial`, "
        "`small_group_ministerial`, `working_group`, `conference`, `summit`.",
        examples=[["full_ministerial"]],
    )
    sort: Literal["date", "-date"] = Field("date", description="The id breaks ties.")
    facet: Annotated[list[Literal["year", "format", "city"]], BeforeValidator(_split_commas)] = Field(
        default_factory=list, description="Add counts per value (repeatable)."
    )

    _check_dates = field_validator("date_to")(_date_range_check)

    def output_format(self) -> Format | None:
        """The response format among the ``format`` values, if any."""
        chosen = [f for f in self.format if f in RESPONSE_FORMATS]
        return chosen[-1] if chosen else None  # type: ignore[return-value]

    def meeting_formats(self) -> list[str]:
        """The ``format`` values that filter meetings."""
        return [f for f in self.format if f not in RESPONSE_FORMATS]


class DocumentParams(ListParams):
    """Filters, sort and facets for documents."""

    kind: list[str] = Field(default_factory=list, description="e.g. `transcript`, `analysis`, `press_release`.")
    meeting: list[str] = Field(default_factory=list, description="Documents mentioning these meetings.")
    sort: Literal["published", "-published", "title"] = Field(
        "published", description="The id breaks ties; undated documents come last."
    )
    facet: Annotated[list[Literal["kind", "year"]], BeforeValidator(_split_commas)] = Field(
        default_factory=list, description="Add counts per value (repeatable)."
    )


class MetricParams(ListParams):
    """Filters for metrics (listed in the taxonomy's order)."""

    dimension: list[str] = Field(
        default_factory=list, description="e.g. `percent`, `count`, `currency`.", examples=[["percent"]]
    )
    cumulative: bool | None = Field(None, description="Only running totals (or only the others).")


class SeriesParams(ListParams):
    """Filters for a metric's series."""

    scope: list[str] = Field(
        default_factory=list,
        description="Scopes (repeatable; see the metric's `scopes`). `change` is always from the previous "
        "point of the same scope, so filtering does not change it.",
        examples=[["iraq-and-syria"]],
    )


class ChartParams(BaseModel):
    """What a chart draws."""

    scope: list[str] = Field(default_factory=list, description="Draw only these scopes (repeatable).")
