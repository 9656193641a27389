#!/bin/sh
# scripts/man.sh [FILE]: makes casebench's manual page (FILE, else casebench.1 in the working
# directory) with swift-argument-parser's generate-manual tool, from the same commands and help
# texts as `casebench --help`, then checks that the page names every subcommand, nested ones
# too, as `--help` lists them. CONFIGURATION=release reads the optimised build (several minutes
# the first time); the default, debug, the build `swift build` made. SWIFT_BUILD_FLAGS are
# passed to both builds (scripts/install.sh: --static-swift-stdlib), so that making the page
# never rebuilds the program with other settings.
#
# The tool is run directly rather than through its package plugin (`swift package
# generate-manual`), which always builds the program again with its own settings: a static
# release build would be relinked with the Swift runtime as shared libraries.
#
#   scripts/man.sh && man -l casebench.1
#   sudo install -D -m 644 casebench.1 /usr/local/share/man/man1/casebench.1
set -eu
output=${1:-casebench.1}
case $output in /*) ;; *) output=$PWD/$output ;; esac
configuration=${CONFIGURATION:-debug}
cd "$(dirname "$0")/.."

# The page is dated by the commit it describes, not by the day it was made, so that the same
# commit makes the same page; a build without git gets today.
date=$(git log -1 --format=%cs 2>/dev/null || true)
# shellcheck disable=SC2086 # the flags are words
swift build -c "$configuration" ${SWIFT_BUILD_FLAGS:-} --product casebench >&2
# shellcheck disable=SC2086
swift build -c "$configuration" ${SWIFT_BUILD_FLAGS:-} --product generate-manual >&2
bin=$(swift build -c "$configuration" --show-bin-path)
program=$bin/casebench
"$bin/generate-manual" "$program" ${date:+--date "$date"} --output-directory - >"$output"

# Every subcommand, as `--help` lists it at each level, must be an item of the page.
subcommands() {
    "$program" "$@" --help | awk '/^SUBCOMMANDS:/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }'
}
missing=0
checked=0
check() {
    for name in $(subcommands "$@"); do
        checked=$((checked + 1))
        if ! grep -qx "\.It Em $name" "$output"; then
            echo "man.sh: the page does not name 'casebench $* $name'" >&2
            missing=$((missing + 1))
        fi
        check "$@" "$name"
    done
}
check
# No subcommand at all means `--help` was not read, not that the page is whole.
[ "$checked" -gt 0 ] || { echo "man.sh: found no subcommands in $program --help" >&2; exit 1; }
[ "$missing" -eq 0 ] || exit 1
echo "man.sh: the page names all $checked subcommands" >&2
echo "$output"
