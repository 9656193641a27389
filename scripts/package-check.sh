#!/bin/bash
# scripts/package-check.sh DEB: installs the Debian package on this host, uses it as an operator
# and two of the desk's people would, purges it, and checks what is left. Root only (it installs
# a package and makes two accounts); .ci/run runs it. Everything it makes is removed at the end,
# also when a check fails: the accounts, the tmux server, the demo homes, the test database.
set -euo pipefail
deb=$(readlink -f "$1")
[ "$(id -u)" -eq 0 ] || { echo "package-check: run as root" >&2; exit 2; }
dpkg -s casebench >/dev/null 2>&1 && { echo "package-check: casebench is already installed here" >&2; exit 2; }
[ -e /var/lib/casebench ] && { echo "package-check: /var/lib/casebench exists already" >&2; exit 2; }
[ -e /etc/casebench ] && { echo "package-check: /etc/casebench exists already" >&2; exit 2; }

work=$(mktemp -d /tmp/casebench-package.XXXXXX)
chmod 755 "$work"
agent=cbpkgagent supervisor=cbpkgsuper
socket=casebench-package-$$
db=/var/lib/casebench/prod.sqlite
clean_up() {
    tmux -L "$socket" kill-server 2>/dev/null || true
    for account in "$agent" "$supervisor"; do
        getent passwd "$account" >/dev/null && userdel "$account"
    done
    if dpkg -s casebench >/dev/null 2>&1; then dpkg --purge casebench >/dev/null || true; fi
    rm -rf "$work" /var/lib/casebench /etc/casebench
}
trap clean_up EXIT
fail() { echo "package-check: FAILED: $*" >&2; exit 1; }
check() { echo "ok    $*"; }

# As a user of the host: the accounts are in no group of the program's
as_user() {
    local account=$1; shift
    setpriv --reuid "$account" --regid "$account" --init-groups \
        env -i HOME="$work/$account" USER="$account" PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=xterm-256color "$@"
}
for account in "$agent" "$supervisor"; do
    useradd --user-group --no-create-home --home-dir "$work/$account" --shell /bin/sh "$account"
    install -d -o "$account" -g "$account" -m 700 "$work/$account"
done

# Install: the files, the group, the setgid program, the databases' folder
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
dpkg -L casebench | sort >"$work/files"
[ "$(command -v casebench)" = /usr/bin/casebench ] || fail "casebench is not /usr/bin/casebench on the PATH"
getent group casebench >/dev/null || fail "no casebench group"
[ "$(stat -c '%U:%G %a' /usr/bin/casebench)" = "root:casebench 2755" ] ||
    fail "/usr/bin/casebench is $(stat -c '%U:%G %a' /usr/bin/casebench), not root:casebench 2755"
dpkg-statoverride --list /usr/bin/casebench | grep -q '^root casebench 2755 ' || fail "no statoverride"
[ "$(stat -c '%U:%G %a' /var/lib/casebench)" = "root:casebench 2770" ] ||
    fail "/var/lib/casebench is $(stat -c '%U:%G %a' /var/lib/casebench), not root:casebench 2770"
check "installed: /usr/bin/casebench root:casebench 2755 (statoverride), /var/lib/casebench 2770"
if objdump -p /usr/bin/casebench | grep -q 'NEEDED.*libswift'; then fail "the program links the Swift runtime dynamically"; fi
check "no Swift runtime library needed: $(objdump -p /usr/bin/casebench | awk '/NEEDED/ { printf "%s ", $2 }')"

# --version: the release and the commit this clone is at
version=$(as_user "$agent" casebench --version)
commit=$(git -C "$(dirname "$0")/.." rev-parse --short=8 HEAD 2>/dev/null || echo unknown)
[[ $version == "casebench "*" (commit $commit"* ]] || fail "--version says '$version', not commit $commit"
check "$version"
for page in /usr/share/man/man1/casebench.1.gz /usr/share/bash-completion/completions/casebench \
    /usr/share/zsh/vendor-completions/_casebench /usr/share/fish/vendor_completions.d/casebench.fish; do
    [ -s "$page" ] || fail "no $page"
done
zcat /usr/share/man/man1/casebench.1.gz | grep -q '^\.It Em doctor' || fail "the manual page names no doctor"
bash -c 'source /usr/share/bash-completion/completions/casebench && complete -p casebench' >/dev/null ||
    fail "the bash completion does not load"
check "manual page and bash, zsh and fish completions"

# demo --reset under tmux, as a user: the training database in her own home
tmux -L "$socket" new-session -d -x 80 -y 24 -c "$work" \
    "setpriv --reuid $agent --regid $agent --init-groups env -i HOME=$work/$agent USER=$agent PATH=/usr/bin:/bin LANG=C.UTF-8 TERM=xterm-256color casebench demo --reset; echo exited \$?; sleep 30"
