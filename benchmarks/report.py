"""Turns compare.sh's output into RESULTS.md and an SVG bar chart (drawn here, no plotting library).

Usage: report.py OUT_DIR RESULTS_MD
Reads OUT_DIR/machine.tsv, status.tsv, runs.tsv (+ the raw wrk output they name), idle.tsv,
idle-100k.tsv; writes RESULTS_MD and OUT_DIR/chart.svg.
"""
import csv
import os
import re
import statistics
import sys
from html import escape

ORDER = ["picoev-epoll", "picoev-nio", "picoev-epoll-observed", "netty", "tomcat", "webflux"]
PICOEV = ["picoev-epoll", "picoev-nio", "picoev-epoll-observed"]
PEERS = ["netty", "tomcat", "webflux"]
WHAT = {
    "picoev-epoll": "sample app (Spring Boot 4 + picoev starter), `picoev.loops=1`, `picoev.transport=epoll`, "
                    "`picoev.observations.enabled=false` (the peers record no per-request metrics either)",
    "picoev-nio": "sample app (Spring Boot 4 + picoev starter), `picoev.loops=1`, `picoev.transport=nio`, "
                  "`picoev.observations.enabled=false`",
    "picoev-epoll-observed": "the sample app as shipped, on epoll: Actuator's `http.server.requests` observation "
                             "on every request (W5 not run: idle connections make no observations)",
    "netty": "Netty 4.2 native epoll, `HttpServerCodec` + one handler, flush per read batch, one event loop thread",
    "tomcat": "Spring Boot 4 + Tomcat, `@RestController` (Boot's default 200 worker threads, all on the one core)",
    "webflux": "Spring Boot 4 + WebFlux on Reactor Netty, `@RestController`, `reactor.netty.ioWorkerCount=1`",
}
WORKLOADS = {
    "W1": "GET /plaintext, keep-alive, 64 connections",
    "W2": "GET /plaintext, 16-deep pipelining, 64 connections",
    "W3": "GET /json, keep-alive, 64 connections",
    "W4": "GET /plaintext, `Connection: close`, 32 connections",
}
COLOR = {"picoev-epoll": "#d9480f", "picoev-nio": "#f08c00", "picoev-epoll-observed": "#e8590c", "netty": "#1c7ed6",
         "tomcat": "#5c940d", "webflux": "#7048e8"}
UNIT = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def parse_wrk(path):
    text = open(path).read()
    run = {}
    m = re.search(r"(\d+) requests in ([\d.]+)(\w+)", text)
    run["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Requests/sec:\s+([\d.]+)", text)
    run["rps"] = float(m.group(1)) if m else 0.0
    for pct in ("50", "99"):
        m = re.search(r"^\s+" + pct + r"%\s+([\d.]+)(us|ms|s|m)\s*$", text, re.M)
        run["p" + pct] = float(m.group(1)) * UNIT[m.group(2)] if m else None
    if run["p99"] is not None and (run["p99"] <= 0 or run["p50"] is not None and run["p99"] < run["p50"]):
        run["p99"] = None  # wrk prints "99% 0.00us" under the pipeline script: no figure rather than a wrong one
    errors = []
    m = re.search(r"Socket errors: (.*)", text)
    if m:
        errors.append("socket errors: " + m.group(1).strip())
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    if m:
        errors.append(m.group(1) + " non-2xx")
    run["errors"] = "; ".join(errors)
    return run


def fmt_int(x):
    return f"{x:,.0f}"


def fmt_time(seconds):
    if seconds is None:
        return "—"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def summarize(out):
    """{(server, workload): {rps, rps_min, rps_max, p50, p99, cpu_us, errors, reps}}"""
    runs = {}
    for row in read_tsv(os.path.join(out, "runs.tsv")):
        run = parse_wrk(os.path.join(out, "raw", row["file"]))
        run["cpu_us"] = float(row["cpu_seconds"]) / run["requests"] * 1e6 if run["requests"] else None
        runs.setdefault((row["server"], row["workload"]), []).append(run)
    summary = {}
    for key, reps in runs.items():
        ok = [r for r in reps if r["requests"]]
        if not ok:
            summary[key] = None
            continue
        rps = [r["rps"] for r in ok]
        med = lambda k: statistics.median([r[k] for r in ok if r[k] is not None]) \
            if any(r[k] is not None for r in ok) else None
        summary[key] = {"rps": statistics.median(rps), "rps_min": min(rps), "rps_max": max(rps),
                        "p50": med("p50"), "p99": med("p99"), "cpu_us": med("cpu_us"),
                        "errors": "; ".join(sorted({r["errors"] for r in ok if r["errors"]})),
                        "reps": len(ok)}
    return summary


