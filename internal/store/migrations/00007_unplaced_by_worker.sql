-- Why each worker was left out of a run is read by worker (the worker's
-- page asks why the latest run left them out), and a province run writes
-- hundreds of thousands of these rows at once. Keyed by worker first, the
-- table needs no second index; on SQLite it is its own index (WITHOUT
-- ROWID), one B-tree instead of three, which halves the time a large run
-- takes to store them.

-- +goose Up
CREATE TABLE unplaced_by_worker (
    worker_id  TEXT NOT NULL REFERENCES workers (id),
    run_id     TEXT NOT NULL REFERENCES match_runs (id),
    home       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    PRIMARY KEY (worker_id, run_id)
){{without_rowid}};
INSERT INTO unplaced_by_worker (worker_id, run_id, home, reason, detail)
    SELECT worker_id, run_id, home, reason, detail FROM unplaced;
DROP TABLE unplaced;
ALTER TABLE unplaced_by_worker RENAME TO unplaced;

-- +goose Down
CREATE TABLE unplaced_by_run (
    run_id     TEXT NOT NULL REFERENCES match_runs (id),
    worker_id  TEXT NOT NULL REFERENCES workers (id),
    home       TEXT NOT NULL,
    reason     TEXT NOT NULL,
    detail     TEXT NOT NULL,
    PRIMARY KEY (run_id, worker_id)
);
INSERT INTO unplaced_by_run (run_id, worker_id, home, reason, detail)
    SELECT run_id, worker_id, home, reason, detail FROM unplaced;
DROP TABLE unplaced;
ALTER TABLE unplaced_by_run RENAME TO unplaced;
CREATE INDEX unplaced_worker ON unplaced (worker_id);
