"""``statement_items`` keyed, in SQLite, by its statement's rowid.

The items were a ``WITHOUT ROWID`` table keyed by the 32-character statement id, so they
lay in id order, that is, at random: a speaker's page of 50 read 50 leaf pages found by
text comparisons. Now each item's rowid is its statement's rowid, and the build writes
the statements in the order of the ``(speaker_id, date, id)`` index, so a page joins
its items by integer key, mostly on consecutive pages. Existing items are kept, each
moved to its statement's rowid. PostgreSQL keeps the same table (it joins by
``statement_id``).

Revision ID: c4e7a1d9b205
Revises: 9a4f2c6e1d83
Create Date: 2026-11-26 13:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "c4e7a1d9b205"
down_revision: str | Sequence[str] | None = "9a4f2c6e1d83"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuild(with_rowid: bool) -> None:
    op.create_table(
        "statement_items_new",
        sa.Column("statement_id", sa.String(length=32), nullable=False),
        sa.Column("item", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["statement_id"], ["statements.id"]),
        sa.PrimaryKeyConstraint("statement_id"),
        sqlite_with_rowid=with_rowid,
    )
    rowid = ("rowid, ", "s.rowid, ") if with_rowid else ("", "")
    op.execute(
        f"INSERT INTO statement_items_new ({rowid[0]}statement_id, item) "
        f"SELECT {rowid[1]}i.statement_id, i.item "
        "FROM statement_items i JOIN statements s ON s.id = i.statement_id ORDER BY s.rowid"
    )
    op.drop_table("statement_items")
    op.rename_table("statement_items_new", "statement_items")


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(with_rowid=True)


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        _rebuild(with_rowid=False)