def idle_rows(path):
    rows = {}
    for row in read_tsv(path):
        if row["open_seconds"] == "failed":
            rows[row["server"]] = {"failed": True, "n": int(row["connections"])}
            continue
        n = int(row["connections"])
        rows[row["server"]] = {
            "failed": False, "n": n, "open": float(row["open_seconds"]),
            "still_open": int(row["still_open"]),
            "rss": (int(row["rss_after"]) - int(row["rss_before"])) / n,
            "heap": (int(row["heap_after"]) - int(row["heap_before"])) / n,
        }
    return rows


def ratio(a, b):
    if not a or not b:
        return "—"
    r = a / b
    return f"{r:.1f}×" if r >= 10 else f"{r:.2f}×" if r >= 0.1 else f"{r:.3f}×"


def chart(summary, idle, servers, title, subtitle, path):
    """Small multiples: one panel per measure, one horizontal bar per server."""
    panels = [(f"{w} {WORKLOADS[w].split(',')[0]}{', pipelined' if w == 'W2' else ''}"
               f"{', Connection: close' if w == 'W4' else ''}: requests/s (higher is better)",
               {s: summary.get((s, w)) and summary[(s, w)]["rps"] for s in servers},
               {s: summary.get((s, w)) and (summary[(s, w)]["rps_min"], summary[(s, w)]["rps_max"]) for s in servers},
               fmt_int) for w in WORKLOADS]
    panels.append(("W1: server CPU µs per request (lower is better)",
                   {s: summary.get((s, "W1")) and summary[(s, "W1")]["cpu_us"] for s in servers}, {},
                   lambda v: f"{v:.2f}"))
    panels.append(("W5: live heap bytes per idle connection (lower is better)",
                   {s: idle.get(s) and not idle[s]["failed"] and idle[s]["heap"] for s in servers}, {},
                   fmt_int))
    col_w, label_w, bar_h, gap = 460, 95, 18, 6
    panel_h = 34 + len(servers) * (bar_h + gap)
    width, top = 2 * col_w + 20, 64
    height = top + ((len(panels) + 1) // 2) * (panel_h + 16)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="22" font-size="16" font-weight="bold">{escape(title)}</text>',
           f'<text x="10" y="42" fill="{"#c92a2a" if subtitle.startswith("SMOKE") else "#495057"}">{escape(subtitle)}</text>']
    for i, (name, values, ranges, fmt) in enumerate(panels):
        x0 = 10 + (i % 2) * (col_w + 10)
        y0 = top + (i // 2) * (panel_h + 16)
        svg.append(f'<text x="{x0}" y="{y0 + 14}" font-weight="bold">{escape(name)}</text>')
        present = [v for v in values.values() if v]
        top_value = max([v for v in present] + [r[1] for r in ranges.values() if r]) if present else 1
        scale = (col_w - label_w - 80) / top_value
        for j, s in enumerate(servers):
            y = y0 + 26 + j * (bar_h + gap)
            svg.append(f'<text x="{x0 + label_w - 6}" y="{y + 13}" text-anchor="end">{escape(s)}</text>')
            v = values.get(s)
            if not v:
                svg.append(f'<text x="{x0 + label_w + 4}" y="{y + 13}" fill="#868e96">no result</text>')
                continue
            w = max(1.0, v * scale)
            svg.append(f'<rect x="{x0 + label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="{COLOR.get(s, "#868e96")}"/>')
            r = ranges.get(s)
            end = w
            if r:  # min–max whisker
                a, b = x0 + label_w + r[0] * scale, x0 + label_w + r[1] * scale
                svg.append(f'<line x1="{a:.1f}" y1="{y + bar_h / 2}" x2="{b:.1f}" y2="{y + bar_h / 2}" stroke="#212529"/>')
                end = max(w, r[1] * scale)
            svg.append(f'<text x="{x0 + label_w + end + 4:.1f}" y="{y + 13}">{escape(fmt(v))}</text>')
    svg.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(svg) + "\n")


