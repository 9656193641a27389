#!/usr/bin/env python3
"""The workbench as a terminal sees it, beside `less` (and tig where installed) in the same run.

    python3 Benchmarks/screen.py --bin .build/release/casebench --db DB [--presses 200]
    python3 Benchmarks/screen.py --bin … --db DB --postgres URL    # the same desk on both engines

Starts each program in a pseudo-terminal of the given size, waits for its first frame to
settle (no byte for QUIET ms), then presses keys one at a time and times, for each press,
the first byte of the answer (the queue's own move: the rows are drawn before the case's
details are read) and the last (everything settled, details included), and counts the bytes.
Prints tab-separated rows: measure, Casebench, floor or peer, ratio (empty where none).
Warm cache: each program runs its whole sequence once before the run that is measured.
With --postgres (the same desk moved there, `casebench migrate --to`), the workbench on each
engine instead, in one run: measure, SQLite, PostgreSQL, the ratio PostgreSQL / SQLite.
"""
import argparse, fcntl, os, pty, re, select, sqlite3, statistics, struct, subprocess, tempfile, termios, time

KEYS = {"down": b"\x1b[B", "pgdn": b"\x1b[6~", "home": b"\x1bOH", "end": b"\x1bOF", "esc": b"\x1b",
        "enter": b"\r", "slash": b"/", "q": b"q", "7": b"7", "1": b"1"}


class Terminal:
    """One program in a pseudo-terminal, its output read until quiet."""

    def __init__(self, argv, cols, rows, env, quiet):
        self.quiet = quiet
        self.started = time.perf_counter()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.execve(argv[0], argv, env)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def settle(self, since, limit=60.0, until=b""):
        """Bytes until QUIET passes with none (and `until` has been seen); the times of the first
        and last byte after `since`."""
        data, first, last = bytearray(), None, since
        deadline = since + limit
        while time.perf_counter() < deadline:
            ready, _, _ = select.select([self.fd], [], [], self.quiet)
            if not ready:
                if first is not None and until in data:
                    break
                continue
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                break
            if not chunk:
                break
            now = time.perf_counter()
            first = first if first is not None else now
            last = now
            data += chunk
        return bytes(data), (first or last) - since, last - since

    def press(self, key):
        sent = time.perf_counter()
        os.write(self.fd, key)
        # A key that changes nothing on screen (Home at the top) writes nothing: 0 ms, 0 bytes.
        data, first, last = self.settle(sent, limit=2)
        return (first * 1000, last * 1000, len(data)) if data else (0.0, 0.0, 0)

    def finish(self, quit_keys=b"q"):
        os.write(self.fd, quit_keys)
        self.settle(time.perf_counter(), limit=5)
        _, _, usage = os.wait4(self.pid, 0)
        os.close(self.fd)
        return usage.ru_maxrss // 1024  # MiB


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(p / 100 * (len(xs) - 1))))]


def row(measure, mine, floor="", ratio=""):
    print(f"{measure}\t{mine}\t{floor}\t{ratio}", flush=True)


def ratio(a, b):
    return f"{a / b:.1f}×" if b > 0 else ""  # a floor below the clock's grain has no ratio


