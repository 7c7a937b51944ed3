#!/usr/bin/env python3
"""gen_model.py - a deterministic retort model of N tables, for benchmarks.

usage: gen_model.py N [--out FILE] [--changed] [--own] [--peers DIR]

Writes one *.schema file (default: stdout) in retort's model language with
N tables of about 15 columns (mixed portable types, defaults, NOT NULL, a
primary key), 1-3 indexes (2 on average, some unique, some on two
columns), about 1.5 foreign keys per table to earlier tables, checks on a
third of the tables and five enums.

The schema is the peers' one: when ../shared/bench/peers/make_schema.py
exists (the peer benchmark kit, next to the repository; --peers DIR or
$RETORT_PEERS to point elsewhere) it is imported and its tables are
translated, so retort and the peers (PostgreSQL and SQLite DDL, SQLAlchemy
models) are measured on the very same schema, names included: constraint
and index names are written out as the kit chose them.  --changed writes
the kit's "changed" variant instead (5% of the tables altered), for diff
benchmarks.  Without the kit (or with --own) an own generator of the same
shape and seed is used: same distributions, not the same tables.

The text is in fmt's canonical layout (`retort fmt --check` passes on it),
so it is what a user's formatted models look like, byte for byte.

Deterministic: table i depends only on (seed, i), so the tables of the
1,000-table model are the first 1,000 of the 10,000-table model.
"""
import argparse
import importlib.util
import os
import random
import sys

SEED = 20240611
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PEERS = os.path.join(HERE, "..", "..", "shared", "bench", "peers")


# ------------------------------------------------------------ the peers' kit

def load_peers(path):
    """The peers' make_schema module, or None when it is not there."""
    mod = os.path.join(path, "make_schema.py")
    if not os.path.isfile(mod):
        return None
    spec = importlib.util.spec_from_file_location("make_schema", mod)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


# ---------------------------------------- own generator (same shape and seed)

ENUMS = {
    "order_status": ["pending", "paid", "shipped", "delivered", "cancelled", "refunded"],
    "user_role": ["owner", "admin", "member", "viewer", "guest"],
    "severity_level": ["debug", "info", "warning", "error", "critical"],
    "payment_method": ["card", "bank_transfer", "paypal", "cash", "voucher"],
    "visibility_kind": ["public", "internal", "private"],
}
ENUM_COLS = {"order_status": "status", "user_role": "role", "severity_level": "severity",
             "payment_method": "pay_method", "visibility_kind": "visibility"}
NOUNS = ["account", "customer", "invoice", "product", "order_item", "shipment",
         "warehouse", "supplier", "payment", "ticket", "project", "task",
         "comment", "employee", "contract", "device", "tenant", "report"]
POOLS = {
    "integer": ["quantity", "position", "version", "priority", "score", "level"],
    "bigint": ["external_ref", "byte_size", "counter", "sequence_no", "views"],
    "text": ["description", "notes", "body", "summary", "address"],
    "varchar": ["name", "title", "code", "email", "slug", "phone", "city", "sku"],
    "boolean": ["is_active", "is_deleted", "is_verified", "enabled", "archived"],
    "timestamptz": ["updated_at", "deleted_at", "published_at", "expires_at"],
    "numeric": ["amount", "price", "balance", "tax_rate", "discount", "total"],
    "json": ["meta", "attributes", "settings", "payload"],
}
WEIGHTS = [("integer", 14), ("bigint", 8), ("text", 12), ("varchar", 22),
           ("boolean", 12), ("timestamptz", 12), ("numeric", 10), ("json", 5),
           ("enum", 5)]


class Col:
    def __init__(self, name, kind, nullable=True, default=None, length=None,
                 ps=None, enum=None, pk_kind=None):
        self.name, self.kind, self.nullable, self.default = name, kind, nullable, default
        self.length, self.ps, self.enum, self.pk_kind = length, ps, enum, pk_kind


class Table:
    def __init__(self, name):
        self.name = name
        self.cols, self.pk, self.fks = [], ["id"], []
        self.uniques, self.indexes, self.checks = [], [], []

    def col(self, name):
        return next(c for c in self.cols if c.name == name)


def pick(rng, pairs):
    x = rng.uniform(0, sum(w for _, w in pairs))
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


