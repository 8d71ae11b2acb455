-- Webhooks: partners and offices subscribe to events; deliveries are
-- written in the same transaction as the change they announce (an outbox),
-- then sent, signed and retried, by the server's delivery loop.

-- +goose Up
CREATE TABLE webhooks (
    id           TEXT PRIMARY KEY,
    owner_id     TEXT NOT NULL,
    division     TEXT NOT NULL DEFAULT '',
    employer_id  TEXT REFERENCES employers (id),
    url          TEXT NOT NULL,
    events       TEXT NOT NULL,
    secret_enc   {{bytes}} NOT NULL,
    active       BOOLEAN NOT NULL DEFAULT TRUE,
    created_at   {{time}} NOT NULL,
    updated_at   {{time}} NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event           TEXT NOT NULL,
    payload_json    TEXT NOT NULL,
    status          TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {{time}} NOT NULL,
    last_status     INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      {{time}} NOT NULL,
    delivered_at    {{time}}
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_hook ON webhook_deliveries (webhook_id, created_at);
