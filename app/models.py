"""Database models: the one place the schema is described in Python.

Alembic migrations create the tables; tests run ``alembic check`` so these models and
the migrations cannot drift. Relationships are ``lazy="raise"`` so a forgotten eager
load fails loudly instead of turning a list endpoint into N+1 queries.

IDs are strings derived from content and names (see ``app.ingest.ids``), never from
insertion order: a URL saved today keeps resolving after the corpus grows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """Declarative base shared by every model."""


class Meta(Base):
    """Key/value facts about the build (data version, build time, counts)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Document(Base):
    """One source file from the manifest, with its provenance."""

    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    file: Mapped[str] = mapped_column(String(512))
    title: Mapped[str] = mapped_column(Text)
    publisher: Mapped[str | None] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    kind: Mapped[str | None] = mapped_column(String(32))
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(Integer)
    summary: Mapped[str | None] = mapped_column(Text)
    statement_count: Mapped[int] = mapped_column(Integer, default=0)

    sources: Mapped[list[StatementSource]] = relationship(back_populates="document", lazy="raise")


class Speaker(Base):
    """A person, group or organization that made at least one statement."""

    __tablename__ = "speakers"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(Text, index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    role: Mapped[str | None] = mapped_column(Text)
    organization: Mapped[str | None] = mapped_column(Text, index=True)
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    curated: Mapped[bool] = mapped_column(Boolean, default=False)
    statement_count: Mapped[int] = mapped_column(Integer, default=0)
    first_date: Mapped[date | None] = mapped_column(Date)
    last_date: Mapped[date | None] = mapped_column(Date)

    statements: Mapped[list[Statement]] = relationship(back_populates="speaker", lazy="raise")


class Meeting(Base):
    """A ministerial or other meeting that a statement was made at or a document mentions."""

    __tablename__ = "meetings"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    date: Mapped[date | None] = mapped_column(Date, index=True)
    date_precision: Mapped[str] = mapped_column(String(8), default="day")
    city: Mapped[str | None] = mapped_column(Text, index=True)
    country: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str | None] = mapped_column(String(64), index=True)
    participants: Mapped[int | None] = mapped_column(Integer)
    curated: Mapped[bool] = mapped_column(Boolean, default=False)
    statement_count: Mapped[int] = mapped_column(Integer, default=0)

    statements: Mapped[list[Statement]] = relationship(back_populates="meeting", lazy="raise")
    mentions: Mapped[list[MeetingMention]] = relationship(
        back_populates="meeting", lazy="raise", order_by="MeetingMention.document_id"
    )


class MeetingMention(Base):
    """That a document mentions a meeting (whether or not a statement was made there)."""

    __tablename__ = "meeting_mentions"

    meeting_id: Mapped[str] = mapped_column(ForeignKey("meetings.id"), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), primary_key=True)

    meeting: Mapped[Meeting] = relationship(back_populates="mentions", lazy="raise")


class Statement(Base):
    """One continuous text by one speaker in one setting, merged across its sources."""

    __tablename__ = "statements"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    speaker_id: Mapped[str] = mapped_column(ForeignKey("speakers.id"), index=True)
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    date: Mapped[date | None] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    attribution: Mapped[str | None] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(Integer)
    figure_count: Mapped[int] = mapped_column(Integer, default=0)

    speaker: Mapped[Speaker] = relationship(back_populates="statements", lazy="raise")
    meeting: Mapped[Meeting | None] = relationship(back_populates="statements", lazy="raise")
    sources: Mapped[list[StatementSource]] = relationship(
        back_populates="statement", lazy="raise", order_by="StatementSource.document_id"
    )
    figures: Mapped[list[Figure]] = relationship(back_populates="statement", lazy="raise", order_by="Figure.start")

    __table_args__ = (
        Index("ix_statements_speaker_date", "speaker_id", "date", "id"),
        Index("ix_statements_date_id", "date", "id"),
        Index("ix_statements_kind_date", "kind", "date", "id"),  # a kind's page n without reading n rows
    )


