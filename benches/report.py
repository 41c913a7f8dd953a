#!/usr/bin/env python3
"""Prints the benchmark's table from the figures benches/run.sh collected.

usage: report.py RESULTS.tsv [VERSIONS.txt]
       report.py --cards RESULTS.tsv

RESULTS.tsv has one line per tool and size: tool, articles, median wall (s), standard deviation
(s), median peak resident memory (KiB, 0 when unknown), median user+system CPU time (s, 0 when
unknown). Standard library only.
"""
import sys

NAMES = {
    "herald": "herald, minimal templates",
    "herald-theme": "herald, bundled theme",
    "herald-shortcodes": "herald, bundled theme, 2 shortcode calls per article",
    "herald-plain-code": "herald, minimal templates, code not highlighted",
    "herald-cold-code": "herald, minimal templates, no highlighting cache",
    "herald-baseline": "herald baseline (HERALD_BASELINE), minimal templates",
    "hugo": "Hugo",
    "zola": "Zola",
    "mdbook": "mdBook",
    "jekyll": "Jekyll",
    "floor-read": "floor: read the Markdown (cat)",
    "floor-copy": "floor: copy the Markdown (cp -r)",
    "floor-pulldown": "floor: pulldown-cmark alone, 1 thread",
    "floor-markdown": "herald's Markdown stage alone, 1 thread",
}
PEERS = ["hugo", "zola", "mdbook", "jekyll"]
# Issue 23's targets. At 10,000 articles, herald (minimal templates) against each peer, where a
# build's fixed costs (start-up, templates) no longer weigh:
TARGETS = [("wall", "hugo", 0.12), ("memory", "hugo", 0.08)]
TARGET_SIZE = 10000
# The bundled theme's build within this factor of the minimal templates' (same size).
THEME_TARGET = 1.5
# herald's Markdown stage within this factor of pulldown-cmark alone on the same files.
MARKDOWN_TARGET = 1.3
# At 100,000 articles: wall, peak memory, and growth of wall time from 10,000.
SCALE_SIZE = 100000
SCALE_WALL = 12.0
SCALE_MEMORY_KIB = 2 * 1024 * 1024
SCALE_GROWTH = 10.0


def load(path):
    rows = {}
    for line in open(path):
        f = line.rstrip("\n").split("\t")
        if len(f) == 6:
            rows[(f[0], int(f[1]))] = (float(f[2]), float(f[3]), int(f[4]), float(f[5]))
    return rows


def secs(s):
    return "%.3f s" % s if s < 1 else "%.2f s" % s


def mib(kib):
    return "%d MiB" % round(kib / 1024) if kib else "n/a"