screen=""
for _ in $(seq 100); do
    screen=$(tmux -L "$socket" capture-pane -p)
    [[ $screen == *F10Quit* && $screen == *"Dune Laundry"* ]] && break
    sleep 0.2
done
[[ $screen == *F10Quit* && $screen == *"Dune Laundry"* ]] || fail "demo did not show its queue: $screen"
tmux -L "$socket" send-keys q
for _ in $(seq 50); do
    screen=$(tmux -L "$socket" capture-pane -p)
    [[ $screen == *"exited "* ]] && break
    sleep 0.2
done
[[ $screen == *"exited 0"* ]] || fail "demo did not quit cleanly: $screen"
[ -s "$work/$agent/.local/share/casebench/training.sqlite" ] || fail "demo made no training database in the user's home"
check "demo --reset under tmux as $agent: the queue shown, quit with status 0"

# The desk's database, made by root in the group's folder; people added; master data loaded
casebench init --group casebench --db "$db" >/dev/null
casebench users add "$agent" agent --db "$db" >/dev/null
casebench users add "$supervisor" supervisor --db "$db" >/dev/null
(cd /usr/share/casebench/data/showcase && casebench import --db "$db" customers.csv items.csv \
    warranty-templates.csv assets.csv rules.csv >/dev/null)

# The two-account check against the installed program, each in a folder of her own: batch
# works, sqlite3 is refused, the trail names each account
opened=$(cd "$work/$agent" && echo "open C-1 SN-1-1 Heater blows cold" | as_user "$agent" casebench batch --db "$db")
[[ $opened == *"opened case 1"* ]] || fail "the agent's batch said: $opened"
verified=$(cd / && echo "verify 1" | as_user "$supervisor" casebench batch --db "$db")
[[ $verified == *"case 1: "* ]] || fail "the supervisor's batch said: $verified"
if as_user "$agent" sqlite3 "$db" "UPDATE app_user SET role = 'admin'" 2>"$work/sqlite3.err"; then
    fail "sqlite3 could write the database as $agent"
fi
grep -q "unable to open database" "$work/sqlite3.err" || fail "sqlite3 said: $(cat "$work/sqlite3.err")"
trail=$(casebench audit show --case 1 --db "$db")
[[ $trail == *"$agent command: open C-1 SN-1-1"* && $trail == *"$supervisor command: verify 1"* ]] ||
    fail "the trail does not name both accounts: $trail"
casebench audit verify --db "$db" >/dev/null || fail "audit verify"
check "two accounts: $agent opened case 1, $supervisor verified it, each from another folder; sqlite3 refused"
doctor=$(as_user "$agent" casebench doctor --db "$db") || fail "doctor as $agent: $doctor"
[[ $doctor == *"datasets  /usr/share/casebench/data — the installed prefix"* && $doctor == *"ok    opens"* ]] ||
    fail "doctor as $agent: $doctor"
check "doctor as $agent: the installed prefix's files, the desk's database opens"

# remove keeps the configuration and the databases; purge keeps only the databases
dpkg --remove casebench >/dev/null
[ -f /etc/casebench/config.toml ] || fail "remove deleted the configuration"
[ -f "$db" ] || fail "remove deleted the database"
check "remove keeps /etc/casebench/config.toml and $db"
# A PostgreSQL desk's password, which root wrote there by hand
credentials=/etc/casebench/credentials.toml
install -m 0640 -g casebench /dev/null "$credentials"
dpkg --purge casebench >"$work/purge.out" 2>&1
sed 's/^/      /' "$work/purge.out"
grep -q "purge keeps the databases in /var/lib/casebench" "$work/purge.out" || fail "purge did not say where the databases are: $(cat "$work/purge.out")"
grep -q "purge keeps $credentials, the desk's" "$work/purge.out" || fail "purge did not say it kept $credentials"
[ -f "$credentials" ] || fail "purge deleted $credentials, which root made"
rm "$credentials"
rmdir /etc/casebench 2>/dev/null || fail "purge left in /etc/casebench: $(ls -A /etc/casebench)"
while read -r file; do
    case $file in /var/lib/casebench | /var/lib/casebench/*) continue ;; esac
    # Shared folders (/usr, /usr/share/man…) stay; the package's own may not
    if [ -f "$file" ] || { [ -d "$file" ] && [[ $file == */casebench* ]]; }; then fail "purge left $file"; fi
done <"$work/files"
if getent group casebench >/dev/null; then fail "purge left the casebench group"; fi
if dpkg-statoverride --list /usr/bin/casebench >/dev/null; then fail "purge left the statoverride"; fi
for file in /var/lib/casebench/*; do
    [[ $(basename "$file") == prod.sqlite* ]] || fail "purge left $file, which is no database's"
done
[ -f "$db" ] || fail "purge deleted the database"
check "purge: the program, its files, configuration, override and group gone; left: $(ls /var/lib/casebench | tr '\n' ' ')"
echo "package-check: all checks passed"
