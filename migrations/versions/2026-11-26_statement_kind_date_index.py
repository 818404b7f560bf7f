"""Statements by kind in date order: ``(kind, date, id)`` replaces ``(kind)``.

A list filtered by kind pages in date order; with this index a deep ``offset`` is
skipped on the index alone and a page is read in order, without sorting the kind.

Revision ID: b3c81f0e6a27
Revises: 7d1c0a2e5b94
Create Date: 2026-11-26 09:00:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "b3c81f0e6a27"
down_revision: str | Sequence[str] | None = "7d1c0a2e5b94"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statements_kind"))
        batch_op.create_index("ix_statements_kind_date", ["kind", "date", "id"], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("statements", schema=None) as batch_op:
        batch_op.drop_index("ix_statements_kind_date")
        batch_op.create_index(batch_op.f("ix_statements_kind"), ["kind"], unique=False)
