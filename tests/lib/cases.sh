# tests/lib/cases.sh - how a golden case is run, shared by the tests that
# compare against golden files and by `make regen-golden` (tests/regen.sh)
# that writes them, so the two can never disagree.  Sourced after tap.sh.
#
# Golden cases are files, one case per input (STYLE.md, "Tests"):
#   tests/fmt/<case>.schema         + <case>.expected  (`retort fmt` output)
#   tests/parse/err/<case>.schema   + <case>.err       (exact stderr)
#   tests/parse/err/<case>.migration + <case>.err
#   tests/parse/err/<case>/         + <case>.err       (a models directory)
# A parse case's first line may be `-- args: OPTIONS` (global options such
# as `--dialect postgresql`; for a directory, in its file `args`).  Cases named warn-* must exit 0 (warnings
# only); all other parse cases must exit 2.

# case_args FILE: the options of the case's `-- args:` line.
case_args() {
	if [ -d "$1" ]; then
		[ -f "$1/args" ] && cat "$1/args"
	else
		sed -n '1s/^-- *args: *//p' "$1"
	fi
}

# case_err_file CASE: the case's golden .err file.
case_err_file() {
	if [ -d "$1" ]; then
		echo "$1.err"
	else
		echo "${1%.*}.err"
	fi
}

# case_expected_status FILE
case_expected_status() {
	case $(basename "$1") in
	warn-*) echo 0 ;;
	*) echo 2 ;;
	esac
}

# parse_case_run FILE ERRFILE: runs the case from its own directory (so
# diagnostics show the bare file name), stderr to ERRFILE, stdout to
# ERRFILE.out; prints the exit status on stdout.  Models go through `sql` (parser and checker); a
# migration through the hidden `--dump=ast` (parser only: operations are
# executed by later stages).
parse_case_run() {
	pcr_dir=$(dirname "$1")
	pcr_base=$(basename "$1")
	pcr_args=$(case_args "$1")
	pcr_status=0
	case $pcr_base in
	*.migration)
		# shellcheck disable=SC2086 # options are words
		(cd "$pcr_dir" && retort $pcr_args --dump=ast "$pcr_base") \
			>"$2.out" 2>"$2" || pcr_status=$?
		;;
	*)
		# shellcheck disable=SC2086
		(cd "$pcr_dir" && retort $pcr_args --models "$pcr_base" sql) \
			>"$2.out" 2>"$2" || pcr_status=$?
		;;
	esac
	echo $pcr_status
}

# parse_cases: the case inputs, sorted.
parse_cases() {
	for pc in "$top_srcdir"/tests/parse/err/*; do
		case $pc in
		*.schema | *.migration) [ -f "$pc" ] && echo "$pc" ;;
		*) [ -d "$pc" ] && echo "$pc" ;;
		esac
	done
}

# fmt_cases: the fmt case inputs, sorted.
fmt_cases() {
	ls "$top_srcdir"/tests/fmt/*.schema 2>/dev/null | sort
}

# fmt_case_run FILE OUTFILE: `retort fmt` of the case from its directory;
# prints the exit status.
fmt_case_run() {
	fcr_status=0
	(cd "$(dirname "$1")" && retort fmt "$(basename "$1")") >"$2" \
		2>"$2.stderr" || fcr_status=$?
	echo $fcr_status
}

# model_files: every model file under schemas/ and tests/ that is meant to
# be valid (not the parse-error cases, not the fuzz corpus), sorted.
model_files() {
	find "$top_srcdir/schemas" "$top_srcdir/tests" -name '*.schema' \
		-not -path "$top_srcdir/tests/parse/*" \
		-not -path "$top_srcdir/tests/fuzz/*" 2>/dev/null | sort
}

# models: the models the apply tests load, one path a line: each immediate
# subdirectory of schemas/ (one model, possibly several packages), each
# *.schema directly in schemas/, and the same under tests/sql/ (a
# <case>.schema or a <case>/ directory of files).
models() {
	for m in "$top_srcdir"/schemas/* "$top_srcdir"/tests/sql/*; do
		if [ -d "$m" ]; then
			echo "$m"
		else
			case $m in *.schema) [ -f "$m" ] && echo "$m" ;; esac
		fi
	done
}

# model_dialects PATH: the dialects PATH may be applied to: both, unless a
# file's first line says `-- dialects: D...` (all such lines intersected).
model_dialects() {
	md_all="sqlite postgresql"
	for f in $(if [ -d "$1" ]; then find "$1" -name '*.schema'; else echo "$1"; fi); do
		md_line=$(sed -n '1s/^-- *dialects: *//p' "$f" | tr ',' ' ')
		[ -n "$md_line" ] || continue
		md_keep=
		for d in $md_all; do
			case " $md_line " in *" $d "*) md_keep="$md_keep $d" ;; esac
		done
		md_all=$md_keep
	done
	echo $md_all
}

# rel PATH: PATH relative to the source tree, for test names.
rel() {
	case $1 in
	"$top_srcdir"/*) echo "${1#"$top_srcdir"/}" ;;
	*) echo "$1" ;;
	esac
}

# generated_models: the example models whose output is committed under
# generated/ (each immediate subdirectory of schemas/).
generated_models() {
	for m in "$top_srcdir"/schemas/*/; do
		[ -d "$m" ] && echo "${m%/}"
	done
}

# generated_sql MODEL DIALECT: the committed file for `retort sql` of an
# example model in a dialect.
generated_sql() {
	echo "$top_srcdir/generated/$(basename "$1")/$2.sql"
}

# generated_run MODEL DIALECT OUT: runs `retort sql` as the committed file
# was made; prints the exit status.
generated_run() {
	gr_st=0
	retort --models "$1" sql --dialect "$2" >"$3" 2>"$3.stderr" || gr_st=$?
	echo $gr_st
}

# config_err_cases: the configuration error cases, sorted
# (tests/config/err/<case>.ini + <case>.err; warn-* cases exit 0).
config_err_cases() {
	ls "$top_srcdir"/tests/config/err/*.ini 2>/dev/null | sort
}

# config_err_run FILE ERRFILE: reads the case with `-c` from its own
# directory (bare file names in the diagnostics), stderr to ERRFILE,
# stdout to ERRFILE.out; prints the exit status.
config_err_run() {
	cer_st=0
	(cd "$(dirname "$1")" && retort -c "$(basename "$1")" --dump=config) \
		>"$2.out" 2>"$2" || cer_st=$?
	echo $cer_st
}
