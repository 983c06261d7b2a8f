"""Runtime settings, read from the environment (prefix ``COTMOC_`` plus ``DATABASE_URL``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_SECRET = "development-only-secret-set-COTMOC_SECRET_KEY"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything the system reads from its environment, with bounds."""

    model_config = SettingsConfigDict(env_prefix="COTMOC_", extra="ignore")

    environment: str = Field("development", pattern="^(development|test|production)$")
    home: Path = Field(PROJECT_ROOT / "var", description="data folder: cluster, photos, logs")
    port: int = Field(8000, ge=1, le=65535)
    host: str = "127.0.0.1"
    database_url: str | None = Field(
        None, validation_alias=AliasChoices("DATABASE_URL", "COTMOC_DATABASE_URL")
    )
    secret_key: str = DEFAULT_SECRET
    public_read: bool = True
    max_features_per_query: int = Field(10_000, ge=1)
    default_features_limit: int = Field(100, ge=1)
    # Field operations (issue 4).
    token_minutes: int = Field(30, ge=1, le=24 * 60, description="lifetime of a login token")
    max_photo_bytes: int = Field(20 * 1024 * 1024, ge=1)
    stretch_buffer_m: float = Field(20_000, gt=0, description="how far from the border line "
                                    "field geometries may lie")
    passed_marker_distance_m: float = Field(200, gt=0)
    # Background map of the field app; the service worker keeps tiles once seen. Empty: no
    # tiles, the layers on a plain background. The server must send CORS headers (OSM does).
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    tile_attribution: str = "© OpenStreetMap contributors"

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        # A forgotten default secret would let anyone mint tokens: refuse it outside
        # development (issue 4).
        if self.environment != "development" and self.secret_key == DEFAULT_SECRET:
            raise ValueError("COTMOC_SECRET_KEY must be set to a private value outside "
                             "development")
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
