"""The living record: every save a version kept beside the earlier ones, and an audit no one changes.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE dataset_versions (
            dataset text NOT NULL REFERENCES datasets (name) ON DELETE CASCADE,
            version integer NOT NULL,
            at timestamptz NOT NULL,
            author text NOT NULL,
            reason text NOT NULL,
            action text NOT NULL,
            added integer NOT NULL,
            changed integer NOT NULL,
            removed integer NOT NULL,
            incidents integer NOT NULL,
            columns text[] NOT NULL,
            incidents_sha256 text NOT NULL,
            PRIMARY KEY (dataset, version)
        );
        -- What was saved before versions were kept is its dataset's latest version.
        INSERT INTO dataset_versions
            SELECT name, versions, updated, '', 'saved before versions were kept', 'import', 0, 0, 0,
                   incidents, columns, incidents_sha256
            FROM datasets;

        ALTER TABLE incidents ADD COLUMN version integer NOT NULL DEFAULT 1;
        UPDATE incidents SET version = d.versions FROM datasets d WHERE d.name = incidents.dataset AND d.versions <> 1;
        ALTER TABLE incidents DROP CONSTRAINT incidents_pkey;
        ALTER TABLE incidents ADD PRIMARY KEY (dataset, version, "row");
        ALTER TABLE incidents ALTER COLUMN version DROP DEFAULT;

        ALTER TABLE dataset_documents ADD COLUMN version integer NOT NULL DEFAULT 1;
        UPDATE dataset_documents SET version = d.versions
            FROM datasets d WHERE d.name = dataset_documents.dataset AND d.versions <> 1;
        ALTER TABLE dataset_documents DROP CONSTRAINT dataset_documents_pkey;
        ALTER TABLE dataset_documents ADD PRIMARY KEY (dataset, version, name);
        ALTER TABLE dataset_documents ALTER COLUMN version DROP DEFAULT;

        -- No foreign key: the audit outlives the datasets it speaks of.
        CREATE TABLE audit (
            at timestamptz NOT NULL,
            author text NOT NULL,
            action text NOT NULL,
            dataset text NOT NULL,
            version integer,
            records text[] NOT NULL,
            before jsonb NOT NULL,
            after jsonb NOT NULL,
            reason text NOT NULL
        );
        CREATE INDEX audit_dataset ON audit (dataset, at);
        CREATE INDEX audit_records ON audit USING gin (records);

        -- Appended to, never changed: whatever rights a role holds on the table.
        CREATE FUNCTION audit_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit is only ever appended to';
        END $$;
        CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON audit
            FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();
        CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
            FOR EACH STATEMENT EXECUTE FUNCTION audit_is_append_only();
        """
    )


def downgrade() -> None:
    op.execute(
        """
        DROP TABLE audit;
        DROP FUNCTION audit_is_append_only();
        DELETE FROM incidents i USING datasets d WHERE d.name = i.dataset AND i.version <> d.versions;
        DELETE FROM dataset_documents o USING datasets d WHERE d.name = o.dataset AND o.version <> d.versions;
        ALTER TABLE incidents DROP CONSTRAINT incidents_pkey;
        ALTER TABLE incidents DROP COLUMN version;
        ALTER TABLE incidents ADD PRIMARY KEY (dataset, "row");
        ALTER TABLE dataset_documents DROP CONSTRAINT dataset_documents_pkey;
        ALTER TABLE dataset_documents DROP COLUMN version;
        ALTER TABLE dataset_documents ADD PRIMARY KEY (dataset, name);
        DROP TABLE dataset_versions;
        """
    )
