# tests/lib/tap.sh - the small TAP library every tests/*.test script sources.
#
# The scripts run under automake's parallel harness with the TAP driver
# (build-aux/tap-driver.sh, see tests/local.mk), which turns each
# `ok N - name` / `not ok N - name` line into one PASS:/FAIL: line.  The
# plan (`1..N`) is printed last by tap_done, so a script need not count its
# cases in advance; cases are found by globbing the golden directories.
#
# Contract with the harness (tests/local.mk exports these):
#   RETORT       the program, possibly prefixed by a wrapper (valgrind), so
#                it is word-split on purpose: call it through `retort`
#   top_srcdir   absolute path of the source tree (read only in distcheck)
#   builddir     absolute path of the build tree
# Scripts read inputs only from $top_srcdir and write only below $T, a
# private `mktemp -d` directory removed on exit.  They also run by hand:
#   RETORT=_build/retort sh tests/fmt.test
# Portable sh (dash), no bashisms.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${builddir:=$(pwd)}"
: "${RETORT:=$builddir/retort}"
export top_srcdir builddir RETORT

# Tests compare bytes: no colour, no locale-dependent sorting or messages.
NO_COLOR=1
LC_ALL=C
export NO_COLOR LC_ALL
unset RETORT_DATABASE_URL

# Under --enable-sanitizers a leak or an error must not pass for one of
# retort's own exit statuses (1 is `fmt --check`'s "not formatted").
: "${ASAN_OPTIONS:=exitcode=97}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:exitcode=96}"
export ASAN_OPTIONS UBSAN_OPTIONS

tap_n=0
tap_failed=0
tap_cleanups=

# tap_cleanup CMD: run CMD (a shell command string) on exit, last first.
tap_cleanup() {
	tap_cleanups="$1
$tap_cleanups"
}

tap_exit_handler() {
	tap_status=$?
	# a subshell per command so one failing cleanup cannot stop the rest
	printf '%s\n' "$tap_cleanups" | while IFS= read -r tap_c; do
		[ -n "$tap_c" ] && (eval "$tap_c") >/dev/null 2>&1
	done
	exit $tap_status
}
trap tap_exit_handler EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# The private scratch directory.
T=$(mktemp -d "${TMPDIR:-/tmp}/retort-test.XXXXXX") || {
	echo "Bail out! mktemp -d failed"
	exit 99
}
tap_cleanup "rm -rf '$T'"

# retort ARGS...: the program under test (with its wrapper, if any).
retort() {
	# shellcheck disable=SC2086 # RETORT is "wrapper... path" on purpose
	$RETORT "$@"
}

# tap_ok NAME / tap_not_ok NAME
tap_ok() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1"
}
tap_not_ok() {
	tap_n=$((tap_n + 1))
	tap_failed=$((tap_failed + 1))
	echo "not ok $tap_n - $1"
}

# tap_skip NAME REASON
tap_skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# tap_result STATUS NAME: ok when STATUS is 0.
tap_result() {
	if [ "$1" -eq 0 ]; then tap_ok "$2"; else tap_not_ok "$2"; fi
}

# tap_diag TEXT...: a diagnostic comment (goes to the test's .log).
tap_diag() {
	printf '%s\n' "$*" | sed 's/^/# /'
}

# tap_diag_file FILE [MAXLINES]: the first lines of FILE as comments.
tap_diag_file() {
	[ -f "$1" ] || return 0
	head -n "${2:-40}" "$1" | sed 's/^/#   /'
}

# tap_diff EXPECTED ACTUAL: 0 when equal; else the diff as comments.
tap_diff() {
	if cmp -s "$1" "$2"; then
		return 0
	fi
	diff -u "$1" "$2" 2>&1 | head -n 60 | sed 's/^/#   /'
	return 1
}

# tap_done: the plan.  The script then exits 0 even when cases failed:
# the driver counts each `not ok`, and a non-zero exit would add an ERROR
# for the same failures; a script that dies early has no plan, which the
# driver reports as an error.
tap_done() {
	echo "1..$tap_n"
	return 0
}

# tap_skip_all REASON: the whole script is skipped.
tap_skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

# tap_bail REASON: a fatal setup error (a hard error in the driver).
tap_bail() {
	echo "Bail out! $1"
	exit 99
}

# have CMD: is CMD on PATH?
have() {
	command -v "$1" >/dev/null 2>&1
}

# json_ok FILE: FILE holds one valid JSON text (jq, else python3).
json_ok() {
	if have jq; then
		jq empty "$1" >/dev/null 2>&1
	elif have python3; then
		python3 -m json.tool "$1" >/dev/null 2>&1
	else
		return 0
	fi
}

# has_escape FILE: FILE contains an ESC byte (colour).
has_escape() {
	grep -q "$(printf '\033')" "$1"
}
