-- +goose Up
-- The SQLite twin turns its text times into Unix milliseconds; the
-- PostgreSQL schema had them from its first migration, so nothing changes
-- here and the versions stay in lockstep.
SELECT 1;

-- +goose Down
SELECT 1;
