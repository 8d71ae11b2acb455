-- The foundation: people, partners, vacancies, accounts, audit and imports.
-- Column types in {{braces}} are filled in per dialect (see migrate.go);
-- keys are random UUIDs so that rows distribute by home division later.

-- +goose Up
CREATE TABLE employers (
    id                  TEXT PRIMARY KEY,
    credit_code         TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    division            TEXT NOT NULL,
    address             TEXT NOT NULL DEFAULT '',
    industry            TEXT NOT NULL DEFAULT '',
    contact_name        TEXT NOT NULL DEFAULT '',
    contact_phone_enc   {{bytes}},
    contact_phone_mask  TEXT NOT NULL DEFAULT '',
    created_at          {{time}} NOT NULL,
    updated_at          {{time}} NOT NULL
);

CREATE TABLE workers (
    id              TEXT PRIMARY KEY,
    id_hash         {{bytes}} NOT NULL UNIQUE,
    id_enc          {{bytes}} NOT NULL,
    id_mask         TEXT NOT NULL,
    name            TEXT NOT NULL,
    birth_date      TEXT NOT NULL,
    male            BOOLEAN NOT NULL,
    registered      TEXT NOT NULL,
    phone_enc       {{bytes}} NOT NULL,
    phone_mask      TEXT NOT NULL,
    home            TEXT NOT NULL,
    village         TEXT NOT NULL DEFAULT '',
    occupation      TEXT NOT NULL,
    skill_level     INTEGER NOT NULL DEFAULT 0,
    years           INTEGER NOT NULL DEFAULT 0,
    cert_level      INTEGER NOT NULL DEFAULT 0,
    priority        BOOLEAN NOT NULL DEFAULT FALSE,
    wish_regions    TEXT NOT NULL DEFAULT '',
    min_wage        INTEGER NOT NULL DEFAULT 0,
    available_from  TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    created_at      {{time}} NOT NULL,
    updated_at      {{time}} NOT NULL
);
CREATE INDEX workers_home ON workers (home, name);
CREATE INDEX workers_occupation ON workers (occupation);

CREATE TABLE vacancies (
    id               TEXT PRIMARY KEY,
    employer_id      TEXT NOT NULL REFERENCES employers (id),
    natural_key      TEXT NOT NULL UNIQUE,
    ref              TEXT NOT NULL DEFAULT '',
    occupation       TEXT NOT NULL,
    title            TEXT NOT NULL,
    headcount        INTEGER NOT NULL CHECK (headcount >= 1),
    filled           INTEGER NOT NULL DEFAULT 0,
    wage_min         INTEGER NOT NULL,
    wage_max         INTEGER NOT NULL,
    division         TEXT NOT NULL,
    address          TEXT NOT NULL DEFAULT '',
    lat              {{float}} NOT NULL DEFAULT 0,
    lon              {{float}} NOT NULL DEFAULT 0,
    start_date       TEXT NOT NULL,
    age_min          INTEGER NOT NULL,
    age_max          INTEGER NOT NULL,
    cert_level       INTEGER NOT NULL DEFAULT 0,
    min_years        INTEGER NOT NULL DEFAULT 0,
    housing          BOOLEAN NOT NULL DEFAULT FALSE,
    meals            BOOLEAN NOT NULL DEFAULT FALSE,
    travel_paid      BOOLEAN NOT NULL DEFAULT FALSE,
    contract_months  INTEGER NOT NULL DEFAULT 0,
    state            TEXT NOT NULL,
    created_at       {{time}} NOT NULL,
    updated_at       {{time}} NOT NULL
);
CREATE INDEX vacancies_employer ON vacancies (employer_id);
CREATE INDEX vacancies_occupation ON vacancies (occupation, division);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    username       TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL DEFAULT '',
    role           TEXT NOT NULL,
    division       TEXT NOT NULL DEFAULT '',
    employer_id    TEXT REFERENCES employers (id),
    worker_id      TEXT REFERENCES workers (id),
    password_hash  TEXT NOT NULL,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     {{time}} NOT NULL,
    updated_at     {{time}} NOT NULL
);

-- Sessions and API tokens: only a SHA-256 of the secret is kept.
CREATE TABLE sessions (
    token_hash    TEXT PRIMARY KEY,
    user_id       TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    created_at    {{time}} NOT NULL,
    expires_at    {{time}} NOT NULL,
    last_used_at  {{time}} NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE audit (
    id           TEXT PRIMARY KEY,
    at           {{time}} NOT NULL,
    seq          INTEGER NOT NULL DEFAULT 0,
    actor_id     TEXT NOT NULL,
    actor_name   TEXT NOT NULL,
    action       TEXT NOT NULL,
    object_type  TEXT NOT NULL,
    object_id    TEXT NOT NULL,
    division     TEXT NOT NULL DEFAULT '',
    before_json  TEXT NOT NULL DEFAULT '',
    after_json   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at, seq);
CREATE INDEX audit_object ON audit (object_type, object_id);

CREATE TABLE imports (
    id              TEXT PRIMARY KEY,
    kind            TEXT NOT NULL,
    file_name       TEXT NOT NULL,
    actor_id        TEXT NOT NULL,
    started_at      {{time}} NOT NULL,
    finished_at     {{time}},
    total_rows      INTEGER NOT NULL DEFAULT 0,
    created_rows    INTEGER NOT NULL DEFAULT 0,
    updated_rows    INTEGER NOT NULL DEFAULT 0,
    unchanged_rows  INTEGER NOT NULL DEFAULT 0,
    invalid_rows    INTEGER NOT NULL DEFAULT 0,
    status          TEXT NOT NULL,
    report_json     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX imports_started ON imports (started_at);
