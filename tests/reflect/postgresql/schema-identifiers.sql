-- Schema names that need quoting: mixed case, spaces, reserved words.
CREATE SCHEMA "Sales";
CREATE SCHEMA "my schema";
CREATE SCHEMA "user";
CREATE TABLE "Sales"."Orders" ("Id" integer PRIMARY KEY);
CREATE TABLE "my schema"."my table" (id integer PRIMARY KEY, "order id" integer REFERENCES "Sales"."Orders" ("Id"));
CREATE TABLE "user"."select" ("from" integer PRIMARY KEY);
CREATE TYPE "Sales"."Status" AS ENUM ('a', 'b');
CREATE TABLE "Sales".lines (id integer PRIMARY KEY, s "Sales"."Status");
