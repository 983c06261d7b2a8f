"""The planner settings the API relies on, as settings of the database itself.

The API no longer sends them as the ``options`` startup parameter, which PgBouncer refuses:
``jit = off`` (JIT costs hundreds of milliseconds on the large estimates of big pages) and
``plan_cache_mode = force_custom_plan`` (the best plan of a bbox page depends on the box).
``ALTER DATABASE … SET`` holds for every role that connects, whichever the API uses. It needs
the database's owner or a superuser; another role gets a notice naming the statements, and
the embedded cluster has them as server settings anyway (gis/cluster.py).

Revision ID: 0013
Revises: 0011
"""

from alembic import op

revision = "0013"
down_revision = "0011"
branch_labels = None
depends_on = None

SETTINGS = {"jit": "off", "plan_cache_mode": "force_custom_plan"}


# STATEMENTS runs only for the owner or a superuser; it is built below from SETTINGS.
OWNER_ONLY = """
DO $$
BEGIN
    IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
       OR pg_has_role(current_user, (SELECT datdba FROM pg_database
                                     WHERE datname = current_database()), 'MEMBER') THEN
        STATEMENTS
    ELSE
        RAISE NOTICE 'not the owner of database %: as its owner run ALTER DATABASE % SET '
                     'jit = off; ALTER DATABASE % SET plan_cache_mode = force_custom_plan',
                     current_database(), current_database(), current_database();
    END IF;
END $$;
"""


def _for_owner(statements: str) -> str:
    return OWNER_ONLY.replace("STATEMENTS", statements)


def upgrade() -> None:
    op.execute(
        _for_owner(
            " ".join(
                f"EXECUTE format('ALTER DATABASE %I SET {name} = {value}', current_database());"
                for name, value in SETTINGS.items()
            )
        )
    )


def downgrade() -> None:
    op.execute(
        _for_owner(
            " ".join(
                f"EXECUTE format('ALTER DATABASE %I RESET {name}', current_database());"
                for name in SETTINGS
            )
        )
    )