def main():
    out, results = sys.argv[1], sys.argv[2]
    machine = {r[0]: r[1] for r in csv.reader(open(os.path.join(out, "machine.tsv")), delimiter="\t")} \
        if os.path.exists(os.path.join(out, "machine.tsv")) else {}
    status = {r[0]: r[1] for r in csv.reader(open(os.path.join(out, "status.tsv")), delimiter="\t")} \
        if os.path.exists(os.path.join(out, "status.tsv")) else {}
    summary = summarize(out)
    idle = idle_rows(os.path.join(out, "idle.tsv"))
    big = idle_rows(os.path.join(out, "idle-100k.tsv"))
    skipped_path = os.path.join(out, "idle-100k-skipped.txt")
    big_skipped = open(skipped_path).read().strip() if os.path.exists(skipped_path) else None
    note_path = os.path.join(out, "idle-100k-note.txt")
    big_note = open(note_path).read().strip() if os.path.exists(note_path) else None
    servers = [s for s in ORDER if s in status] + [s for s in status if s not in ORDER]
    ran = [s for s in servers if status.get(s) == "ran"]
    smoke = (float(machine.get("duration", 10)) < 10 or int(machine.get("reps", 3)) < 3
             or any(r["n"] < 10000 for r in idle.values()))
    rel = os.path.relpath(out, os.path.dirname(os.path.abspath(results)) or ".")
    title = "picoev beside Netty, Tomcat and WebFlux: one I/O thread on one core, wrk on the other"
    jdk = re.search(r'"([^"]+)"', machine.get("jdk", ""))
    subtitle = f"{machine.get('date', '')}, {machine.get('cpu', '').split(',')[-1].strip()}, JDK {jdk.group(1) if jdk else '?'}; " \
        f"median of {machine.get('reps', '?')} runs, whiskers min-max; tables in benchmarks/RESULTS.md"
    if smoke:
        subtitle = "SMOKE RUN: short runs on a busy machine, numbers meaningless; " + machine.get("date", "")
    chart(summary, idle, ran, title, subtitle, os.path.join(out, "chart.svg"))

    md = ["# Benchmarks: picoev beside Netty, Tomcat and Reactor Netty", ""]
    if smoke:
        md += ["> **Smoke run**: short durations on a busy machine, to check the pipeline only. These numbers",
               "> mean nothing; replace this file with a full run of `benchmarks/compare.sh`.", ""]
    md += [f"`benchmarks/compare.sh`, {machine.get('date', '?')}, commit {machine.get('commit', '?')}.", "",
           f"- machine: {machine.get('cpu', '?')}; {machine.get('kernel', '?')}",
           f"- JDK: {machine.get('jdk', '?')}; load: {machine.get('wrk', '?')}",
           f"- {machine.get('settings', '')}",
           "- each server runs alone, with one I/O thread, pinned with `taskset` to one core; `wrk -t1` and the",
           "  idle clients are pinned to the other. On two cores wrk saturates near the fastest servers, so",
           "  **CPU per request** (server process user + sys over the run ÷ requests) is what ranks them.",
           f"- raw wrk output (server logs beside it are not committed): [`{rel}/raw/`]({rel}/raw/)", "",
           f"![requests per second, CPU per request and heap per idle connection]({rel}/chart.svg)", "",
           "## Servers", "", "| server | what | status |", "|---|---|---|"]
    md += [f"| {s} | {WHAT.get(s, '')} | {status[s].replace('|', '/')} |" for s in servers]
    for w, what in WORKLOADS.items():
        md += ["", f"## {w}: {what}", "",
               "| server | requests/s, median (min–max) | p50 | p99 | CPU µs/request | errors |",
               "|---|---:|---:|---:|---:|---|"]
        for s in ran:
            r = summary.get((s, w))
            if not r:
                md.append(f"| {s} | no result | | | | |")
                continue
            cpu = f"{r['cpu_us']:.2f}" if r["cpu_us"] is not None else "—"
            md.append(f"| {s} | {fmt_int(r['rps'])} ({fmt_int(r['rps_min'])}–{fmt_int(r['rps_max'])}) | "
                      f"{fmt_time(r['p50'])} | {fmt_time(r['p99'])} | {cpu} | {r['errors']} |")
    n_idle = next(iter(idle.values()))["n"] if idle else 0
    md += ["", f"## W5: idle keep-alive connections ({n_idle:,} open, one request each, a fresh server)", "",
           "Growth from the server with no connections to the server holding them, each measured after a",
           "full GC (`jcmd GC.class_histogram`): live heap, which a pre-touched heap cannot hide, and RSS",
           "(which also moves as the JVM commits or gives back heap, so it is the rougher figure).", ""]
    md += idle_table(idle, ran)
    md += ["", "## Idle connections at scale (`benchmarks/idle-100k.sh`)", ""]
    if big_skipped:
        md.append(f"Not run: {big_skipped}.")
    elif big:
        if big_note:
            md += [f"**Note:** {big_note}.", ""]
        md += idle_table(big, [s for s in ORDER if s in big])
    else:
        md.append("Not run (`BIG_IDLE_CONNS=0`).")
    md += targets(summary, idle, ran)
    md += ["", "## Ratios, same run", "",
           "picoev ÷ peer. Requests/s: above 1 is picoev faster. CPU per request and bytes per connection:",
           "below 1 is picoev cheaper.", ""]
    heads = [f"{w} req/s" for w in WORKLOADS] + [f"{w} CPU/req" for w in WORKLOADS] + ["W5 heap/conn", "W5 RSS/conn"]
    md += ["| | " + " | ".join(heads) + " |", "|---|" + "---:|" * len(heads)]
    for p in [s for s in PICOEV if s in ran]:
        for peer in [s for s in ran if s != p and (s in PEERS or p == "picoev-epoll")]:
            cells = []
            for w in WORKLOADS:
                a, b = summary.get((p, w)), summary.get((peer, w))
                cells.append(ratio(a and a["rps"], b and b["rps"]))
            for w in WORKLOADS:
                a, b = summary.get((p, w)), summary.get((peer, w))
                cells.append(ratio(a and a["cpu_us"], b and b["cpu_us"]))
            for k in ("heap", "rss"):
                a, b = idle.get(p), idle.get(peer)
                ok = a and b and not a["failed"] and not b["failed"] and a[k] > 0 and b[k] > 0
                cells.append(ratio(a[k], b[k]) if ok else "—")
            md.append(f"| {p} ÷ {peer} | " + " | ".join(cells) + " |")
    with open(results, "w") as f:
        f.write("\n".join(md) + "\n")


