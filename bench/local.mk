## bench/local.mk - `make bench`: the front-end benchmark (bench/README.md).
## Not part of `make check`: it prints figures against the issue's targets
## (parse+check of a 10,000-table model in <= 100 ms, >= 50 MB/s, <= 100 MB
## peak RSS) and never fails the build.  BENCH_SIZES picks the models.

EXTRA_PROGRAMS = bench/bench_parse
bench_bench_parse_SOURCES = bench/bench_parse.c
bench_bench_parse_LDADD = $(LIBS_ALL)

EXTRA_DIST += bench/README.md bench/gen_model.py bench/parse_check.sh \
	bench/reflect.sh

BENCH_SIZES = 1000 10000

bench: bench/bench_parse$(EXEEXT) retort$(EXEEXT)
	BENCH_PARSE=bench/bench_parse$(EXEEXT) RETORT=./retort$(EXEEXT) \
	BENCH_SRCDIR='$(abs_top_srcdir)/bench' BENCH_OUT=bench/gen \
	$(SHELL) $(srcdir)/bench/parse_check.sh $(BENCH_SIZES)

## `make bench-reflect`: the reflection benchmark (bench/README.md,
## "Reflection"): retort reflect against pg_dump --schema-only and sqlite3
## .schema on the peers' generated schema, in a private PostgreSQL cluster
## that bench/reflect.sh starts and stops.  Separate from `make bench`
## because loading 10,000 tables into PostgreSQL takes about a minute.
BENCH_REFLECT_SIZES = $(BENCH_SIZES)

bench-reflect: bench/bench_parse$(EXEEXT) retort$(EXEEXT)
	BENCH_PARSE=bench/bench_parse$(EXEEXT) RETORT=./retort$(EXEEXT) \
	BENCH_OUT=bench/gen \
	RETORT_PEERS='$(abs_top_srcdir)/../shared/bench/peers' \
	$(SHELL) $(srcdir)/bench/reflect.sh $(BENCH_REFLECT_SIZES)

clean-local: clean-local-bench
clean-local-bench:
	rm -rf bench/gen

.PHONY: bench bench-reflect clean-local-bench

## `make bench-diff`: the differ and SQL compiler benchmark (bench/README.md,
## "Diff and SQL compile"): bench/diff.sh diffs each generated model with its
## changed variant (5% of the tables altered) in-process (bench/bench_diff,
## the issue's targets at 10,000 tables: diff <= 50 ms, compile <= 50 ms,
## peak RSS < 150 MB), then `retort diff [--sql]` end to end and, where the
## peers' Alembic harness runs, Alembic's autogenerate on the same change.
## Prints figures; never fails the build.
EXTRA_PROGRAMS += bench/bench_diff
bench_bench_diff_SOURCES = bench/bench_diff.c
bench_bench_diff_LDADD = $(LIBS_ALL)

EXTRA_DIST += bench/diff.sh

BENCH_DIFF_SIZES = $(BENCH_SIZES)

bench-diff: bench/bench_diff$(EXEEXT) bench/bench_parse$(EXEEXT) retort$(EXEEXT)
	BENCH_DIFF=bench/bench_diff$(EXEEXT) \
	BENCH_PARSE=bench/bench_parse$(EXEEXT) RETORT=./retort$(EXEEXT) \
	BENCH_SRCDIR='$(abs_top_srcdir)/bench' BENCH_OUT=bench/gen \
	$(SHELL) $(srcdir)/bench/diff.sh $(BENCH_DIFF_SIZES)

.PHONY: bench-diff

## The issue 5 benchmarks (bench/README.md, "Autogenerate, replay and
## upgrade"): commands timed end to end by their median
## (bench/lib.sh), side by side with Alembic where it is installed.
## Not part of `make check`; they print figures and never fail the build.
##   make bench-autogen  retort revision --autogenerate against Alembic's
##                       on SQLite and PostgreSQL databases of the peers'
##                       schema (BENCH_AUTOGEN_SIZES tables; a private
##                       cluster, tests/lib/pg.sh); the target: >= 50x
##                       faster at 1,000 tables
##   make bench-replay   retort heads and check on a generated history of
##                       BENCH_REPLAY_N migrations; the target: <= 100 ms
##   make bench-upgrade  retort upgrade head of BENCH_UPGRADE_N empty
##                       migrations on SQLite; the target: <= 5 ms each
##                       (says so and exits 0 while retort has no upgrade)
EXTRA_DIST += bench/lib.sh bench/autogen.sh bench/replay.sh bench/upgrade.sh

BENCH_AUTOGEN_SIZES = 100 1000 5000
BENCH_REPLAY_N = 1000
BENCH_UPGRADE_N = 200
bench_env = BENCH_PARSE=bench/bench_parse$(EXEEXT) RETORT=./retort$(EXEEXT) \
	BENCH_OUT=bench/gen \
	RETORT_PEERS='$(abs_top_srcdir)/../shared/bench/peers'

bench-autogen: bench/bench_parse$(EXEEXT) retort$(EXEEXT)
	$(bench_env) $(SHELL) $(srcdir)/bench/autogen.sh $(BENCH_AUTOGEN_SIZES)

bench-replay: bench/bench_parse$(EXEEXT) retort$(EXEEXT)
	$(bench_env) $(SHELL) $(srcdir)/bench/replay.sh $(BENCH_REPLAY_N)

bench-upgrade: bench/bench_parse$(EXEEXT) retort$(EXEEXT)
	$(bench_env) $(SHELL) $(srcdir)/bench/upgrade.sh $(BENCH_UPGRADE_N)

.PHONY: bench-autogen bench-replay bench-upgrade
