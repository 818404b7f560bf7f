"""Settings from the environment (prefix ``COALITION_``), validated once at start-up.

Operators configure the service only through environment variables, so the same
image runs anywhere; the defaults serve the bundled corpus from the working folder.
"""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///data/coalition.db"
DEFAULT_MANIFEST = "data/sources.yaml"


class Settings(BaseSettings):
    """Runtime configuration; every field can be set as ``COALITION_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="COALITION_", extra="ignore")

    database_url: str = Field(DEFAULT_DATABASE_URL, description="SQLAlchemy URL of the corpus database.")
    manifest: str = Field(DEFAULT_MANIFEST, description="Source manifest used by ingest.")
    cors_origins: list[str] = Field(default_factory=lambda: ["*"], description="Origins allowed to GET the API.")
    cache_max_age: int = Field(300, ge=0, description="Cache-Control max-age in seconds.")
    query_timeout_ms: int = Field(2000, ge=10, description="A database query running longer is aborted (503).")
    access_log: bool = Field(
        True,
        description="One line per request on standard output (client, request, status, milliseconds), "
        "written in batches at most half a second late.",
    )
    telemetry: bool | None = Field(
        None,
        description="FastAPI's OpenTelemetry traces and metrics: true, false, or unset for on when an "
        "OpenTelemetry provider is set up before the app starts (opentelemetry-instrument) or "
        "FASTAPI_OTEL_AUTO_CONFIGURE is true.",
    )


@lru_cache
def get_settings() -> Settings:
    """Read the environment once; tests clear the cache to change settings."""
    return Settings()
