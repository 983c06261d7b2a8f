"""The schema written once (gis/schema.py) against the migrations, the layers and the
vocabulary: an empty database migrated to head must be what the metadata describes.

Alembic's ``compare_metadata`` checks tables, columns, types, nullability, server defaults,
indexes, unique constraints and foreign keys, but neither CHECK constraints nor views. For
those (and, once more, for the rest) a second database is built from the metadata alone
(``create_all`` and the views' text) and PostgreSQL's own catalog text of both is compared:
``pg_get_constraintdef``, ``pg_get_indexdef``, ``pg_get_viewdef``.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from db_urls import owner_url
from psycopg import sql
from sqlalchemy import CheckConstraint, create_engine, pool

from gis import db, vocabulary
from gis.cluster import EmbeddedCluster
from gis.schema import (
    VIEW_FUNCTIONS,
    VIEWS,
    alembic_options,
    metadata,
    replace_function,
    replace_view,
)
from gis.settings import PROJECT_ROOT
from layers import LAYERS
from layers.base import Layer

# Objects PostGIS makes for itself are not ours to describe.
OURS = sql.SQL("""c.relnamespace = 'public'::regnamespace
          AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')
          AND c.relname <> 'alembic_version'""")

CATALOG = {
    "constraints": sql.SQL("""
        SELECT c.relname, k.conname, pg_get_constraintdef(k.oid)
        FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid WHERE {ours}"""),
    "indexes": sql.SQL("""
        SELECT c.relname, i.relname, pg_get_indexdef(i.oid)
        FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid
        JOIN pg_class i ON i.oid = x.indexrelid WHERE {ours}"""),
    "columns": sql.SQL("""
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        WHERE {ours} AND c.relkind IN ('r', 'v') AND a.attnum > 0 AND NOT a.attisdropped"""),
    "views": sql.SQL("""
        SELECT c.relname, pg_get_viewdef(c.oid) FROM pg_class c
        WHERE {ours} AND c.relkind = 'v'"""),
    # The functions gis/schema.py describes (those the views call), as PostgreSQL writes them.
    "functions": sql.SQL("""
        SELECT p.proname, pg_get_functiondef(p.oid) FROM pg_proc p
        WHERE p.pronamespace = 'public'::regnamespace AND p.proname = ANY({described})"""),
}

# The one shape a vocabulary CHECK takes in pg_get_constraintdef: column = ANY (ARRAY[...]),
# or column = 'value' when the list has one value.
VOCABULARY_CHECK = re.compile(r"^CHECK \(\((\w+) = (ANY \(ARRAY\[.*\]\)|'[^']*'::text)\)\)$")
QUOTED_VALUE = re.compile(r"'((?:[^']|'')*)'::text")

# JSON Schema type (and format) of a layer property -> PostgreSQL types that may hold it.
COMPATIBLE = {
    ("string", None): {"text"},
    ("string", "date"): {"date"},
    ("string", "date-time"): {"timestamp with time zone"},
    ("string", "uuid"): {"uuid"},
    ("number", None): {"double precision", "numeric", "integer", "bigint"},
    ("integer", None): {"integer", "bigint"},
    ("boolean", None): {"boolean"},
    ("array", None): {"text[]"},
}


def _database(cluster: EmbeddedCluster, label: str) -> Iterator[str]:
    name = f"cotmoc_schema_{label}_{os.getpid()}"
    cluster.drop_database(name)
    cluster.prepare_database(name)
    yield cluster.url(name)
    cluster.drop_database(name)


@pytest.fixture(scope="module")
def migrated_db(cluster: EmbeddedCluster) -> Iterator[str]:
    """An empty database migrated to head by the owner role, as in production."""
    for url in _database(cluster, "migrated"):
        db.upgrade(owner_url(url))
        yield url


@pytest.fixture(scope="module")
def metadata_db(cluster: EmbeddedCluster) -> Iterator[str]:
    """A database made from gis/schema.py alone: its tables, the functions its views call
    (their bodies checked when called: they read views made after them), then its views."""
    for url in _database(cluster, "metadata"):
        engine = create_engine(db.sqlalchemy_url(url), poolclass=pool.NullPool)
        metadata.create_all(engine)
        engine.dispose()
        with psycopg.connect(url) as conn:
            conn.execute("SET check_function_bodies = off")
            for name in VIEW_FUNCTIONS:
                conn.execute(replace_function(name))
            for name in VIEWS:
                conn.execute(replace_view(name))
        yield url


def catalog(url: str, part: str) -> set[tuple[Any, ...]]:
    with psycopg.connect(url) as conn:
        query = CATALOG[part].format(ours=OURS, described=sql.Literal(list(VIEW_FUNCTIONS)))
        return {tuple(row) for row in conn.execute(query)}


def differences(migrated: set[tuple[Any, ...]], described: set[tuple[Any, ...]]) -> str:
    only_migrated = "\n".join(f"  {row}" for row in sorted(migrated - described, key=str))
    only_described = "\n".join(f"  {row}" for row in sorted(described - migrated, key=str))
    return (
        f"only in the migrated database:\n{only_migrated or '  -'}\n"
        f"only in gis/schema.py:\n{only_described or '  -'}"
    )


def drift(url: str) -> list[Any]:
    """What Alembic finds between the database and gis/schema.py, as env.py compares them."""
    options = alembic_options()
    del options["target_metadata"], options["process_revision_directives"]
    engine = create_engine(db.sqlalchemy_url(url), poolclass=pool.NullPool)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts=options), metadata)
    engine.dispose()
    return list(diff)


def test_alembic_finds_no_difference(migrated_db: str) -> None:
    diff = drift(migrated_db)
    assert diff == [], f"gis/schema.py and the migrations differ: {diff}"


def test_autogenerate_writes_the_geometry_the_schema_adds(
    cluster: EmbeddedCluster, tmp_path: Path
) -> None:
    """env.py compares with gis/schema.py through geoalchemy2's helpers: a geometry column
    and a GiST index the database lacks come back as a migration that, applied, leaves no
    difference."""
    for url in _database(cluster, "autogenerate"):
        db.upgrade(owner_url(url))
        with psycopg.connect(owner_url(url), autocommit=True) as conn:
            conn.execute("ALTER TABLE photos DROP COLUMN geom")
            conn.execute("DROP INDEX gates_geom_idx")
        config = db.alembic_config(owner_url(url))
        shutil.copytree(PROJECT_ROOT / "migrations", tmp_path / "migrations")
        config.set_main_option("script_location", str(tmp_path / "migrations"))
        head = ScriptDirectory.from_config(config).get_current_head()
        command.revision(config, message="put back", autogenerate=True, rev_id="0999")
        written = (tmp_path / "migrations" / "versions" / "0999_put_back.py").read_text()
        assert "from geoalchemy2 import Geometry" in written
        assert re.search(
            r"add_geospatial_column\('photos', sa\.Column\('geom', "
            r"Geometry\(geometry_type='POINT', srid=4326",
            written,
        ), written
        assert "create_geospatial_index('gates_geom_idx', 'gates', ['geom']" in written
        assert f"down_revision = '{head}'" in written
        command.upgrade(config, "heads")
        assert drift(url) == []


@pytest.mark.parametrize("part", ["constraints", "indexes", "columns", "views", "functions"])
def test_catalog_of_metadata_is_the_migrated_one(
    migrated_db: str, metadata_db: str, part: str
) -> None:
    """CHECKs and view definitions, which autogenerate does not compare, and everything
    else once more, as PostgreSQL itself writes them."""
    migrated, described = catalog(migrated_db, part), catalog(metadata_db, part)
    assert migrated, f"no {part} read: the catalog query is wrong"
    assert migrated == described, differences(migrated, described)


def test_every_table_is_described(migrated_db: str) -> None:
    with psycopg.connect(migrated_db) as conn:
        tables = {
            row[0]
            for row in conn.execute(
                sql.SQL("SELECT c.relname FROM pg_class c WHERE {ours} AND c.relkind = 'r'").format(
                    ours=OURS
                )
            )
        }
    assert tables == set(metadata.tables)
    assert len(tables) >= 21


# --- the vocabulary against the CHECKs the migrated database holds ------------------------


def vocabulary_checks() -> dict[tuple[str, str], type[StrEnum]]:
    """(table, constraint) -> the vocabulary its CHECK is built from, as gis/schema.py says."""
    return {
        (table.name, str(check.name)): check.info["vocabulary"]
        for table in metadata.tables.values()
        for check in table.constraints
        if isinstance(check, CheckConstraint) and "vocabulary" in check.info
    }


def database_value_lists(url: str) -> dict[tuple[str, str], tuple[str, str, list[str]]]:
    """Every CHECK of the form ``column IN (…)`` in the database: its column and values."""
    found = {}
    for table, name, definition in catalog(url, "constraints"):
        shape = VOCABULARY_CHECK.match(definition)
        if shape:
            allowed = [value.replace("''", "'") for value in QUOTED_VALUE.findall(definition)]
            found[(table, name)] = (shape.group(1), definition, allowed)
    return found


def test_vocabulary_is_what_the_database_checks(migrated_db: str) -> None:
    expected = vocabulary_checks()
    in_database = database_value_lists(migrated_db)
    assert set(in_database) == set(expected), (
        "CHECKs of allowed values not built from gis/vocabulary.py (or missing in the "
        f"database): {sorted(set(in_database) ^ set(expected))}"
    )
    for key, kind in expected.items():
        column, definition, allowed = in_database[key]
        assert allowed == list(vocabulary.values(kind)), (
            f"{key[0]}.{column}: the database allows {allowed} ({definition}), "
            f"gis/vocabulary.py {kind.__name__} says {list(vocabulary.values(kind))}"
        )
    assert len(expected) >= 30


# --- the layers against the views (and tables) they read ----------------------------------


def source_columns(url: str) -> dict[str, dict[str, str]]:
    """relation -> column -> its PostgreSQL type, for every table and view of ours."""
    columns: dict[str, dict[str, str]] = {}
    for relation, column, type_name, *_ in catalog(url, "columns"):
        columns.setdefault(relation, {})[column] = type_name
    return columns


def geometry_types(url: str) -> dict[tuple[str, str], str]:
    with psycopg.connect(url) as conn:
        return {
            (t, c): kind
            for t, c, kind in conn.execute(
                "SELECT f_table_name, f_geometry_column, type FROM geometry_columns"
            )
        }


def layer_problems(
    layer: Layer, columns: dict[str, dict[str, str]], geometries: dict[tuple[str, str], str]
) -> list[str]:
    if layer.source not in VIEWS and layer.source not in metadata.tables:
        return [f"{layer.id}: source {layer.source} is neither a view nor a table of gis/schema.py"]
    if layer.source not in columns:
        return [f"{layer.id}: source {layer.source} is not in the migrated database"]
    have = columns[layer.source]
    problems = [
        f"{layer.id}: {what} column {name} is not in {layer.source}"
        for what, name in (
            ("id", layer.id_column),
            ("geometry", layer.geometry_column),
            ("temporal", layer.temporal),
            ("order", layer.order_by),
        )
        if name is not None and name not in have
    ]
    if layer.id_column in have and have[layer.id_column] != layer.id_type:
        problems.append(  # the change feed casts a feature id to it to look the feature up
            f"{layer.id}: id {layer.id_column} is {have[layer.id_column]}, declared {layer.id_type}"
        )
    if have.get(layer.geometry_column, "").split("(")[0] != "geometry":
        problems.append(f"{layer.id}: {layer.geometry_column} is not a geometry column")
    declared = geometries.get((layer.source, layer.geometry_column), "GEOMETRY")
    if declared not in ("GEOMETRY", layer.geometry_type.upper()):
        problems.append(f"{layer.id}: {layer.geometry_type} declared, {declared} stored")
    if layer.temporal and have.get(layer.temporal) not in ("date", "timestamp with time zone"):
        problems.append(f"{layer.id}: temporal column {layer.temporal} is no date or time")
    for prop in layer.properties:
        allowed = COMPATIBLE[(prop.type, prop.format)]
        if prop.name not in have:
            problems.append(f"{layer.id}: property {prop.name} is not in {layer.source}")
        elif have[prop.name] not in allowed:
            problems.append(
                f"{layer.id}: property {prop.name} ({prop.type}/{prop.format}) "
                f"is {have[prop.name]} in {layer.source}"
            )
    return problems


def test_every_layer_reads_what_its_view_has(migrated_db: str) -> None:
    columns, geometries = source_columns(migrated_db), geometry_types(migrated_db)
    problems = [
        problem
        for layer in LAYERS.values()
        for problem in layer_problems(layer, columns, geometries)
    ]
    assert problems == []
    assert len(LAYERS) >= 9
    mistyped = dataclasses.replace(LAYERS["patrols"], id_type="text")  # its ids are uuids
    assert layer_problems(mistyped, columns, geometries) == [
        "patrols: id id is uuid, declared text"
    ]


def test_layer_value_lists_are_the_vocabulary() -> None:
    """A property with allowed values lists those of the CHECK on the column it shows."""
    kinds_by_name: dict[str, set[type[StrEnum]]] = {}
    for table in metadata.tables.values():
        for check in table.constraints:
            if isinstance(check, CheckConstraint) and "vocabulary" in check.info:
                kinds_by_name.setdefault(check.info["column"], set()).add(check.info["vocabulary"])
    checked = 0
    for layer in LAYERS.values():
        for prop in layer.properties:
            if prop.enum is None:
                continue
            values = {vocabulary.values(kind) for kind in kinds_by_name.get(prop.name, ())}
            assert tuple(prop.enum) in values, f"{layer.id}.{prop.name}: {prop.enum}"
            checked += 1
    assert checked >= 15