def own_table(i, earlier):
    rng = random.Random("own-%d-%d" % (SEED, i))
    t = Table("%s_%05d" % (rng.choice(NOUNS), i))
    used = {"id", "created_at"}
    t.cols.append(Col("id", "pk", False, pk_kind="bigint" if rng.random() < 0.8 else "integer"))
    t.cols.append(Col("created_at", "timestamptz", False, "now"))
    nfk = min(pick(rng, [(0, 15), (1, 35), (2, 35), (3, 15)]), len(earlier))
    for tgt in rng.sample(earlier, nfk):
        name = "%s_id" % tgt.name.rsplit("_", 1)[0][:20]
        while name in used:
            name += "_2"
        used.add(name)
        nullable = rng.random() < 0.35
        t.cols.append(Col(name, "bigint" if tgt.col("id").pk_kind == "bigint" else "integer",
                          nullable))
        t.fks.append({"name": "fk_%s_%s" % (t.name, name), "cols": [name],
                      "ref_table": tgt.name, "ref_cols": ["id"],
                      "ondelete": "CASCADE" if rng.random() < 0.15 else None})
    target = rng.randint(8, 20)
    while len(t.cols) < target:
        kind = pick(rng, WEIGHTS)
        nullable = rng.random() < 0.5
        if kind == "enum":
            enum = rng.choice(sorted(ENUMS))
            name = ENUM_COLS[enum]
            while name in used:
                name += "_2"
            used.add(name)
            t.cols.append(Col(name, "enum", nullable, None if nullable else ENUMS[enum][0],
                              enum=enum))
            continue
        name = rng.choice(POOLS[kind])
        while name in used:
            name += "_2"
        used.add(name)
        c = Col(name, kind, nullable, length=rng.choice([32, 64, 100, 255]),
                ps=rng.choice([(10, 2), (12, 4), (18, 6)]))
        if not nullable and rng.random() < 0.8:
            c.default = {"integer": 0, "bigint": 0, "text": "", "varchar": "",
                         "boolean": rng.random() < 0.5, "timestamptz": "now",
                         "numeric": 0, "json": "{}"}[kind]
        t.cols.append(c)
    if rng.random() < 0.35:
        for c in [c for c in t.cols if c.kind in ("integer", "numeric")][:2]:
            t.checks.append({"name": "ck_%s_%s" % (t.name, c.name), "sql": "%s >= 0" % c.name})
    plain = [c.name for c in t.cols if c.kind not in ("pk", "json", "text")]
    seen = set()
    for _ in range(rng.randint(1, 3)):
        cols = rng.sample(plain, 2) if rng.random() < 0.4 and len(plain) > 1 else [rng.choice(plain)]
        if tuple(cols) in seen:
            continue
        seen.add(tuple(cols))
        unique = rng.random() < 0.3
        name = "%s_%s_%s" % ("uq" if unique else "ix", t.name, "_".join(cols))
        t.indexes.append({"name": name[:63], "cols": cols, "unique": unique})
    return t


def own_schema(n):
    tables = []
    for i in range(n):
        tables.append(own_table(i, tables))
    return tables


# ------------------------------------------------------------------ emitter

def q(s):
    return "'" + s.replace("'", "''") + "'"


def col_type(c):
    if c.kind == "pk":
        return c.pk_kind
    if c.kind == "varchar":
        return "varchar(%d)" % c.length
    if c.kind == "numeric":
        return "numeric(%d, %d)" % c.ps
    if c.kind == "json":
        return "jsonb"
    if c.kind == "enum":
        return c.enum
    return c.kind


def col_default(c):
    d = c.default
    if d is None or c.kind == "pk":
        return None
    if c.kind == "boolean":
        return "true" if d else "false"
    if c.kind == "timestamptz":
        return "current_timestamp"
    if c.kind in ("text", "varchar", "json", "enum"):
        return q(d)
    return str(d)


def emit(tables, enums, out):
    w = out.write
    w("-- generated by bench/gen_model.py: %d tables\n" % len(tables))
    for e in sorted(enums):
        w("\nenum %s (%s)\n" % (e, ", ".join(q(v) for v in enums[e])))
    for t in tables:
        # fmt's canonical layout: names and types in aligned columns
        width = max(len(c.name) for c in t.cols) + 1
        tw = max(len(col_type(c)) for c in t.cols)
        w("\ntable %s {\n" % t.name)
        for c in t.cols:
            parts = ["  %-*s%-*s" % (width, c.name, tw, col_type(c))]
            if c.kind == "pk":
                parts.append("primary key")
            else:
                if not c.nullable:
                    parts.append("not null")
                d = col_default(c)
                if d is not None:
                    parts.append("default " + d)
            w(" ".join(parts).rstrip() + ",\n")
        for u in t.uniques:
            w("  unique %s (%s),\n" % (u["name"], ", ".join(u["cols"])))
        for fk in t.fks:
            s = "  foreign key %s (%s) references %s (%s)" % (
                fk["name"], ", ".join(fk["cols"]), fk["ref_table"], ", ".join(fk["ref_cols"]))
            if fk["ondelete"]:
                s += " on delete " + fk["ondelete"].lower()
            w(s + ",\n")
        for ck in t.checks:
            w("  check %s (%s),\n" % (ck["name"], ck["sql"]))
        for ix in t.indexes:
            w("  %sindex %s (%s),\n" % ("unique " if ix["unique"] else "", ix["name"],
                                        ", ".join(ix["cols"])))
        w("}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", type=int)
    ap.add_argument("--out", help="output file (default: stdout)")
    ap.add_argument("--changed", action="store_true",
                    help="the peers' changed variant (needs the kit)")
    ap.add_argument("--own", action="store_true", help="ignore the peers' kit")
    ap.add_argument("--peers", default=os.environ.get("RETORT_PEERS", DEFAULT_PEERS))
    a = ap.parse_args()

    peers = None if a.own else load_peers(a.peers)
    if peers:
        tables = peers.make_schema(a.n)
        if a.changed:
            tables, _, _ = peers.make_changes(tables, a.n, 0.05)
        enums = peers.ENUMS
        origin = "peers"
    else:
        if a.changed:
            sys.exit("gen_model.py: --changed needs the peers' kit in %s" % a.peers)
        tables, enums, origin = own_schema(a.n), ENUMS, "own"

    if a.out:
        with open(a.out, "w") as f:
            emit(tables, enums, f)
    else:
        emit(tables, enums, sys.stdout)
    print("gen_model.py: %d tables (%s generator)" % (len(tables), origin), file=sys.stderr)


if __name__ == "__main__":
    main()
