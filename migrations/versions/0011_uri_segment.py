"""uri_segment(text): a feature id percent-encoded for one segment of a URL path.

Marker and position codes hold characters that cannot stand in a path as they are ("606/1"
would become two segments). PostGIS writes the features and their links, so the encoding is
done in SQL: every byte of the UTF-8 text outside RFC 3986's unreserved characters
(A-Z a-z 0-9 - . _ ~) becomes %XX, as Python's ``urllib.parse.quote(id, safe="")`` does.

Revision ID: 0011
Revises: 0010
"""

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

UPGRADE = r"""
CREATE FUNCTION uri_segment(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN value ~ '^[A-Za-z0-9._~-]*$' THEN value ELSE (
        SELECT string_agg(CASE WHEN ch ~ '^[A-Za-z0-9._~-]$' THEN ch
                               ELSE upper(regexp_replace(encode(convert_to(ch, 'UTF8'), 'hex'),
                                                         '(..)', '%\1', 'g')) END,
                          '' ORDER BY n)
        FROM regexp_split_to_table(value, '') WITH ORDINALITY AS c (ch, n)) END
$$;
"""

DOWNGRADE = "DROP FUNCTION IF EXISTS uri_segment(text);"


def upgrade() -> None:
    op.execute(UPGRADE)


def downgrade() -> None:
    op.execute(DOWNGRADE)