def main():
    if sys.argv[1] == "--cards":
        return cards(load(sys.argv[2]))
    rows = load(sys.argv[1])
    if len(sys.argv) > 2:
        for line in open(sys.argv[2]):
            print(line.lstrip("# ").rstrip())
        print()
    sizes = sorted({n for (_, n) in rows})
    tools = [t for t in NAMES if any((t, n) in rows for n in sizes)]
    print("| tool | articles | wall (median) | ± | CPU (user+sys) | peak memory | articles/s | herald ÷ tool: wall | CPU | memory |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for n in sizes:
        me = rows.get(("herald", n))
        for t in tools:
            if (t, n) not in rows:
                continue
            wall, sd, mem, cpu = rows[(t, n)]
            rate = "%d" % (n / wall) if wall and not t.startswith("floor") else ""
            rw = rc = rm = ""
            if me and t in PEERS:
                rw = "%.2f" % (me[0] / wall)
                rc = "%.2f" % (me[3] / cpu) if cpu and me[3] else ""
                rm = "%.2f" % (me[2] / mem) if mem and me[2] else ""
            floor = t.startswith("floor")
            print("| %s | %s | %s | %.3f | %s | %s | %s | %s | %s | %s |" % (
                NAMES[t], format(n, ","), secs(wall), sd, "" if floor or not cpu else secs(cpu),
                "" if floor else mib(mem), rate, rw, rc, rm))
    print()
    for lo, hi in zip(sizes, sizes[1:]):
        growth = []
        for t in tools:
            if (t, lo) in rows and (t, hi) in rows and not t.startswith("floor-read"):
                growth.append("%s %.1fx" % (NAMES[t], rows[(t, hi)][0] / rows[(t, lo)][0]))
        print("Growth of wall time from %s to %s articles: %s." % (format(lo, ","), format(hi, ","), "; ".join(growth)))
        print()
    targets(rows, sizes)


def targets(rows, sizes):
    """Judges issue 23's targets on the sizes they are set for; says which were not measured."""
    lines = []
    me = rows.get(("herald", TARGET_SIZE))
    for what, peer, limit in TARGETS:
        other = rows.get((peer, TARGET_SIZE))
        i = 0 if what == "wall" else 2
        if not me or not other or not other[i] or not me[i]:
            lines.append("- %s vs %s <= %.2f: not measured" % (what, NAMES[peer], limit))
            continue
        lines.append(judge("%s vs %s <= %.2f" % (what, NAMES[peer], limit), me[i] / other[i], "%.2f", limit))
    theme = rows.get(("herald-theme", TARGET_SIZE))
    if me and theme:
        lines.append(judge("bundled theme vs minimal templates <= %.1fx" % THEME_TARGET, theme[0] / me[0], "%.1fx",
                           THEME_TARGET))
    md, pulldown = rows.get(("floor-markdown", TARGET_SIZE)), rows.get(("floor-pulldown", TARGET_SIZE))
    if md and pulldown:
        lines.append(judge("Markdown stage vs pulldown-cmark alone <= %.1fx" % MARKDOWN_TARGET, md[0] / pulldown[0],
                           "%.1fx", MARKDOWN_TARGET))
    scale = rows.get(("herald", SCALE_SIZE))
    if scale:
        lines.append(judge("wall at %s <= %.0f s" % (format(SCALE_SIZE, ","), SCALE_WALL), scale[0], "%.1f s",
                           SCALE_WALL))
        if scale[2]:
            lines.append(judge("peak memory at %s <= 2 GiB" % format(SCALE_SIZE, ","), scale[2] / 1024 / 1024,
                               "%.2f GiB", SCALE_MEMORY_KIB / 1024 / 1024))
        if me:
            lines.append(judge("growth %s -> %s <= %.0fx" % (format(TARGET_SIZE, ","), format(SCALE_SIZE, ","),
                                                             SCALE_GROWTH), scale[0] / me[0], "%.1fx", SCALE_GROWTH))
    else:
        lines.append("- scale (%s articles): not measured (SIZES=\"10000 100000\" runs it)" % format(SCALE_SIZE, ","))
    if TARGET_SIZE not in sizes:
        lines.insert(0, "- the targets are set at %s articles, which this run did not build" % format(TARGET_SIZE, ","))
    print("Targets (issue 23), herald with minimal templates unless named:")
    print("\n".join(lines))
    print()


def judge(what, value, fmt, limit):
    return "- %s: %s, %s" % (what, fmt % value, "met" if value <= limit else "MISSED")


def cards(rows):
    for (t, n), (wall, _, mem, _) in sorted(rows.items()):
        if t != "cards-cold":
            continue
        warm = rows.get(("cards-warm", n))
        base = rows.get(("herald-theme", n))
        line = "social cards, %s articles (bundled theme): first build %s, %s" % (format(n, ","), secs(wall), mib(mem))
        if base:
            line += " (+%s over the same build without cards)" % secs(wall - base[0])
        if warm:
            line += "; rebuild with the cache warm %s" % secs(warm[0])
            if base:
                line += " (+%s)" % secs(warm[0] - base[0])
        print(line)


if __name__ == "__main__":
    main()
