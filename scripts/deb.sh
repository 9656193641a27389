#!/bin/sh
# scripts/deb.sh [OUTDIR]: builds the Debian package, OUTDIR/casebench_VERSION_ARCH.deb (OUTDIR
# is the working directory unless given), and prints its path. The files are those of
# scripts/install.sh with PREFIX=/usr; the maintainer scripts in packaging/debian set up the
# shared-host deployment (the casebench group, the program setgid to it, /var/lib/casebench).
set -eu
outdir=${1:-.}
mkdir -p "$outdir"
outdir=$(cd "$outdir" && pwd)
cd "$(dirname "$0")/.."

stage=$(mktemp -d)
chmod 755 "$stage"
trap 'rm -rf "$stage"' EXIT
DESTDIR=$stage DEB=1 scripts/install.sh /usr

# Debian's layout: manual pages compressed, the README as the package's documentation.
gzip -9n "$stage/usr/share/man/man1/casebench.1"
install -D -m 644 README.md "$stage/usr/share/doc/casebench/README.md"
gzip -9n "$stage/usr/share/doc/casebench/README.md"
install -D -m 644 packaging/debian/config.toml "$stage/etc/casebench/config.toml"

# The version is the program's own, as --version says it.
binary=$stage/usr/bin/casebench
version=$("$binary" --version | sed -n 's/^casebench \([0-9][0-9.]*\) .*/\1/p')
[ -n "$version" ] || { echo "deb.sh: $binary --version says no version" >&2; exit 1; }
arch=$(dpkg --print-architecture)

# Depends, written out: the run-time libraries the program links, and libpq5, which it opens
# when a desk is on PostgreSQL (CLibPQ/loader.c). Every library it links must come from one of
# them (or from libc6 and the compiler's runtime, always present), which is checked here, so a
# new library cannot slip in unlisted.
depends="libc6, libgcc-s1, libstdc++6, libncursesw6, libtinfo6, libsqlite3-0, libpq5, adduser"
for soname in $(objdump -p "$binary" | awk '/NEEDED/ { print $2 }'); do
    path=$(ldconfig -p | awk -v lib="$soname" '$1 == lib && /x86-64|AArch64|64bit/ { print $NF; exit }')
    [ -n "$path" ] || path=$(ldconfig -p | awk -v lib="$soname" '$1 == lib { print $NF; exit }')
    package=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1)
    [ -n "$package" ] || package=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
    case ", $depends," in
        *", $package,"*) ;;
        *) echo "deb.sh: casebench needs $soname, from package '${package:-unknown}', which Depends does not list" >&2; exit 1 ;;
    esac
done

mkdir -p "$stage/DEBIAN"
cat >"$stage/DEBIAN/control" <<CONTROL
Package: casebench
Version: $version
Architecture: $arch
Maintainer: Casebench developers <casebench@localhost>
Depends: $depends
Section: utils
Priority: optional
Installed-Size: $(du -sk --exclude=DEBIAN "$stage" | cut -f1)
Description: terminal workbench for service and warranty cases
 Opens a case for a customer's asset, verifies its entitlement (asset warranty, generic
 warranty, service contract, chargeable) and shows why; schedules visits, reserves parts,
 records parts, labour and the resolution; closes a case only when every line has a billing
 outcome, and posts revenue, warranty cost and stock valuation for the ERP.
 .
 Installs setgid to the casebench group, with /var/lib/casebench for the shared databases.
CONTROL
echo /etc/casebench/config.toml >"$stage/DEBIAN/conffiles"
install -m 755 packaging/debian/postinst packaging/debian/postrm "$stage/DEBIAN/"

deb=$outdir/casebench_${version}_${arch}.deb
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb" >&2
echo "$deb"
