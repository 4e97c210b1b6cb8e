#!/usr/bin/env python3
"""Summarises scripts/compare's raw.jsonl: medians per server and scenario, ratios to C-on-libev,
a Markdown table (table.md, also printed) and an SVG bar chart (chart.svg). Metadata on stdin."""
import json
import statistics
import sys

raw_path, out = sys.argv[1], sys.argv[2]
meta = sys.stdin.read().strip()
REF, OURS = "libev", "reactor"
NAMES = {
    "S1": ("ping-pong, 1 conn x 64 B", "msg/s"),
    "S2": ("100 conns x 64 B, depth 1", "msg/s"),
    "S3": ("100 conns x 64 B, depth 16", "msg/s"),
    "S4": ("10 conns x 16 KiB, depth 4", "MB/s"),
    "S5": ("churn: connect/echo/close x 4", "conn/s"),
    "S7": ("UDP 10 sockets x 512 B, depth 4", "msg/s"),
}

runs = [json.loads(line) for line in open(raw_path) if line.strip()]
scenarios = [s for s in NAMES if any(r["scenario"] == s for r in runs)]


# A run is disturbed when the server or the load generator waited for its CPU (run-queue time from
# schedstat) for more than this share of the run: other work on the shared machine had the core. The
# figures use the undisturbed runs of a scenario when every server has at least one, all runs otherwise.
DISTURBED = 0.03


def disturbed(r):
    length = float(r.get("duration_s", 0)) + float(r.get("warmup_s", 0))
    return length > 0 and max(r.get("server_wait_s", 0), r.get("client_wait_s", 0)) > DISTURBED * length


def selected(scenario, server):
    mine = [r for r in runs if r["scenario"] == scenario and r["server"] == server]
    clean = {name: [r for r in runs if r["scenario"] == scenario and r["server"] == name and not disturbed(r)]
             for name in (REF, OURS)}
    return [r for r in mine if not disturbed(r)] if all(clean.values()) else mine


def median(scenario, server, key):
    values = [r.get(key, 0) for r in selected(scenario, server)]
    return statistics.median(values) if values else 0


def primary(scenario, server):
    return median(scenario, server, "mb_per_s" if NAMES[scenario][1] == "MB/s" else "messages_per_s")


def spread(scenario, server):
    """The lowest and highest throughput of the runs used: a wide range that both servers share says the
    scenario itself is unstable (S3 falls into a fast or a slow regime from run to run, whatever the
    server), so one median against the other is a coin toss there."""
    key = "mb_per_s" if NAMES[scenario][1] == "MB/s" else "messages_per_s"
    values = [r.get(key, 0) for r in selected(scenario, server)]
    return (min(values), max(values)) if values else (0, 0)


def short(value):
    return f"{value / 1e6:.2f}M" if value >= 1e6 else f"{value / 1e3:.0f}k" if value >= 1e4 else f"{value:,.0f}"


def cpu_per_message(scenario, server):
    values = [r["server_cpu_s"] * 1e6 / r["all_messages"] for r in selected(scenario, server) if r.get("all_messages")]
    return statistics.median(values) if values else 0


def failures(scenario, server):
    return sum(r.get("errors", 0) + r.get("mismatches", 0) + r.get("undrained", 0) + (r.get("exit", 0) != 0)
               for r in runs if r["scenario"] == scenario and r["server"] == server)


def ratio(a, b):
    return a / b if b else float("nan")


rows = []
for s in scenarios:
    ref, ours = primary(s, REF), primary(s, OURS)
    rows.append(dict(
        scenario=s, name=NAMES[s][0], unit=NAMES[s][1], ref=ref, ours=ours, ratio=ratio(ours, ref),
        p99_ref=median(s, REF, "p99_us"), p99_ours=median(s, OURS, "p99_us"),
        cpu_ref=cpu_per_message(s, REF), cpu_ours=cpu_per_message(s, OURS),
        cpus_ref=median(s, REF, "server_cpu_s"), cpus_ours=median(s, OURS, "server_cpu_s"),
        rss_ref=median(s, REF, "peak_rss_kib"), rss_ours=median(s, OURS, "peak_rss_kib"),
        wait_ref=median(s, REF, "server_wait_s"), wait_ours=median(s, OURS, "server_wait_s"),
        spread_ref=spread(s, REF), spread_ours=spread(s, OURS),
        failures=failures(s, REF) + failures(s, OURS),
        used=f"{len(selected(s, REF))}+{len(selected(s, OURS))}"))

