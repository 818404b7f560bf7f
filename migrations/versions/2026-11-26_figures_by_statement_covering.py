"""A statement's figures in text order from the index alone: ``(statement_id, start, id)``
replaces ``(statement_id)``.

A statement's detail lists its figures' ids in text order; with the old index each id
and start were read from the figure's row (a table page per figure, then a sort). The
wider index answers the lookup without the table and in order, and still serves every
filter on ``statement_id``.

Revision ID: e5b2d8f3a6c1
Revises: c4e7a1d9b205
Create Date: 2026-11-26 13:10:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "e5b2d8f3a6c1"
down_revision: str | Sequence[str] | None = "c4e7a1d9b205"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_figures_statement_id"))
        batch_op.create_index("ix_figures_statement_start", ["statement_id", "start", "id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("figures", schema=None) as batch_op:
        batch_op.drop_index("ix_figures_statement_start")
        batch_op.create_index(batch_op.f("ix_figures_statement_id"), ["statement_id"], unique=False)
