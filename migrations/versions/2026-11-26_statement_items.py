"""Statements' list items, rendered by the build: ``statement_items``.

A page of statements joins each row's rendered JSON instead of building it (see
``app.models.StatementItem``). Empty until the next ingest; the API builds items
itself while it is.

Revision ID: 9a4f2c6e1d83
Revises: 5e0d7c3b9a41
Create Date: 2026-11-26 12:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "9a4f2c6e1d83"
down_revision: str | Sequence[str] | None = "5e0d7c3b9a41"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "statement_items",
        sa.Column("statement_id", sa.String(length=32), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"]),
        sa.PrimaryKeyConstraint("statement_id"),
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("statement_items")