class StatementSource(Base):
    """Where a statement's text stands in one document (raw character offsets)."""

    __tablename__ = "statement_sources"

    statement_id: Mapped[str] = mapped_column(ForeignKey("statements.id"), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id"), primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    complete: Mapped[bool] = mapped_column(Boolean)
    sequence: Mapped[int] = mapped_column(Integer)

    statement: Mapped[Statement] = relationship(back_populates="sources", lazy="raise")
    document: Mapped[Document] = relationship(back_populates="sources", lazy="raise")

    __table_args__ = (Index("ix_statement_sources_document", "document_id", "sequence"),)


class StatementItem(Base):
    """A statement as a list shows it, rendered once by the build: the JSON of its list item.

    A page of statements is the hot path of the API. Building each item (speaker and
    meeting references, excerpt, sources) costs more CPU than finding the rows, so the
    build writes them once (``app.ingest.items``) and a page joins them. The same
    function renders them here and in the API's fallback, and a test compares the two
    for every statement.

    In SQLite an item's rowid is its statement's rowid, and the build writes the
    statements in the order of the ``(speaker_id, date, id)`` index: a page joins its
    items by integer key (PostgreSQL by ``statement_id``), and a speaker's newest 50 lie on
    a dozen consecutive pages instead of 50 pages anywhere in the file (served, a
    speaker's page cost a fifth less CPU; keyed by the 32-character id, the items were
    stored in id order, that is, at random).
    """

    __tablename__ = "statement_items"

    statement_id: Mapped[str] = mapped_column(ForeignKey("statements.id"), primary_key=True)
    item: Mapped[str] = mapped_column(Text)


class Figure(Base):
    """A quoted number in a statement, as structured data.

    Speaker, meeting and date are copied from the statement so figure queries filter
    and sort on one table without joins.
    """

    __tablename__ = "figures"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    statement_id: Mapped[str] = mapped_column(ForeignKey("statements.id"))
    speaker_id: Mapped[str] = mapped_column(ForeignKey("speakers.id"), index=True)
    meeting_id: Mapped[str | None] = mapped_column(ForeignKey("meetings.id"), index=True)
    date: Mapped[date | None] = mapped_column(Date, index=True)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float | None] = mapped_column(Float)
    unit: Mapped[str | None] = mapped_column(String(16))
    dimension: Mapped[str | None] = mapped_column(String(16), index=True)
    qualifier: Mapped[str] = mapped_column(String(16))
    noun: Mapped[str | None] = mapped_column(Text)
    sentence: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    low: Mapped[float | None] = mapped_column(Float)
    high: Mapped[float | None] = mapped_column(Float)
    metric_id: Mapped[str | None] = mapped_column(ForeignKey("metrics.id"), index=True)
    scope: Mapped[str | None] = mapped_column(String(32))
    metric_cue: Mapped[str | None] = mapped_column(Text)

    statement: Mapped[Statement] = relationship(back_populates="figures", lazy="raise")
    flags: Mapped[list[MetricFlag]] = relationship(
        foreign_keys="MetricFlag.figure_id", lazy="raise", order_by="MetricFlag.id", viewonly=True
    )
    flagged_with: Mapped[list[MetricFlag]] = relationship(
        foreign_keys="MetricFlag.other_figure_id", lazy="raise", order_by="MetricFlag.id", viewonly=True
    )

    __table_args__ = (
        Index("ix_figures_unit_value", "unit", "value", "id"),
        Index("ix_figures_date_id", "date", "id"),
        # a statement's figures in text order, from the index alone (a detail's figure ids)
        Index("ix_figures_statement_start", "statement_id", "start", "id"),
    )


class Metric(Base):
    """A curated running number (``data/metrics.yaml``) and a summary of its series.

    The summary (counts, dates, latest value, per-scope figures) is computed by the
    ingest from the classified figures, so the API only reads it.
    """

    __tablename__ = "metrics"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(Text)
    description: Mapped[str | None] = mapped_column(Text)
    dimension: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(16))
    cumulative: Mapped[bool] = mapped_column(Boolean)
    default_scope: Mapped[str | None] = mapped_column(String(32))
    cues: Mapped[list[str]] = mapped_column(JSON, default=list)
    figure_count: Mapped[int] = mapped_column(Integer, default=0)
    flag_count: Mapped[int] = mapped_column(Integer, default=0)
    first_date: Mapped[date | None] = mapped_column(Date)
    last_date: Mapped[date | None] = mapped_column(Date)
    latest: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    scopes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)


class MetricFlag(Base):
    """Two points of a metric's series that do not sit well together, and why."""

    __tablename__ = "metric_flags"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    metric_id: Mapped[str] = mapped_column(ForeignKey("metrics.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    scope: Mapped[str | None] = mapped_column(String(32))
    figure_id: Mapped[str] = mapped_column(ForeignKey("figures.id"), index=True)
    other_figure_id: Mapped[str] = mapped_column(ForeignKey("figures.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
