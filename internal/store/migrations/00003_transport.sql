-- Point-to-point transport: departure events, the trips planned for them
-- with their stops and seats, and the keys that sign boarding passes.
--
-- An event serves the confirmed placements whose worker's home lies in its
-- organising division and whose vacancy starts within its window; planning
-- moves each of them to "scheduled" and gives it a seat. Seats are the
-- record that boarding works on: boarded_at is set once, by an UPDATE that
-- requires it to be NULL, and a seat's (trip_id, seat_no, worker_id) is what
-- a boarding pass's token names.

-- +goose Up
CREATE TABLE departure_events (
    id             TEXT PRIMARY KEY,
    event_date     TEXT NOT NULL,
    point_name     TEXT NOT NULL,
    point_address  TEXT NOT NULL DEFAULT '',
    lat            {{float}} NOT NULL,
    lon            {{float}} NOT NULL,
    division       TEXT NOT NULL,
    per_hour       INTEGER NOT NULL,
    start_from     TEXT NOT NULL,
    start_to       TEXT NOT NULL,
    status         TEXT NOT NULL,
    -- version grows with every plan and edit, so that a plan computed
    -- outside a transaction is stored only over the version it started from.
    version        INTEGER NOT NULL DEFAULT 0,
    lower_bound    INTEGER NOT NULL DEFAULT 0,
    -- the fleet and rules of the last plan (edits are checked against
    -- them) and its timings
    plan_json      TEXT NOT NULL DEFAULT '',
    planned_at     {{time}},
    created_by     TEXT NOT NULL,
    created_at     {{time}} NOT NULL,
    updated_at     {{time}} NOT NULL
);
CREATE INDEX departure_events_division ON departure_events (division, event_date);

CREATE TABLE trips (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL REFERENCES departure_events (id),
    number          TEXT NOT NULL,
    vehicle         TEXT NOT NULL,
    capacity        INTEGER NOT NULL,
    -- the train a car belongs to; '' for a bus
    train           TEXT NOT NULL DEFAULT '',
    -- for a bus meeting a train: the station it leaves from
    from_station    TEXT NOT NULL DEFAULT '',
    station_name    TEXT NOT NULL DEFAULT '',
    station_lat     {{float}} NOT NULL DEFAULT 0,
    station_lon     {{float}} NOT NULL DEFAULT 0,
    depart_at       {{time}} NOT NULL,
    arrive_at       {{time}} NOT NULL,
    drivers         INTEGER NOT NULL DEFAULT 0,
    km              {{float}} NOT NULL,
    direct_km       {{float}} NOT NULL,
    cost            {{float}} NOT NULL,
    reason          TEXT NOT NULL DEFAULT '',
    timetable_json  TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    status_at       {{time}},
    plate           TEXT NOT NULL DEFAULT '',
    created_at      {{time}} NOT NULL,
    updated_at      {{time}} NOT NULL
);
CREATE UNIQUE INDEX trips_event_number ON trips (event_id, number);

CREATE TABLE trip_stops (
    trip_id     TEXT NOT NULL REFERENCES trips (id) ON DELETE CASCADE,
    ord         INTEGER NOT NULL,
    place       TEXT NOT NULL,
    name        TEXT NOT NULL,
    employers   TEXT NOT NULL DEFAULT '',
    lat         {{float}} NOT NULL,
    lon         {{float}} NOT NULL,
    arrive_at   {{time}} NOT NULL,
    km          {{float}} NOT NULL,
    passengers  INTEGER NOT NULL,
    PRIMARY KEY (trip_id, ord)
);

-- A placement has one seat per leg: 1 from the gathering point, 2 on the
-- bus that meets a train car.
CREATE TABLE seats (
    id             TEXT PRIMARY KEY,
    trip_id        TEXT NOT NULL REFERENCES trips (id),
    seat_no        INTEGER NOT NULL,
    leg            INTEGER NOT NULL,
    event_id       TEXT NOT NULL REFERENCES departure_events (id),
    placement_id   TEXT NOT NULL REFERENCES placements (id),
    worker_id      TEXT NOT NULL REFERENCES workers (id),
    home           TEXT NOT NULL,
    group_key      TEXT NOT NULL DEFAULT '',
    stop_ord       INTEGER NOT NULL,
    checks_json    TEXT NOT NULL DEFAULT '',
    boarded_at     {{time}},
    denied_at      {{time}},
    denial_reason  TEXT NOT NULL DEFAULT '',
    created_at     {{time}} NOT NULL,
    updated_at     {{time}} NOT NULL
);
CREATE UNIQUE INDEX seats_trip_seat ON seats (trip_id, seat_no);
CREATE UNIQUE INDEX seats_placement_leg ON seats (placement_id, leg);
CREATE INDEX seats_worker ON seats (worker_id);
CREATE INDEX seats_event ON seats (event_id);

-- The placements an event's last plan could not carry, with the planner's
-- reason.
CREATE TABLE event_unplanned (
    event_id      TEXT NOT NULL REFERENCES departure_events (id),
    placement_id  TEXT NOT NULL REFERENCES placements (id),
    reason        TEXT NOT NULL,
    PRIMARY KEY (event_id, placement_id)
);

-- Ed25519 keys: the private key sealed with the store's key, the public key
-- in clear for verifiers. One active key per purpose; retired keys stay so
-- that what they signed still verifies.
CREATE TABLE signing_keys (
    id           TEXT PRIMARY KEY,
    purpose      TEXT NOT NULL,
    private_enc  {{bytes}} NOT NULL,
    public_key   TEXT NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   {{time}} NOT NULL,
    retired_at   {{time}}
);
CREATE UNIQUE INDEX signing_keys_active ON signing_keys (purpose) WHERE active;
