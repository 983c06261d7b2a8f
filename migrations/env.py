"""Alembic environment: the schema is plain SQL in versions/, run against DATABASE_URL."""

from alembic import context
from sqlalchemy import create_engine, pool

from gis.db import sqlalchemy_url

url = context.config.get_main_option("sqlalchemy.url") or sqlalchemy_url()
engine = create_engine(url, poolclass=pool.NullPool)

with engine.connect() as connection:
    context.configure(connection=connection, transaction_per_migration=True)
    with context.begin_transaction():
        context.run_migrations()
