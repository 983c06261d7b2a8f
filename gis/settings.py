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
    # Photos are kept as sent and never decoded here; the limit spares whoever shows them
    # (a 12000 × 12000 PNG is 576 MB of pixels in a browser). 108 MP phone cameras pass.
    max_photo_pixels: int = Field(120_000_000, ge=1, description="largest photo, in pixels")
    max_gpx_bytes: int = Field(10 * 1024 * 1024, ge=1)
    # A day's patrol logged every second is 86 400 points; every map and feed page showing
    # the track carries all of them (1 000 000 vertices made each such page 35 MB).
    max_track_vertices: int = Field(100_000, ge=2, description="vertices per patrol track, "
                                    "after cleaning")
    # A JSON body is parsed whole into Python objects (about 20 × its size at worst): these
    # bound the memory one request can take (tests/test_bad_input_limits.py measures it).
    max_json_bytes: int = Field(16 * 1024 * 1024, ge=1024)
    max_json_items: int = Field(1_000_000, ge=1000)
    stretch_buffer_m: float = Field(20_000, gt=0, description="how far from the border line "
                                    "field geometries may lie")
    passed_marker_distance_m: float = Field(200, gt=0)

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
