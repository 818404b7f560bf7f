"""Corpus-wide facts: counts, date range, data version; and the readiness probe."""

from __future__ import annotations

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from app import models as m
from app import schemas as s


def meta(session: Session) -> dict[str, str]:
    """The key/value facts the ingest wrote about the build."""
    return {row.key: row.value for row in session.scalars(select(m.Meta))}


def data_version(session: Session) -> str | None:
    """The build's data version, or None if the ingest did not record one."""
    return session.scalar(select(m.Meta.value).where(m.Meta.key == "data_version"))


def stats(session: Session) -> s.Stats:
    """Counts per resource, the statements' date range and the build's identity."""
    facts = meta(session)
    counts = select(
        select(func.count()).select_from(m.Statement).scalar_subquery(),
        select(func.count()).select_from(m.Speaker).scalar_subquery(),
        select(func.count()).select_from(m.Meeting).scalar_subquery(),
        select(func.count()).select_from(m.Figure).scalar_subquery(),
        select(func.count()).select_from(m.Document).scalar_subquery(),
        select(func.count()).select_from(m.Metric).scalar_subquery(),
        select(func.count()).select_from(m.MetricFlag).scalar_subquery(),
        select(func.min(m.Statement.date)).scalar_subquery(),
        select(func.max(m.Statement.date)).scalar_subquery(),
    )
    n_st, n_sp, n_me, n_fi, n_do, n_mt, n_fl, first, last = session.execute(counts).one()
    return s.Stats(
        data_version=facts.get("data_version"),
        built_at=facts.get("built_at"),
        counts=s.Counts(
            statements=n_st,
            speakers=n_sp,
            meetings=n_me,
            figures=n_fi,
            documents=n_do,
            metrics=n_mt,
            metric_flags=n_fl,
        ),
        first_date=first,
        last_date=last,
    )


def ping(session: Session) -> None:
    """Touch the schema (not just the file): raises if the database is not usable."""
    session.execute(text("SELECT 1 FROM meta LIMIT 1")).all()
