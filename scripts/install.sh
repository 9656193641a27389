#!/bin/sh
# scripts/install.sh [PREFIX]: builds casebench optimised, with the Swift runtime linked in
# (`--static-swift-stdlib`, so the program runs on a host with no toolchain), and installs
#
#   PREFIX/bin/casebench
#   PREFIX/share/casebench/{data,themes,keymaps}      what the program reads beside itself
#   PREFIX/share/man/man1/casebench.1                  made by scripts/man.sh
#   PREFIX/share/bash-completion/completions/casebench
#   PREFIX/share/zsh/site-functions/_casebench         (DEB=1: share/zsh/vendor-completions)
#   PREFIX/share/fish/vendor_completions.d/casebench.fish
#
# PREFIX is /usr/local unless given (or set in the environment). The build runs as you; when
# PREFIX is not yours to write, only the copying runs under sudo. DESTDIR stages the files
# under another root (the Debian package, scripts/deb.sh).
set -eu
cd "$(dirname "$0")/.."
prefix=${1:-${PREFIX:-/usr/local}}
case $prefix in /*) ;; *) echo "install.sh: PREFIX must be an absolute path, not '$prefix'" >&2; exit 2 ;; esac
root=${DESTDIR:-}

# The pieces made from the program itself, in a scratch folder first: nothing is installed
# unless all of them were made. man.sh builds the program (once: later runs find it built).
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
CONFIGURATION=release SWIFT_BUILD_FLAGS=--static-swift-stdlib scripts/man.sh "$scratch/casebench.1" >/dev/null
built=$(swift build -c release --show-bin-path)/casebench
for shell in bash zsh fish; do
    "$built" --generate-completion-script "$shell" >"$scratch/completion.$shell"
done

# The first folder of the target that exists: writable by us, or the copying takes sudo.
target=$root$prefix
existing=$target
while [ ! -d "$existing" ]; do existing=$(dirname "$existing"); done
as=""
if [ ! -w "$existing" ] || { [ -e "$target/bin/casebench" ] && [ ! -w "$target/bin/casebench" ]; }; then
    as="sudo"
    echo "install.sh: $target is not yours to write: copying with sudo" >&2
fi

zsh_dir=share/zsh/site-functions
[ "${DEB:-0}" = 1 ] && zsh_dir=share/zsh/vendor-completions
# Debugging information out, symbols kept: a crash's backtrace still names its functions.
$as install -D -m 755 "$built" "$target/bin/casebench"
$as strip --strip-debug "$target/bin/casebench"
for folder in data themes keymaps; do
    $as rm -rf "$target/share/casebench/$folder"
    $as install -d -m 755 "$target/share/casebench/$folder"
    $as cp -R "$folder/." "$target/share/casebench/$folder/"
done
$as chmod -R u=rwX,go=rX "$target/share/casebench"
$as install -D -m 644 "$scratch/casebench.1" "$target/share/man/man1/casebench.1"
$as install -D -m 644 "$scratch/completion.bash" "$target/share/bash-completion/completions/casebench"
$as install -D -m 644 "$scratch/completion.zsh" "$target/$zsh_dir/_casebench"
$as install -D -m 644 "$scratch/completion.fish" "$target/share/fish/vendor_completions.d/casebench.fish"
echo "install.sh: installed $("$built" --version) in $target" >&2
