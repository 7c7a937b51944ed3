#!/bin/sh
# tests/regen.sh - `make regen-golden`: rewrites the golden files in the
# source tree from the current program, using exactly the commands the
# tests run (tests/lib/cases.sh).  Review the result with `git diff`
# before committing: a golden file is only as right as its reviewer.
#   tests/parse/err/<case>.err     stderr of the case
#   tests/fmt/<case>.expected      `retort fmt` of the case
#   generated/<model>/<dialect>.sql  `retort sql` of each example model
#   generated/<model>/migrations/  the example's migration chain, built
#                                  from tests/chains/<model>.sh
#                                  (lib/chains.sh); a file the chain no
#                                  longer writes is removed
#   generated/<model>/{upgrade,downgrade}-<dialect>.sql  its SQL
#   tests/diff/<case>/expected.ops  `retort diff` of the case (lib/diff.sh)
#   tests/simulate/err/<case>.err    stderr of the failing replay
#   tests/config/err/<case>.err    stderr of reading the configuration
#   tests/migrations/<case>.expected  `retort --dump=script` of the case,
#                                  for the cases that have one (to add a
#                                  case, create an empty <case>.expected)

. "${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}/tests/lib/tap.sh"
. "$top_srcdir/tests/lib/cases.sh"
. "$top_srcdir/tests/lib/chains.sh"
. "$top_srcdir/tests/lib/diff.sh"
. "$top_srcdir/tests/lib/simulate.sh"

changed=0
update() { # update NEW DEST
	if ! cmp -s "$1" "$2"; then
		cp "$1" "$2"
		echo "regen: wrote $(rel "$2")"
		changed=$((changed + 1))
	fi
}

for f in $(parse_cases); do
	st=$(parse_case_run "$f" "$T/err")
	want=$(case_expected_status "$f")
	if [ "$st" != "$want" ]; then
		echo "regen: warning: $(rel "$f") exits $st, the test expects $want" >&2
	fi
	update "$T/err" "$(case_err_file "$f")"
done

for f in $(fmt_cases); do
	st=$(fmt_case_run "$f" "$T/out")
	if [ "$st" -ne 0 ]; then
		echo "regen: error: fmt of $(rel "$f") exits $st:" >&2
		cat "$T/out.stderr" >&2
		continue
	fi
	if [ ! -s "$T/out" ] && [ -s "$f" ]; then
		echo "regen: error: fmt of $(rel "$f") printed nothing; not written" >&2
		continue
	fi
	update "$T/out" "${f%.schema}.expected"
done
for m in $(generated_models); do
	for d in $(model_dialects "$m"); do
		st=$(generated_run "$m" "$d" "$T/sql")
		if [ "$st" -ne 0 ]; then
			echo "regen: error: sql of $(rel "$m") for $d exits $st:" >&2
			cat "$T/sql.stderr" >&2
			continue
		fi
		mkdir -p "$(dirname "$(generated_sql "$m" "$d")")"
		update "$T/sql" "$(generated_sql "$m" "$d")"
	done
done

for m in $(chain_models); do
	st=$(chain_build "$m" "$T/chain")
	if [ "$st" -ne 0 ]; then
		echo "regen: error: the chain of $(rel "$m") fails:" >&2
		cat "$T/chain.stderr" >&2
		continue
	fi
	dest=$(chain_migrations "$m")
	mkdir -p "$dest"
	for f in "$dest"/*; do
		if [ -f "$f" ] && [ ! -f "$T/chain/migrations/${f##*/}" ]; then
			rm "$f"
			echo "regen: removed $(rel "$f")"
			changed=$((changed + 1))
		fi
	done
	for f in "$T/chain/migrations"/*; do
		update "$f" "$dest/${f##*/}"
	done
	for d in $(model_dialects "$m"); do
		for k in upgrade downgrade; do
			st=$(chain_sql_run "$m" $k "$d" "$T/sql")
			if [ "$st" -ne 0 ]; then
				echo "regen: error: $k --sql of $(rel "$dest") for $d exits $st:" >&2
				cat "$T/sql.stderr" >&2
				continue
			fi
			update "$T/sql" "$(chain_sql "$m" $k "$d")"
		done
	done
done

for e in "$top_srcdir"/tests/migrations/*.expected; do
	[ -f "$e" ] || continue
	f=${e%.expected}.migration
	st=0
	retort --dump=script "$f" >"$T/script" 2>"$T/script.stderr" || st=$?
	if [ "$st" -ne 0 ]; then
		echo "regen: error: --dump=script of $(rel "$f") exits $st:" >&2
		cat "$T/script.stderr" >&2
		continue
	fi
	update "$T/script" "$e"
done

for f in $(sim_err_cases); do
	st=$(sim_err_run "$f" "$T/err")
	if [ "$st" != 2 ]; then
		echo "regen: warning: $(rel "$f") exits $st, the test expects 2" >&2
	fi
	update "$T/err" "${f%.migration}.err"
done

for c in $(diff_cases); do
	st=$(diff_run "$c" "$c/a.schema" "$c/b.schema" "$T/ops")
	if [ "$st" -ne 0 ] && [ "$st" -ne 1 ]; then
		echo "regen: error: diff of $(rel "$c") exits $st:" >&2
		cat "$T/ops.stderr" >&2
		continue
	fi
	update "$T/ops" "$c/expected.ops"
done

for f in $(config_err_cases); do
	st=$(config_err_run "$f" "$T/err")
	want=$(case_expected_status "$f")
	if [ "$st" != "$want" ]; then
		echo "regen: warning: $(rel "$f") exits $st, the test expects $want" >&2
	fi
	update "$T/err" "${f%.ini}.err"
done

echo "regen: $changed file(s) changed"
trap - EXIT
rm -rf "$T"
