"""The team store: datasets, their incidents as PostGIS points, their documents, and the stamp.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # PostGIS is an extension only a superuser may create: the README has it done once, by hand.
    op.execute(
        """
        DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis') THEN
                RAISE EXCEPTION 'PostGIS is not installed here: a superuser runs CREATE EXTENSION postgis first';
            END IF;
        END $$
        """
    )
    # One row whose stamp moves with every write: replicas key their caches by it.
    op.execute(
        """
        CREATE TABLE atlas_state (
            one boolean PRIMARY KEY DEFAULT true CHECK (one),
            stamp bigint NOT NULL
        );
        INSERT INTO atlas_state (stamp) VALUES (0);

        CREATE TABLE datasets (
            name text PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
            title text NOT NULL,
            incidents integer NOT NULL,
            versions integer NOT NULL,
            version bigint NOT NULL,
            updated timestamptz NOT NULL DEFAULT now(),
            columns text[] NOT NULL,
            incidents_sha256 text NOT NULL
        );

        CREATE TABLE dataset_documents (
            dataset text NOT NULL REFERENCES datasets (name) ON DELETE CASCADE,
            name text NOT NULL,
            content bytea NOT NULL,
            sha256 text NOT NULL,
            PRIMARY KEY (dataset, name)
        );

        -- No foreign key to datasets: checking it row by row took a third of a million-row COPY.
        -- Writes and deletions touch both tables in one transaction instead.
        CREATE TABLE incidents (
            dataset text NOT NULL,
            "row" bigint NOT NULL,
            id text,
            title text,
            date text,
            date_precision text,
            date_start timestamp,
            date_end timestamp,
            date_label text,
            city text,
            county text,
            state text,
            lat double precision NOT NULL,
            lon double precision NOT NULL,
            location_precision text,
            public_precision text,
            crime_type text,
            attribution text,
            attributed_by text,
            summary text,
            source_name text,
            source_url text,
            source_date text,
            public boolean,
            internal_notes text,
            extra jsonb,
            geom geometry(Point, 4326) GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED,
            PRIMARY KEY (dataset, "row")
        );
        CREATE INDEX incidents_geom ON incidents USING gist (geom);
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE incidents, dataset_documents, datasets, atlas_state")
