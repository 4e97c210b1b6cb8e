#!/usr/bin/env python3
"""Summarises scripts/compare's raw.jsonl: medians per server and scenario, ratios to C-on-libev, Markdown
tables (table.md, also printed) and an SVG bar chart (chart.svg). Metadata on stdin.

    compare-report.py RAW.jsonl OUT_DIR [INSTRUCTIONS.txt] < meta.txt

INSTRUCTIONS.txt, if given, holds `server mode figure` lines from ./scripts/instructions."""
import json
import statistics
import sys

raw_path, out = sys.argv[1], sys.argv[2]
instructions_path = sys.argv[3] if len(sys.argv) > 3 else None
meta = sys.stdin.read().strip()
REF = "libev"
NAMES = {
    "S1": ("ping-pong, 1 conn x 64 B", "msg/s"),
    "S2": ("100 conns x 64 B, depth 1", "msg/s"),
    "S3": ("100 conns x 64 B, depth 16", "msg/s"),
    "S4": ("10 conns x 16 KiB, depth 4", "MB/s"),
    "S5": ("churn: connect/echo/close x 4", "conn/s"),
    "S7": ("UDP 10 sockets x 512 B, depth 4", "msg/s"),
}
LABELS = {
    "libev": "C on libev", "reactor": "reactor-echo", "reactor-async": "reactor-echo --async", "nio": "SwiftNIO",
    "pysel": "Python selectors", "asyncio": "Python asyncio", "uvloop": "Python uvloop",
}
COLOURS = {
    "libev": "#9aa5b1", "reactor": "#f05138", "reactor-async": "#f7a08f", "nio": "#2f6fb0",
    "pysel": "#3d9970", "asyncio": "#85c2a3", "uvloop": "#b8860b",
}

runs = [json.loads(line) for line in open(raw_path) if line.strip()]
scenarios = [s for s in NAMES if any(r["scenario"] == s for r in runs)]
servers = list(dict.fromkeys(r["server"] for r in runs))
if REF not in servers:
    REF = servers[0]
instructions = {}
if instructions_path:
    for line in open(instructions_path):
        parts = line.split()
        if len(parts) == 3 and parts[2] != "n/a":
            instructions[(parts[0], parts[1])] = float(parts[2])

# A run is disturbed when the server or the load generator waited for its CPU (run-queue time from
# schedstat) for more than this share of the run: other work on the shared machine had the core. A
# scenario's figures use the undisturbed runs when every server keeps at least one, all runs otherwise.
DISTURBED = 0.03


def disturbed(r):
    length = float(r.get("duration_s", 0)) + float(r.get("warmup_s", 0))
    return length > 0 and max(r.get("server_wait_s", 0), r.get("client_wait_s", 0)) > DISTURBED * length


def selected(scenario, server):
    mine = [r for r in runs if r["scenario"] == scenario and r["server"] == server]
    clean = all(any(not disturbed(r) for r in runs if r["scenario"] == scenario and r["server"] == name) for name in servers)
    return [r for r in mine if not disturbed(r)] if clean else mine


def median(values):
    return statistics.median(values) if values else float("nan")


def key_of(scenario):
    return "mb_per_s" if NAMES[scenario][1] == "MB/s" else "messages_per_s"


def ratios(scenario, server):
    """The median of per-round ratios to the reference: each round's runs were side by side."""
    mine = {r["round"]: r.get(key_of(scenario), 0) for r in selected(scenario, server)}
    ref = {r["round"]: r.get(key_of(scenario), 0) for r in selected(scenario, REF)}
    values = [mine[k] / ref[k] for k in mine if k in ref and ref[k]]
    return median(values)


def figure(scenario, server, key):
    return median([r.get(key, 0) for r in selected(scenario, server)])


def cpu_per_message(scenario, server):
    return median([r["server_cpu_s"] * 1e6 / r["all_messages"] for r in selected(scenario, server) if r.get("all_messages")])


def failures(server):
    return sum(r.get("errors", 0) + r.get("mismatches", 0) + r.get("undrained", 0) + (r.get("exit", 0) != 0)
               for r in runs if r["server"] == server)


def cell(value, fmt):
    return "—" if value != value else format(value, fmt)


header = "| scenario | " + " | ".join(LABELS.get(s, s) for s in servers) + " |"
rule = "|---|" + "---|" * len(servers)
sections = []

lines = ["**Throughput, ratio to C on libev** (higher is better; C's own figure in its column)", "", header, rule]
for s in scenarios:
    row = [f"{s} {NAMES[s][0]}"]
    for name in servers:
        if name == REF:
            row.append(f"{figure(s, name, key_of(s)):,.0f} {NAMES[s][1]}")
        else:
            row.append(f"**{cell(ratios(s, name), '.2f')}**")
    lines.append("| " + " | ".join(row) + " |")
