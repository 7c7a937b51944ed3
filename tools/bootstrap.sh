#!/bin/sh
# tools/bootstrap.sh - installs the Debian packages that building and
# testing retort need: the C toolchain and autotools, bison and flex, the
# development files of SQLite, libpq and jansson, the sqlite3 shell, jq
# (the tests compare JSON with it), a PostgreSQL server (the test suite
# starts a private cluster of its own; the package's own cluster is not
# used), clang-format (tests/style.test) and clang (`make fuzz`).
# .ci/run installs through this script too, so the list is kept here only.
#
# Idempotent: when every package is already installed it does nothing, not
# even `apt-get update`.  Run it as root, or as a user who may use sudo.
set -eu

PACKAGES="build-essential autoconf automake pkg-config bison flex
libsqlite3-dev libpq-dev libjansson-dev sqlite3 jq postgresql python3
clang clang-format"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done

if [ -z "$missing" ]; then
	echo "bootstrap: all build and test packages are installed"
	exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
	sudo=""
elif command -v sudo >/dev/null 2>&1; then
	sudo="sudo"
else
	echo "bootstrap: missing packages:$missing" >&2
	echo "bootstrap: run this script as root (or install sudo)" >&2
	exit 1
fi

echo "bootstrap: installing$missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086 # word splitting of the package list is wanted
$sudo env DEBIAN_FRONTEND=noninteractive \
	apt-get install -y -q --no-install-recommends $missing
