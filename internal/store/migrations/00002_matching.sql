-- Match runs and the placements they propose. A worker has at most one live
-- placement (declined, rejected, left and no-show ones free the worker), and
-- vacancies.filled counts the live placements of a vacancy, kept in the same
-- transactions that change them, so that runs never exceed a headcount.

-- +goose Up
CREATE TABLE match_runs (
    id               TEXT PRIMARY KEY,
    actor_id         TEXT NOT NULL,
    actor_name       TEXT NOT NULL,
    scope            TEXT NOT NULL,
    objective        TEXT NOT NULL,
    params_json      TEXT NOT NULL,
    today            TEXT NOT NULL,
    status           TEXT NOT NULL,
    workers          INTEGER NOT NULL DEFAULT 0,
    vacancies        INTEGER NOT NULL DEFAULT 0,
    seats            INTEGER NOT NULL DEFAULT 0,
    arcs             BIGINT NOT NULL DEFAULT 0,
    placed           INTEGER NOT NULL DEFAULT 0,
    priority_workers INTEGER NOT NULL DEFAULT 0,
    priority_placed  INTEGER NOT NULL DEFAULT 0,
    total_score      BIGINT NOT NULL DEFAULT 0,
    unplaced_json    TEXT NOT NULL DEFAULT '',
    stages_json      TEXT NOT NULL DEFAULT '',
    started_at       {{time}} NOT NULL,
    finished_at      {{time}}
);
CREATE INDEX match_runs_started ON match_runs (started_at);

CREATE TABLE placements (
    id           TEXT PRIMARY KEY,
    run_id       TEXT NOT NULL REFERENCES match_runs (id),
    worker_id    TEXT NOT NULL REFERENCES workers (id),
    vacancy_id   TEXT NOT NULL REFERENCES vacancies (id),
    employer_id  TEXT NOT NULL REFERENCES employers (id),
    home         TEXT NOT NULL,
    score        INTEGER NOT NULL,
    parts_json   TEXT NOT NULL,
    distance_km  {{float}} NOT NULL DEFAULT 0,
    state        TEXT NOT NULL,
    live         BOOLEAN NOT NULL DEFAULT TRUE,
    reason       TEXT NOT NULL DEFAULT '',
    created_at   {{time}} NOT NULL,
    updated_at   {{time}} NOT NULL
);
CREATE UNIQUE INDEX placements_live_worker ON placements (worker_id) WHERE live;
CREATE INDEX placements_run ON placements (run_id, state);
CREATE INDEX placements_home ON placements (home, state);
CREATE INDEX placements_employer ON placements (employer_id, state);
CREATE INDEX placements_vacancy ON placements (vacancy_id);

-- Why a worker of a run was not placed, for the worker's page and the
-- run's summary.
CREATE TABLE unplaced (
    run_id     TEXT NOT NULL REFERENCES match_runs (id),
    worker_id  TEXT NOT NULL REFERENCES workers (id),
    home       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    PRIMARY KEY (run_id, worker_id)
);
CREATE INDEX unplaced_worker ON unplaced (worker_id);
