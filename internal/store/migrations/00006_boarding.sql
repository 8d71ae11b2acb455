-- Temperature readings taken at boarding are sensitive health data, kept
-- apart from the seats so that they can be deleted after the configured
-- number of days while the boarding record (passed or refused, and why)
-- stays.

-- +goose Up
CREATE TABLE temperature_readings (
    id         TEXT PRIMARY KEY,
    seat_id    TEXT NOT NULL,
    worker_id  TEXT NOT NULL,
    celsius    {{float}} NOT NULL,
    taken_at   {{time}} NOT NULL
);
CREATE INDEX temperature_readings_taken ON temperature_readings (taken_at);

ALTER TABLE seats ADD COLUMN arrived_at {{time}};
ALTER TABLE seats ADD COLUMN scanned_by TEXT NOT NULL DEFAULT '';