rounds = max((r["round"] for r in runs), default=0)
lines = [
    "| scenario | C on libev | reactor-echo | **throughput ratio** | lowest-highest run C / reactor | p99 µs C / reactor (ratio) "
    "| server CPU µs/msg C / reactor (ratio) | server CPU s C / reactor | server waited for its CPU, s C / reactor "
    "| peak RSS KiB C / reactor | runs used C+reactor | errors |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|",
]
for r in rows:
    lines.append(
        f"| {r['scenario']} {r['name']} | {r['ref']:,.0f} {r['unit']} | {r['ours']:,.0f} {r['unit']} | **{r['ratio']:.2f}** "
        f"| {short(r['spread_ref'][0])}-{short(r['spread_ref'][1])} / {short(r['spread_ours'][0])}-{short(r['spread_ours'][1])} "
        f"| {r['p99_ref']:.0f} / {r['p99_ours']:.0f} ({ratio(r['p99_ours'], r['p99_ref']):.2f}) "
        f"| {r['cpu_ref']:.2f} / {r['cpu_ours']:.2f} ({ratio(r['cpu_ours'], r['cpu_ref']):.2f}) "
        f"| {r['cpus_ref']:.2f} / {r['cpus_ours']:.2f} | {r['wait_ref']:.2f} / {r['wait_ours']:.2f} "
        f"| {r['rss_ref']:,.0f} / {r['rss_ours']:,.0f} | {r['used']} | {r['failures']} |")
table = "\n".join(lines)
notes = (f"Medians of {rounds} interleaved round(s) per server; ratios are reactor / C (throughput: higher is better; "
         "p99 and CPU: lower is better). Server CPU covers the whole run (warm-up and drain included) and is divided "
         "by every message echoed in it. \"Waited for its CPU\" is the server's run-queue time (schedstat): "
         "well above zero, other work on the machine took the server's core and that run's throughput says "
         "more about the neighbours than about the server. Runs in which the server or echo-bench waited for "
         f"its CPU more than {DISTURBED:.0%} of the run are left out when both servers keep at least one "
         "(\"runs used\"); the CPU-per-message column stays meaningful either way.")
text = f"{table}\n\n{notes}\n\n```\n{meta}\n```\n"
open(f"{out}/table.md", "w").write(text)
print(text)

# The chart: one group per scenario, the C bar at 1.0 and reactor-echo's ratio; a line at the 0.95 target.
width, height, left, bottom, top = 760, 340, 60, 70, 40
group = (width - left - 20) / max(len(rows), 1)
bar = min(34, group / 3)
top_value = max([1.2] + [r["ratio"] * 1.1 for r in rows if r["ratio"] == r["ratio"]])
scale = (height - bottom - top) / top_value


def y(value):
    return height - bottom - value * scale


svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
       f'<rect width="{width}" height="{height}" fill="white"/>',
       f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">Throughput relative to the same server in C on libev (higher is better)</text>']
for tick in [0, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0]:
    if tick > top_value:
        break
    svg.append(f'<line x1="{left}" x2="{width - 20}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#ddd"/>')
    svg.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.2f}</text>')
svg.append(f'<line x1="{left}" x2="{width - 20}" y1="{y(0.95):.1f}" y2="{y(0.95):.1f}" stroke="#c00" stroke-dasharray="5,4"/>')
svg.append(f'<text x="{width - 22}" y="{y(0.95) + 14:.1f}" text-anchor="end" fill="#c00">target 0.95</text>')
for index, r in enumerate(rows):
    x0 = left + index * group + group / 2 - bar - 2
    for offset, (value, colour, label) in enumerate([(1.0, "#9aa5b1", "C"), (r["ratio"], "#f05138", "Swift")]):
        if value != value:
            continue
        x = x0 + offset * (bar + 4)
        svg.append(f'<rect x="{x:.1f}" y="{y(value):.1f}" width="{bar:.1f}" height="{value * scale:.1f}" fill="{colour}"/>')
        svg.append(f'<text x="{x + bar / 2:.1f}" y="{y(value) - 4:.1f}" text-anchor="middle">{value:.2f}</text>')
    cx = left + index * group + group / 2
    svg.append(f'<text x="{cx:.1f}" y="{height - bottom + 18}" text-anchor="middle" font-weight="bold">{r["scenario"]}</text>')
    svg.append(f'<text x="{cx:.1f}" y="{height - bottom + 34}" text-anchor="middle" font-size="10">{r["unit"]}</text>')
legend_y = height - 16
svg.append(f'<rect x="{left}" y="{legend_y - 10}" width="12" height="12" fill="#9aa5b1"/>'
           f'<text x="{left + 16}" y="{legend_y}">C on libev (1.00)</text>')
svg.append(f'<rect x="{left + 150}" y="{legend_y - 10}" width="12" height="12" fill="#f05138"/>'
           f'<text x="{left + 166}" y="{legend_y}">reactor-echo (Swift, this package)</text>')
svg.append("</svg>")
open(f"{out}/chart.svg", "w").write("\n".join(svg) + "\n")
