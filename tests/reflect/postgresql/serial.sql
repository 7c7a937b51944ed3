-- serial, bigserial, smallserial primary keys (sequences owned by their
-- columns).
CREATE TABLE a (id serial PRIMARY KEY, x text);
CREATE TABLE b (id bigserial PRIMARY KEY);
CREATE TABLE c (id smallserial PRIMARY KEY);
CREATE TABLE "Mixed Serial" ("Id" serial PRIMARY KEY);