sections.append("\n".join(lines))

lines = ["**Server CPU per message, µs** (lower is better; whole run, warm-up and drain included)", "", header, rule]
for s in scenarios:
    lines.append("| " + " | ".join([f"{s}"] + [cell(cpu_per_message(s, name), ".2f") for name in servers]) + " |")
sections.append("\n".join(lines))

lines = ["**p99 latency, µs** (lower is better)", "", header, rule]
for s in scenarios:
    lines.append("| " + " | ".join([f"{s}"] + [cell(figure(s, name, "p99_us"), ".0f") for name in servers]) + " |")
sections.append("\n".join(lines))

lines = ["**Footprint and cost per message**", "", "| figure | " + " | ".join(LABELS.get(s, s) for s in servers) + " |", rule]
for s in [x for x in ("S2", "S5") if x in scenarios]:
    lines.append("| " + " | ".join([f"peak RSS, MiB ({s})"] + [cell(figure(s, name, "peak_rss_kib") / 1024, ".1f") for name in servers]) + " |")
for mode, what in (("stream", "instructions per echoed message (S2)"), ("udp", "instructions per datagram (S7)"),
                   ("churn", "instructions per connection (S5)")):
    if any(k[1] == mode for k in instructions):
        lines.append("| " + " | ".join([what] + [cell(instructions.get((name, mode), float("nan")), ",.0f") for name in servers]) + " |")
lines.append("| " + " | ".join(["runs with an error"] + [str(failures(name)) for name in servers]) + " |")
sections.append("\n".join(lines))

rounds = max((r["round"] for r in runs), default=0)
notes = (f"Medians of {rounds} interleaved round(s): in each round every server ran the scenario in turn, so a "
         "ratio is the median of per-round ratios. Server CPU covers the whole run and is divided by every "
         "message echoed in it. Runs in which the server or echo-bench waited for its CPU (run-queue time, "
         f"schedstat) more than {DISTURBED:.0%} of the run are left out when every server keeps at least one. "
         "Instructions: user space only, counted by callgrind (./scripts/instructions).")
text = "\n\n".join(sections) + f"\n\n{notes}\n\n```\n{meta}\n```\n"
open(f"{out}/table.md", "w").write(text)
print(text)

# The chart: one group per scenario, one bar per server (its throughput ratio to C on libev).
width, height, left, bottom, top = 900, 360, 60, 86, 40
group = (width - left - 20) / max(len(scenarios), 1)
bar = min(16, (group - 12) / max(len(servers), 1))
values = [ratios(s, n) if n != REF else 1.0 for s in scenarios for n in servers]
top_value = max([1.2] + [v * 1.1 for v in values if v == v])
scale = (height - bottom - top) / top_value


def y(value):
    return height - bottom - value * scale


svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">',
       f'<rect width="{width}" height="{height}" fill="white"/>',
       f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="15">Echo throughput relative to C on libev (higher is better)</text>']
tick = 0.0
while tick <= top_value:
    svg.append(f'<line x1="{left}" x2="{width - 20}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#ddd"/>')
    svg.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick:.2f}</text>')
    tick += 0.25
for index, s in enumerate(scenarios):
    x0 = left + index * group + (group - bar * len(servers)) / 2
    for offset, name in enumerate(servers):
        value = 1.0 if name == REF else ratios(s, name)
        if value != value:
            continue
        x = x0 + offset * bar
        svg.append(f'<rect x="{x:.1f}" y="{y(value):.1f}" width="{bar - 2:.1f}" height="{value * scale:.1f}" '
                   f'fill="{COLOURS.get(name, "#888")}"><title>{LABELS.get(name, name)} {s}: {value:.2f}</title></rect>')
    cx = left + index * group + group / 2
    svg.append(f'<text x="{cx:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-weight="bold">{s}</text>')
    svg.append(f'<text x="{cx:.1f}" y="{height - bottom + 30}" text-anchor="middle" font-size="9">{NAMES[s][0]}</text>')
for index, name in enumerate(servers):
    lx = left + (index % 4) * 200
    ly = height - 30 + (index // 4) * 16
    svg.append(f'<rect x="{lx}" y="{ly - 10}" width="11" height="11" fill="{COLOURS.get(name, "#888")}"/>'
               f'<text x="{lx + 15}" y="{ly}">{LABELS.get(name, name)}</text>')
svg.append("</svg>")
open(f"{out}/chart.svg", "w").write("\n".join(svg) + "\n")
