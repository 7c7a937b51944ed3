# tests/lib/simulate.sh - how a simulator case is run, shared by
# tests/simulate.test and `make regen-golden` (tests/regen.sh), so the
# two can never disagree.  Sourced after tap.sh.
#
#   tests/simulate/<case>/a.schema      the models before (none: empty)
#   tests/simulate/<case>/up.migration  a migration script
#   tests/simulate/<case>/b.schema      the models after
#   tests/simulate/<case>/args          global options (--dialect ...)
#   tests/simulate/err/<case>.migration (+ <case>.schema, the models
#                                        before) + <case>.err
# An error case's first line may be `-- args: OPTIONS`.

# sim_cases: the case directories, sorted.
sim_cases() {
	for sc in "$top_srcdir"/tests/simulate/*/; do
		[ -f "$sc/up.migration" ] && echo "${sc%/}"
	done
}

# sim_err_cases: the error cases' migrations, sorted.
sim_err_cases() {
	for sc in "$top_srcdir"/tests/simulate/err/*.migration; do
		[ -f "$sc" ] && echo "$sc"
	done
}

# sim_run DIR DUMP OUT: `--dump=DUMP` (replay or replay-down) of the
# case's migration over its a.schema, from the case's directory; prints
# the exit status.
sim_run() {
	sr_args=
	[ -f "$1/args" ] && sr_args=$(cat "$1/args")
	sr_models=
	[ -f "$1/a.schema" ] && sr_models="--models a.schema"
	sr_st=0
	# shellcheck disable=SC2086 # options are words
	(cd "$1" && retort $sr_args $sr_models --dump="$2" up.migration) \
		>"$3" 2>"$3.stderr" || sr_st=$?
	echo $sr_st
}

# sim_models DIR FILE OUT: `--dump=schema` of the case's model FILE (a.schema
# or b.schema; the empty schema when absent); prints the exit status.
sim_models() {
	sm_args=
	[ -f "$1/args" ] && sm_args=$(cat "$1/args")
	sm_st=0
	if [ -f "$1/$2" ]; then
		# shellcheck disable=SC2086
		(cd "$1" && retort $sm_args --models "$2" --dump=schema) \
			>"$3" 2>"$3.stderr" || sm_st=$?
	else
		: >"$3.empty.schema"
		retort --models "$3.empty.schema" --dump=schema >"$3" \
			2>"$3.stderr" || sm_st=$?
	fi
	echo $sm_st
}

# sim_err_run FILE ERRFILE: replays an error case from its directory,
# stderr to ERRFILE, stdout to ERRFILE.out; prints the exit status.
sim_err_run() {
	ser_dir=$(dirname "$1")
	ser_base=$(basename "$1")
	ser_args=$(sed -n '1s/^-- *args: *//p' "$1")
	ser_models=
	[ -f "${1%.migration}.schema" ] &&
		ser_models="--models ${ser_base%.migration}.schema"
	ser_st=0
	# shellcheck disable=SC2086
	(cd "$ser_dir" && retort $ser_args $ser_models --dump=replay \
		"$ser_base") >"$2.out" 2>"$2" || ser_st=$?
	echo $ser_st
}
