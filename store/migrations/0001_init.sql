-- corridor store, version 1. Portable SQL: runs unchanged on SQLite and PostgreSQL.
-- Times are RFC 3339 UTC text; JSON documents are text.
CREATE TABLE scenarios (
    name       TEXT PRIMARY KEY,
    version    INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE scenario_versions (
    name       TEXT NOT NULL REFERENCES scenarios (name) ON DELETE CASCADE,
    version    INTEGER NOT NULL,
    body       TEXT NOT NULL,
    edits      INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (name, version)
);

CREATE TABLE saved_queries (
    name       TEXT PRIMARY KEY,
    request    TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE runs (
    id          TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    input       TEXT NOT NULL,
    result      TEXT,
    error       TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    finished_at TEXT
);

CREATE INDEX runs_kind_created ON runs (kind, created_at);