def env_for(home):
    return {"HOME": home, "PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}


def startup(argv, size, env, quiet, pattern=b""):
    """A program started and its first frame settled: quiet after `pattern` has been drawn."""
    cols, rows = size
    t = Terminal(argv, cols, rows, env, quiet)
    data, _, settled = t.settle(t.started, until=pattern)
    t.first_frame_bytes = len(data)
    return t, settled * 1000


def presses(t, key, n):
    return [t.press(KEYS[key]) for _ in range(n)]


def summary(samples, which):
    xs = [s[which] for s in samples]
    return statistics.median(xs), pct(xs, 99)


def casebench(args, env):
    """Every measure of the workbench, from its second run: the first warms the cache."""
    casebench_once(args, env)
    return casebench_once(args, env)


def casebench_once(args, env):
    argv = [args.bin, "--db", args.location]
    out = {}
    for size in [(80, 24), (200, 50)]:
        label = f"{size[0]}×{size[1]}"
        t, first_frame = startup(argv, size, env, args.quiet, b"Cases")
        out[f"first frame {label}"] = first_frame
        out[f"repaint {label}"] = t.first_frame_bytes
        downs = presses(t, "down", args.presses)
        out[f"down {label}"] = downs
        if size == (80, 24):
            out["pgdn"] = presses(t, "pgdn", max(20, args.presses // 5))
            out["home"] = presses(t, "home", 10)
            out["end"] = presses(t, "end", 10)
            out["home+end"] = out["home"] + out["end"]
            out["search"] = {}
            for view_key, view in [("1", "open"), ("7", "all")]:
                t.press(KEYS[view_key])
                for term in args.terms:
                    t.press(KEYS["slash"])
                    keystrokes = [t.press(ch.encode()) for ch in term]
                    out["search"][(view, term)] = keystrokes
                    out.setdefault("esc", []).append(t.press(KEYS["esc"]))
        out[f"rss {label}"] = t.finish()
    return out


def arrow_downs(args, env):
    """Bytes per Down with `--cursor arrow` (the selected row marked by a ▶ instead of a bar), warm."""
    argv = [args.bin, "--db", args.location, "--cursor", "arrow"]
    out = {}
    for _ in range(2):
        for size in [(80, 24), (200, 50)]:
            t, _ = startup(argv, size, env, args.quiet, b"Cases")
            out[size] = presses(t, "down", args.presses)
            t.finish()
    return out


def less_peer(args, env, lines_file):
    argv = ["/usr/bin/less", lines_file]
    t, _ = startup(argv, (80, 24), env, args.quiet)
    presses(t, "down", args.presses)
    presses(t, "pgdn", max(20, args.presses // 5))
    t.finish()
    t, first_frame = startup(argv, (80, 24), env, args.quiet)
    downs = presses(t, "down", args.presses)
    pgdn = presses(t, "pgdn", max(20, args.presses // 5))
    t.finish()
    return first_frame, downs, pgdn


def fts_floor(db, terms, floor_sql):
    """FTS5 `MATCH … LIMIT 30` per term in the sqlite3 shell, the best of twenty (ms of CPU: the
    shell's wall clock shows whole milliseconds only). The index keeps no positions, so it
    cannot read a phrase: a word of several tokens ("SN-1") is asked as its tokens, each
    present, its last as a prefix, as the workbench asks before it tests each case's text.
    The terms are ASCII, whose tokens are its runs of letters and digits."""
    template = open(floor_sql).read()
    best = {}
    for term in terms:
        words = " ".join(" ".join(f'"{t}"' for t in re.findall(r"[A-Za-z0-9]+", w)) + "*" for w in term.split())
        sql = ".timer on\n" + template.replace("{match}", words.replace("'", "''")) * 20
        out = subprocess.run(["sqlite3", db], input=sql, capture_output=True, text=True, check=True).stdout
        # "Run Time: real 0.001 user 0.000404 sys 0.000000"
        times = [(float(l.split()[5]) + float(l.split()[7])) * 1000 for l in out.splitlines()
                 if l.startswith("Run Time:")]
        best[term] = min(times)
    return best


def pick_terms(db):
    """Terms of each kind the issue names, taken from the database itself."""
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    count = c.execute("SELECT max(id) FROM service_case").fetchone()[0]
    number = str(count // 2)
    serial = c.execute("SELECT serial FROM service_case WHERE id = ?", (count // 3,)).fetchone()[0]
    customer = c.execute(
        "SELECT cu.name FROM service_case s JOIN customer cu ON cu.id = s.customer_id WHERE s.id = ?",
        (count // 5,)).fetchone()[0].split()[-1]
    c.close()
    return [number, serial, "SN-1", customer, "rattl", "s"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--presses", type=int, default=200)
    ap.add_argument("--quiet-ms", type=float, default=40)
    ap.add_argument("--postgres", help="the same desk on PostgreSQL: compare the engines")
    args = ap.parse_args()
    args.quiet = args.quiet_ms / 1000
    args.terms = pick_terms(args.db)
    args.location = args.db
    if args.postgres:
        return engines(args)
    here = os.path.dirname(os.path.abspath(__file__))
    with tempfile.TemporaryDirectory() as home:
        env = env_for(home)
        mine = casebench(args, env)
        arrow = arrow_downs(args, env)
        lines = os.path.join(home, "lines.txt")
        with open(lines, "w") as f:
            for i in range(1_000_000):
                f.write(f"{i:07d} a line of text as long as a queue row, give or take a few words\n")
        less_first, less_downs, less_pgdn = less_peer(args, env, lines)

    for label in ["80×24", "200×50"]:
        row(f"first frame settled, {label} (ms)", f"{mine['first frame ' + label]:.0f}",
            f"less {less_first:.0f}", ratio(mine["first frame " + label], less_first))
    move50, move99 = summary(mine["down 80×24"], 0)
    l50, l99 = summary(less_downs, 1)
    row("Down, the queue's move p50 / p99 (ms)", f"{move50:.1f} / {move99:.1f}", f"less {l50:.2f} / {l99:.2f}",
        ratio(move50, l50))
    s50, s99 = summary(mine["down 80×24"], 1)
    row("Down, details settled p50 / p99 (ms)", f"{s50:.1f} / {s99:.1f}", "", "")
    p50, p99 = summary(mine["pgdn"], 1)
    lp50, lp99 = summary(less_pgdn, 1)
    row("PgDn p50 / p99 (ms)", f"{p50:.1f} / {p99:.1f}", f"less {lp50:.2f} / {lp99:.2f}", ratio(p50, lp50))
    h50, h99 = summary(mine["home+end"], 1)
    row("Home, End p50 / p99 (ms)", f"{h50:.1f} / {h99:.1f}", "", "")
    floors = fts_floor(args.db, args.terms, os.path.join(here, "floors", "search.sql"))
    for view in ["open", "all"]:
        for term in args.terms:
            ks = mine["search"][(view, term)]
            k50, k99 = summary(ks, 1)
            row(f"search \"{term}\" in {view}, per keystroke p50 / p99 (ms)", f"{k50:.1f} / {k99:.1f}",
                f"FTS5 LIMIT 30 {floors[term]:.2f}", ratio(k99, floors[term]))
    e50, e99 = summary(mine["esc"], 1)
    row("Esc clearing the search p50 / p99 (ms)", f"{e50:.1f} / {e99:.1f}", "", "")
    for label in ["80×24", "200×50"]:
        b = statistics.median(s[2] for s in mine["down " + label])
        if label == "80×24":
            less_bytes = statistics.median(s[2] for s in less_downs)
            row(f"bytes per Down, {label}", f"{b:.0f}", f"less {less_bytes:.0f}", ratio(b, less_bytes))
        else:
            repaint = mine["repaint " + label]
            row(f"bytes per Down, {label}", f"{b:.0f}", f"full repaint {repaint}", ratio(b, repaint))
        size = (80, 24) if label == "80×24" else (200, 50)
        a = statistics.median(s[2] for s in arrow[size])
        row(f"bytes per Down, {label}, --cursor arrow", f"{a:.0f}", f"the bar {b:.0f}", ratio(a, b))
        row(f"peak RSS, {label} (MiB)", f"{mine['rss ' + label]}", "", "")


def engines(args):
    """The workbench on the SQLite desk and on its PostgreSQL copy, each warm, in one run."""
    measured = {}
    for engine, location in [("sqlite", args.db), ("postgres", args.postgres)]:
        args.location = location
        with tempfile.TemporaryDirectory() as home:
            measured[engine] = casebench(args, env_for(home))
    lite, pg = measured["sqlite"], measured["postgres"]

    def compare(measure, a, b, unit="ms"):
        row(f"{measure} ({unit})", f"{a:.1f}", f"{b:.1f}", ratio(b, a))

    for label in ["80×24", "200×50"]:
        compare(f"first frame settled, {label}", lite["first frame " + label], pg["first frame " + label])
    for name, key, which in [("Down, the queue's move p99", "down 80×24", 0),
                             ("Down, details settled p99", "down 80×24", 1), ("PgDn p99", "pgdn", 1),
                             ("Home, End p99", "home+end", 1), ("Esc clearing the search p99", "esc", 1)]:
        compare(name, summary(lite[key], which)[1], summary(pg[key], which)[1])
    for view in ["open", "all"]:
        for term in args.terms:
            compare(f"search \"{term}\" in {view}, per keystroke p99",
                    summary(lite["search"][(view, term)], 1)[1], summary(pg["search"][(view, term)], 1)[1])
    for label in ["80×24", "200×50"]:
        compare(f"peak RSS, {label}", lite["rss " + label], pg["rss " + label], "MiB")


if __name__ == "__main__":
    main()
