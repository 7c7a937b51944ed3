-- Identifiers at PostgreSQL's 63-byte limit (a longer one is truncated).
CREATE TABLE abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh (
	abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefghij_abcdefgh integer PRIMARY KEY,
	zyxwvutsrq_zyxwvutsrq_zyxwvutsrq_zyxwvutsrq_zyxwvutsrq_zyxwvutsrq_overflow text UNIQUE
);
