#!/bin/sh
# replay.sh - the history replay benchmark that `make bench-replay` runs
# (issue 5, "Speed": replaying a 1,000-migration history in at most
# 100 ms).
#
# It writes a linear history of N migrations (default 1000) into
# BENCH_OUT/replay-N/migrations, whose replayed schema grows to a
# realistic size: 40% of the migrations create a table (five columns, a
# foreign key to an earlier table and its index), 40% add a column to an
# earlier table, 20% add a column and an index on it; every one has the
# downgrade that undoes it.  At 1,000 migrations the replayed schema has
# 400 tables, 3,000 columns, 600 indexes and 400 foreign keys.  It also
# writes the models that history leads to (BENCH_OUT/replay-N/models),
# so that `check` finds nothing to report.  Then it times, end to end,
# median of BENCH_RUNS runs:
#   retort -c PROJECT/retort.ini heads   loading the history: reading and
#                                        parsing every script, linking the
#                                        parents (and printing one line)
#   retort -c PROJECT/retort.ini check   the same, then replaying the
#                                        whole history in the simulator,
#                                        loading the models and diffing
#                                        them with the replayed schema
# `check` with no database is the command that replays the whole
# history and little else (`diff --from history --to history` replays
# it twice, `revision --autogenerate --offline` also writes a draft);
# its time is the figure held against the target, so the target is met
# with room when it is.  The difference of the two medians is what
# replaying, the models and the diff add to loading.  It prints figures;
# it is not a test and exits 0 whether or not the target is met.
#
# usage: bench/replay.sh [N]
# environment (make bench-replay sets the first three):
#   BENCH_PARSE  the timing driver (default bench/bench_parse)
#   RETORT       the program (default ./retort)
#   BENCH_OUT    where the history goes (default bench/gen)
#   BENCH_RUNS   timed runs of each command (default 7)
set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${BENCH_PARSE:=bench/bench_parse}"
: "${RETORT:=./retort}"
: "${BENCH_OUT:=bench/gen}"
: "${BENCH_RUNS:=7}"
. "$here/lib.sh"

n=${1:-1000}
bench_sizes replay.sh "$n"
if [ ! -x "$BENCH_PARSE" ]; then
	echo "replay.sh: $BENCH_PARSE is missing (make bench/bench_parse)" >&2
	exit 2
fi
p=$BENCH_OUT/replay-$n
rm -rf "$p"
mkdir -p "$p/migrations" "$p/models" || exit 2
printf '[retort]\nmodels = models\nmigrations = migrations\n' >"$p/retort.ini"

# The history and its models, from one deterministic walk.
awk -v n="$n" -v dir="$p" '
	function tname(k) { return sprintf("t_%05d", k) }
	function emit(file, text) { printf "%s", text > file }
	BEGIN {
		nt = 0
		for (i = 1; i <= n; i++) {
			rev = sprintf("%012x", i)
			file = dir "/migrations/" rev "_step.migration"
			kind = i % 10
			up = ""
			down = ""
			if (nt == 0 || kind < 4) {
				t = tname(++nt)
				cols[nt] = "  id         integer      primary key,\n" \
				    "  name       varchar(100) not null,\n" \
				    "  created_at timestamp    not null default current_timestamp,\n" \
				    "  active     boolean      not null default true,\n" \
				    "  note       text,\n"
				idx[nt] = ""
				if (nt > 1) {
					ref = tname(1 + (i * 7919) % (nt - 1))
					cols[nt] = cols[nt] "  parent_id  integer      references " ref " (id),\n"
					idx[nt] = "  index ix_" t "_parent_id (parent_id),\n"
				}
				body = cols[nt] idx[nt]
				gsub(/\n  /, "\n    ", body)
				up = "  create table " t " {\n  " body "  };\n"
				down = "  drop table " t ";\n"
				msg = "create " t
			} else {
				k = 1 + (i * 104729) % nt
				t = tname(k)
				c = sprintf("c_%05d", i)
				if (kind < 8) {
					cols[k] = cols[k] "  " c " integer not null default 0,\n"
					up = "  add column " t "." c " integer not null default 0;\n"
					down = "  drop column " t "." c ";\n"
				} else {
					cols[k] = cols[k] "  " c " varchar(64),\n"
					idx[k] = idx[k] "  index ix_" t "_" c " (" c "),\n"
					up = "  add column " t "." c " varchar(64);\n" \
					    "  create index ix_" t "_" c " on " t " (" c ");\n"
					down = "  drop index ix_" t "_" c ";\n" \
					    "  drop column " t "." c ";\n"
				}
				msg = "change " t
			}
			emit(file, sprintf("migration %s\nparent    %s\nmessage   \x27%s\x27\n" \
			    "created   \x27%s\x27\n\nupgrade {\n%s}\n\ndowngrade {\n%s}\n",
			    rev, i == 1 ? "none" : sprintf("%012x", i - 1), msg,
			    sprintf("2026-%02d-%02dT%02d:%02d:00Z", 1 + int(i / 40320) % 12,
			        1 + int(i / 1440) % 28, int(i / 60) % 24, i % 60),
			    up, down))
			close(file)
		}
		m = dir "/models/app.schema"
		for (k = 1; k <= nt; k++)
			emit(m, sprintf("table %s {\n%s%s}\n\n", tname(k), cols[k], idx[k]))
		close(m)
	}' || exit 2

bench_header "retort history replay, $n migrations" \
	"issue 5: replaying a 1,000-migration history in at most 100 ms"
echo "# median of $BENCH_RUNS runs, end to end; peak RSS of the process"
echo "# $(cat "$p"/migrations/*.migration | wc -c | tr -d ' ') bytes of scripts in $p/migrations"

# the history must load and replay to the models, or the timing means
# nothing
if ! "$RETORT" -c "$p/retort.ini" check >/dev/null 2>"$p/check.err"; then
	echo "retort check failed on the generated history:"
	cut -c 1-200 "$p/check.err" | head -n 10 | sed 's/^/    /'
	exit 0
fi
set -- $(bench_median "$BENCH_RUNS" : "$RETORT" -c "$p/retort.ini" heads)
load=$1
echo "retort heads (load: read, parse, link)       $1 ms, $2 MB"
set -- $(bench_median "$BENCH_RUNS" : "$RETORT" -c "$p/retort.ini" check)
echo "retort check (load, replay, models, diff)    $1 ms, $2 MB"
awk -v all="$1" -v load="$load" -v n="$n" 'BEGIN {
	printf "replay + models + diff (check - heads)      %.1f ms\n", all - load
	printf "%d migrations replayed in %.1f ms end to end: %s (<= 100 ms%s)\n", n, all,
	    all <= 100 ? "met" : "MISSED", n == 1000 ? "" : ", a target for 1,000"
}'
exit 0
