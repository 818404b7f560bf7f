"""Metrics: the metric taxonomy with series summaries, consistency flags, and on each
figure its bounds, metric, scope and the cue that classified it.

Revision ID: 7d1c0a2e5b94
Revises: 3feb476473eb
Create Date: 2026-11-25 21:30:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "7d1c0a2e5b94"
down_revision: str | Sequence[str] | None = "3feb476473eb"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FIGURES_METRIC_FK = "fk_figures_metric_id_metrics"


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "metrics",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("cumulative", sa.Boolean(), nullable=False),
        sa.Column("default_scope", sa.String(length=32), nullable=True),
        sa.Column("cues", sa.JSON(), nullable=False),
        sa.Column("figure_count", sa.Integer(), nullable=False),
        sa.Column("flag_count", sa.Integer(), nullable=False),
        sa.Column("first_date", sa.Date(), nullable=True),
        sa.Column("last_date", sa.Date(), nullable=True),
        sa.Column("latest", sa.JSON(), nullable=True),
        sa.Column("scopes", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "metric_flags",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("metric_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("scope", sa.String(length=32), nullable=True),
        sa.Column("figure_id", sa.String(length=32), nullable=False),
        sa.Column("other_figure_id", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["figure_id"], ["figures.id"]),
        sa.ForeignKeyConstraint(["metric_id"], ["metrics.id"]),
        sa.ForeignKeyConstraint(["other_figure_id"], ["figures.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_metric_flags_figure_id"), "metric_flags", ["figure_id"], unique=False)
    op.create_index(op.f("ix_metric_flags_metric_id"), "metric_flags", ["metric_id"], unique=False)
    op.create_index(op.f("ix_metric_flags_other_figure_id"), "metric_flags", ["other_figure_id"], unique=False)

    # Plain ALTER TABLE ... ADD COLUMN, not batch mode: on SQLite batch mode rebuilds the
    # table and recreates its indexes in an arbitrary order, and two ingests must give
    # byte-identical databases. SQLite accepts a REFERENCES clause on an added column.
    op.add_column("figures", sa.Column("low", sa.Float(), nullable=True))
    op.add_column("figures", sa.Column("high", sa.Float(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        op.execute("ALTER TABLE figures ADD COLUMN metric_id VARCHAR(64) REFERENCES metrics (id)")
    else:
        op.add_column("figures", sa.Column("metric_id", sa.String(length=64), nullable=True))
        op.create_foreign_key(FIGURES_METRIC_FK, "figures", "metrics", ["metric_id"], ["id"])
    op.add_column("figures", sa.Column("scope", sa.String(length=32), nullable=True))
    op.add_column("figures", sa.Column("metric_cue", sa.Text(), nullable=True))
    op.create_index(op.f("ix_figures_metric_id"), "figures", ["metric_id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f("ix_figures_metric_id"), table_name="figures")
    sqlite = op.get_bind().dialect.name == "sqlite"
    if not sqlite:
        op.drop_constraint(FIGURES_METRIC_FK, "figures", type_="foreignkey")
    with op.batch_alter_table("figures", schema=None, recreate="always" if sqlite else "auto") as batch_op:
        for column in ("metric_cue", "scope", "metric_id", "high", "low"):
            batch_op.drop_column(column)

    op.drop_index(op.f("ix_metric_flags_other_figure_id"), table_name="metric_flags")
    op.drop_index(op.f("ix_metric_flags_metric_id"), table_name="metric_flags")
    op.drop_index(op.f("ix_metric_flags_figure_id"), table_name="metric_flags")
    op.drop_table("metric_flags")
    op.drop_table("metrics")
