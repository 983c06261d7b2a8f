"""The naive baseline: the FastAPI + GeoAlchemy2 ORM + shapely + ``response_model`` route.

This is the floor to beat, written the way such an endpoint usually starts: rows become ORM
objects, geometries become shapely objects, then dicts, then pydantic models validated and
serialised by FastAPI. It serves the same ``markers_features`` view as our endpoint, in the
same order. Runs in its own environment (bench/.peers/naive); not part of the project.
"""

from __future__ import annotations

import os
from datetime import datetime
from typing import Any

from fastapi import Depends, FastAPI, Query
from geoalchemy2 import Geometry
from geoalchemy2.shape import to_shape
from pydantic import BaseModel
from shapely.geometry import mapping
from sqlalchemy import ARRAY, Float, String, create_engine, func
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

URL = os.environ["NAIVE_DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://", 1)
engine = create_engine(URL, pool_size=10)
SessionLocal = sessionmaker(engine)


class Base(DeclarativeBase):
    pass


class Marker(Base):
    __tablename__ = "markers_features"

    code: Mapped[str] = mapped_column(String, primary_key=True)
    position: Mapped[str] = mapped_column(String)
    chainage_m: Mapped[float] = mapped_column(Float)
    type: Mapped[str] = mapped_column(String)
    status: Mapped[str] = mapped_column(String)
    maintained_by: Mapped[str] = mapped_column(String)
    aliases: Mapped[list[str]] = mapped_column(ARRAY(String))
    section: Mapped[str] = mapped_column(String)
    id_status: Mapped[str] = mapped_column(String)
    source: Mapped[str] = mapped_column(String)
    source_ref: Mapped[str | None] = mapped_column(String)
    licence: Mapped[str] = mapped_column(String)
    coord_status: Mapped[str] = mapped_column(String)
    provenance_note: Mapped[str | None] = mapped_column(String)
    updated_at: Mapped[datetime]
    id: Mapped[int]
    geom = mapped_column(Geometry("POINT", srid=4326))


class MarkerProperties(BaseModel):
    code: str
    position: str
    chainage_m: float
    type: str
    status: str
    maintained_by: str
    aliases: list[str]
    section: str
    id_status: str
    source: str
    source_ref: str | None
    licence: str
    coord_status: str
    provenance_note: str | None
    updated_at: datetime


class Feature(BaseModel):
    type: str = "Feature"
    id: str
    geometry: dict[str, Any] | None
    properties: MarkerProperties


class FeatureCollection(BaseModel):
    type: str = "FeatureCollection"
    numberReturned: int
    features: list[Feature]


def get_session():  # type: ignore[no-untyped-def]
    with SessionLocal() as session:
        yield session


app = FastAPI(title="naive baseline")


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/collections/markers/items", response_model=FeatureCollection)
def items(
    limit: int = Query(100, ge=1, le=10_000),
    offset: int = Query(0, ge=0),
    bbox: str | None = None,
    session: Session = Depends(get_session),
) -> FeatureCollection:
    query = session.query(Marker)
    if bbox:
        xmin, ymin, xmax, ymax = (float(v) for v in bbox.split(","))
        query = query.filter(
            func.ST_Intersects(Marker.geom, func.ST_MakeEnvelope(xmin, ymin, xmax, ymax, 4326))
        )
    rows = query.order_by(Marker.chainage_m, Marker.id).offset(offset).limit(limit).all()
    features = []
    for row in rows:
        geometry = mapping(to_shape(row.geom)) if row.geom is not None else None
        properties = {name: getattr(row, name) for name in MarkerProperties.model_fields}
        features.append(
            Feature(id=row.code, geometry=geometry, properties=MarkerProperties(**properties))
        )
    return FeatureCollection(numberReturned=len(features), features=features)
