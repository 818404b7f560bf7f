"""PostgreSQL full-text search: a weighted ``tsvector`` on statements, with a GIN index.

SQLite searches through the FTS5 table the first migration creates; PostgreSQL has its
own full-text search, so there the same job is a stored generated column — the title
weighted A and the text D, both through the ``english`` configuration (Porter stemming,
as FTS5's ``porter`` tokenizer) — kept in step with the row by PostgreSQL itself, and a
GIN index to find matches. On SQLite this revision changes nothing.

Revision ID: 5e0d7c3b9a41
Revises: b3c81f0e6a27
Create Date: 2026-11-26 10:00:00.000000

"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "5e0d7c3b9a41"
down_revision: str | Sequence[str] | None = "b3c81f0e6a27"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCH_VECTOR = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || setweight(to_tsvector('english', text), 'D')"
)


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"ALTER TABLE statements ADD COLUMN search tsvector GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED")
    op.execute("CREATE INDEX ix_statements_search ON statements USING gin (search)")


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX ix_statements_search")
    op.execute("ALTER TABLE statements DROP COLUMN search")
