#!/bin/sh
# build-commit.sh PACKAGE FILE: writes into FILE (Swift) the commit the package at PACKAGE is
# checked out at, `let buildCommit: String? = "1a2b3c4d"`, or `nil` when it is not a git clone
# or git is missing. Run by the BuildCommit plugin before every build.
#
# The commit counts only when PACKAGE is the top of its own clone: a tarball unpacked inside
# some other repository (a home folder kept in git) must not borrow that repository's commit.
# Changes to tracked files not yet committed are said, as `git describe --dirty` does.
# FILE is rewritten only when its text changes, so a build on the same commit recompiles and
# relinks nothing.
package=$(cd "$1" && pwd -P) || exit 1
commit=
if top=$(git -C "$package" rev-parse --show-toplevel 2>/dev/null) &&
    [ "$(cd "$top" && pwd -P)" = "$package" ]; then
    commit=$(git -C "$package" rev-parse --short=8 HEAD 2>/dev/null) || commit=
    if [ -n "$commit" ] &&
        [ -n "$(git -C "$package" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
        commit="$commit-dirty"
    fi
fi
if [ -n "$commit" ]; then value="\"$commit\""; else value=nil; fi
text="// Generated at each build by Plugins/BuildCommit: do not edit.
let buildCommit: String? = $value"
mkdir -p "$(dirname "$2")" || exit 1
[ "$(cat "$2" 2>/dev/null)" = "$text" ] || printf '%s\n' "$text" >"$2"
