# The API with the bundled corpus; the database is built at image build time, so a
# container starts serving at once and every replica serves the same immutable file.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    COALITION_DATABASE_URL=sqlite:////srv/data/coalition.db \
    COALITION_MANIFEST=/srv/data/sources.yaml

WORKDIR /srv
COPY pyproject.toml README.md alembic.ini ./
COPY app ./app
COPY migrations ./migrations
COPY data ./data
RUN pip install --no-cache-dir . && coalition ingest

EXPOSE 8000
USER nobody
CMD ["coalition", "serve", "--host", "0.0.0.0", "--port", "8000", "--no-build"]
