"""Runtime settings, read from the environment (prefix ``COTMOC_`` plus ``DATABASE_URL``)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# HS256 wants a key of at least 256 bits: 32 characters of a random text are fewer bits than
# that, but a shorter one is surely not random.
MIN_SECRET_KEY_LENGTH = 32
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything the system reads from its environment, with bounds."""

    model_config = SettingsConfigDict(env_prefix="COTMOC_", extra="ignore")

    environment: str = Field("development", pattern="^(development|test|production)$")
    home: Path = Field(PROJECT_ROOT / "var", description="data folder: cluster, photos, logs")
    port: int = Field(8000, ge=1, le=65535)
    host: str = "127.0.0.1"
    workers: int = Field(
        1,
        ge=1,
        le=64,
        description="API worker processes (`cotmoc serve "
        "--workers`); each keeps its own connection pools",
    )
    # Where clients reach the service: every link the API writes starts with it, never with
    # the request's Host header. Unset: http://{host}:{port} (127.0.0.1 for a wildcard host).
    public_url: str | None = Field(None, pattern=r"^https?://[^/?#\s]+(/[^?#\s]*)?$")
    # Origins allowed to read the API from a browser (comma-separated, or *); none by default.
    cors_origins: str = ""
    database_url: str | None = Field(
        None, validation_alias=AliasChoices("DATABASE_URL", "COTMOC_DATABASE_URL")
    )
    owner_database_url: str | None = Field(
        None, description="the role that owns the schema (migrations, backups); else DATABASE_URL"
    )
    secret_key: SecretStr | None = Field(
        None,
        description="signs login tokens; unset, a random key is made on first run and "
        "kept in COTMOC_HOME/secret_key (gis/secret_key.py)",
    )
    read_database_url: str | None = Field(
        None, description="hot standbys for the reading routes, comma-separated (issue 17)"
    )
    changes_on_replicas: bool = Field(
        False,
        description="serve /changes from the standbys too: only with a feed whose "
        "cursor stays correct on a standby (the xid8 snapshot cursor)",
    )
    public_read: bool = True
    max_features_per_query: int = Field(10_000, ge=1)
    default_features_limit: int = Field(100, ge=1)
    # Streamed files (FlatGeobuf) hold a batch of rows in memory, not the file; GDAL keeps
    # about 0.5 kB per feature for the spatial index until the file is closed (measured:
    # 300 000 points took 143 MB with the index, 27 MB without), so 1 M features ≈ 0.5 GB.
    max_features_per_file: int = Field(
        1_000_000, ge=1, description="features in one streamed download (f=fgb)"
    )
    # Field operations (issue 4).
    token_minutes: int = Field(30, ge=1, le=24 * 60, description="lifetime of a login token")
    max_photo_bytes: int = Field(20 * 1024 * 1024, ge=1)
    # Photos are kept as sent and never decoded here; the limit spares whoever shows them
    # (a 12000 × 12000 PNG is 576 MB of pixels in a browser). 108 MP phone cameras pass.
    max_photo_pixels: int = Field(120_000_000, ge=1, description="largest photo, in pixels")
    max_gpx_bytes: int = Field(10 * 1024 * 1024, ge=1)
    # A day's patrol logged every second is 86 400 points; every map and feed page showing
    # the track carries all of them (1 000 000 vertices made each such page 35 MB).
    max_track_vertices: int = Field(
        100_000, ge=2, description="vertices per patrol track, after cleaning"
    )
    # A JSON body is parsed whole into Python objects (about 20 × its size at worst): these
    # bound the memory one request can take (tests/test_bad_input_limits.py measures it).
    max_json_bytes: int = Field(16 * 1024 * 1024, ge=1024)
    max_json_items: int = Field(1_000_000, ge=1000)
    stretch_buffer_m: float = Field(
        20_000, gt=0, description="how far from the border line field geometries may lie"
    )
    passed_marker_distance_m: float = Field(200, gt=0)
    # Background map of the field app; the service worker keeps tiles once seen. Empty: no
    # tiles, the layers on a plain background. The server must send CORS headers (OSM does).
    tile_url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    tile_attribution: str = "© OpenStreetMap contributors"

    @field_validator("secret_key")
    @classmethod
    def _refuse_a_short_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(
                f"COTMOC_SECRET_KEY must hold at least {MIN_SECRET_KEY_LENGTH} "
                "random characters (or leave it unset: a random key is made)"
            )
        return value

    @property
    def public_base_url(self) -> str:
        """The public URL without a trailing slash, e.g. ``https://gis.example.gov/cotmoc``."""
        if self.public_url:
            return self.public_url.rstrip("/")
        host = "127.0.0.1" if self.host in ("", "0.0.0.0", "::") else self.host
        return f"http://{f'[{host}]' if ':' in host else host}:{self.port}"

    @property
    def cors_origin_list(self) -> list[str]:
        """The origins of COTMOC_CORS_ORIGINS as a list."""
        return [
            origin.strip().rstrip("/") for origin in self.cors_origins.split(",") if origin.strip()
        ]


@lru_cache
def get_settings() -> Settings:
    """The settings from the environment, read once."""
    return Settings()
