-- Follow-up of employment at 30, 90 and 180 days after the hand-over:
-- each row is due on a day and is closed by a recorded two-way contact.

-- +goose Up
CREATE TABLE follow_ups (
    id            TEXT PRIMARY KEY,
    placement_id  TEXT NOT NULL REFERENCES placements (id),
    worker_id     TEXT NOT NULL REFERENCES workers (id),
    home          TEXT NOT NULL,
    employer_id   TEXT NOT NULL,
    day           INTEGER NOT NULL,
    due           TEXT NOT NULL,
    done_at       {{time}},
    employed      BOOLEAN,
    contact       TEXT NOT NULL DEFAULT '',
    reached       TEXT NOT NULL DEFAULT '',
    reason        TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    actor_name    TEXT NOT NULL DEFAULT '',
    UNIQUE (placement_id, day)
);
CREATE INDEX follow_ups_due ON follow_ups (home, due);