def targets(summary, idle, ran):
    """Issue 7's targets, computed from this run: requests per server CPU-second against Netty."""
    if "netty" not in ran:
        return []
    md = ["", "## Targets (issue 7), from this run", "",
          "Requests per server CPU-second = 1 ÷ CPU per request; the ratio is picoev's over Netty's.", "",
          "| | target | " + " | ".join(s for s in PICOEV if s in ran) + " |",
          "|---|---|" + "---:|" * len([s for s in PICOEV if s in ran])]
    for w, goal, name in (("W1", 1.1, "keep-alive requests per CPU-second ÷ Netty"),
                          ("W2", 2.0, "16-deep pipelined requests per CPU-second ÷ Netty")):
        base = summary.get(("netty", w))
        cells = []
        for s in [s for s in PICOEV if s in ran]:
            r = summary.get((s, w))
            if not (r and base and r["cpu_us"] and base["cpu_us"]):
                cells.append("—")
                continue
            x = base["cpu_us"] / r["cpu_us"]
            cells.append(f"{x:.2f}× {'met' if x >= goal else 'missed'}")
        md.append(f"| {w} {name} | ≥ {goal}× | " + " | ".join(cells) + " |")
    cells = []
    for s in [s for s in PICOEV if s in ran]:
        r = idle.get(s)
        verdict = (" met" if r["heap"] <= 300 else " missed") if r and not r["failed"] and s == "picoev-epoll" else ""
        cells.append(f"{r['heap']:,.0f} B{verdict}" if r and not r["failed"] else "—")
    md.append("| W5 live heap per idle connection (epoll) | ≤ 300 B | " + " | ".join(cells) + " |")
    return md


def idle_table(rows, servers):
    md = ["| server | connections | still open at measurement | time to open | RSS bytes/connection | "
          "live heap bytes/connection |", "|---|---:|---:|---:|---:|---:|"]
    for s in servers:
        r = rows.get(s)
        if not r:
            continue
        if r["failed"]:
            md.append(f"| {s} | {r['n']:,} | failed (see raw/idle-{s}-{r['n']}.txt) | | | |")
            continue
        md.append(f"| {s} | {r['n']:,} | {r['still_open']:,} | {r['open']:.2f} s | {fmt_int(r['rss'])} | "
                  f"{fmt_int(r['heap'])} |")
    return md


if __name__ == "__main__":
    main()
