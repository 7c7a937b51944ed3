# tests/lib/diff.sh - how a differ case is run, shared by tests/diff.test
# and `make regen-golden` (tests/regen.sh), so the two never disagree.
# Sourced after tap.sh.
#
# A case is a directory tests/diff/<case>/ with a.schema and b.schema, the
# golden expected.ops (the ops `retort diff --from a --to b` prints), and
# optionally:
#   args         options for the diff (default `--dialect postgresql`:
#                it stores everything the models say, comments included,
#                so replaying the ops on a gives exactly b)
#   skip-down    a reason why the downgrade does not give a back exactly
#   skip-replay  a reason why the upgrade does not give b exactly
# The case named `equal` must print nothing and exit 0.

# diff_cases: the case directories.
diff_cases() {
	for d in "$top_srcdir"/tests/diff/*/; do
		[ -f "$d/a.schema" ] && echo "${d%/}"
	done
}

# diff_args CASE
diff_args() {
	if [ -f "$1/args" ]; then cat "$1/args"; else echo "--dialect postgresql"; fi
}

# diff_run CASE FROM TO OUT: `retort diff`; prints its exit status, stdout
# in OUT, stderr in OUT.stderr.
diff_run() {
	# shellcheck disable=SC2046 # the args are options, split on purpose
	retort $(diff_args "$1") diff --from "$2" --to "$3" \
		>"$4" 2>"$4.stderr"
	echo $?
}
