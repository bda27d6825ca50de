#!/usr/bin/env python3
"""report.py - turn bench/run's measurements into docs/PERFORMANCE.md's
tables (markdown on stdout) and a chart of throughput against threads
(throughput.svg), both in --out.

Inputs in --out: times.tsv (bench, variant, threads, rep, ops_per_s),
ir.tsv (bench, variant, ops, Ir, barriers; callgrind totals at N and 2N
operations), failures.txt.
"""
import argparse
import collections
import os
import statistics
import sys

CLANG = ("seq-clang", "mutex-clang", "stmpass", "stmpass-abi")
GCC = ("seq-gcc", "mutex-gcc", "libitm")
LINES = ("mutex-clang", "stmpass", "stmpass-abi", "mutex-gcc", "libitm")
COLOURS = {"mutex-clang": "#1f77b4", "stmpass": "#d62728", "stmpass-abi": "#ff9896", "mutex-gcc": "#17becf",
           "libitm": "#2ca02c"}
BASE = {"mutex-clang": "seq-clang", "stmpass": "seq-clang", "stmpass-abi": "seq-clang", "mutex-gcc": "seq-gcc",
        "libitm": "seq-gcc"}
ORDER = ["rbtree", "list", "hashset", "bank", "vacation"]
# Issue 7's targets: instructions per operation vs sequential at 1 thread.
IR_TARGETS = {"rbtree": 5, "hashset": 5, "bank": 4, "list": 8}
MUTEX_TARGETS = ("rbtree", "hashset")


def read_tsv(path):
    if not os.path.exists(path):
        return []
    with open(path) as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    return rows[1:]


def bench_key(name):
    base = name.replace("-contended", "")
    return (ORDER.index(base) if base in ORDER else 99, name)


def fmt(x, digits=2):
    if x is None:
        return "n/a"
    if x >= 100:
        return f"{x:.0f}"
    return f"{x:.{digits}f}"


def fmtx(x):
    return "n/a" if x is None else fmt(x) + "x"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--reps", default="?")
    ap.add_argument("--seconds", default="?")
    ap.add_argument("--threads", default="1 2 4")
    ap.add_argument("--machine", default="")
    ap.add_argument("--load", default="?")
    a = ap.parse_args()
    threads = [int(t) for t in a.threads.split()]

    samples = collections.defaultdict(list)
    for b, v, t, _rep, ops in read_tsv(os.path.join(a.out, "times.tsv")):
        samples[(b, v, int(t))].append(float(ops))
    med = {k: statistics.median(s) for k, s in samples.items()}
    benches = sorted({k[0] for k in samples}, key=bench_key)

    ir = {}
    barriers = {}
    for b, v, n, total, nb in read_tsv(os.path.join(a.out, "ir.tsv")):
        ir[(b, v, int(n))] = int(total)
        if nb:
            barriers[(b, v, int(n))] = int(nb)

    def ir_per_op(b, v):
        ns = sorted(n for (bb, vv, n) in ir if bb == b and vv == v)
        if len(ns) < 2:
            return None
        n1, n2 = ns[0], ns[-1]
        return (ir[(b, v, n2)] - ir[(b, v, n1)]) / (n2 - n1)

    def rel(b, v, t):
        x, base = med.get((b, v, t)), med.get((b, BASE[v], 1))
        return x / base if x is not None and base else None

    p = print
    p("Machine: " + a.machine + ".  ")
    p(f"Load average (1, 5, 15 min) before / after the timed runs: {a.load}; on a busy machine the "
      "timings are noisy (the callgrind counts are not).  ")
    p(f"Each point: median of {a.reps} runs of {a.seconds} s, interleaved; instructions from callgrind, "
      "1 thread, (Ir(2N) - Ir(N)) / N.")
    p("Baselines: stmpass and mutex-clang against seq-clang (clang-19 -O2); libitm and mutex-gcc against "
      "seq-gcc (gcc -O2).")
    p()
    p("### Throughput relative to sequential code (1 and 2 threads)")
    p()
    p("| benchmark | seq-clang ops/s | seq-gcc ops/s | stmpass 1t | stmpass 2t | mutex-clang 1t | mutex-clang 2t "
      "| libitm 1t | libitm 2t | mutex-gcc 1t | mutex-gcc 2t |")
    p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for b in benches:
        cells = [f"{med.get((b, 'seq-clang', 1), 0) / 1e6:.2f} M" if (b, 'seq-clang', 1) in med else "n/a",
                 f"{med.get((b, 'seq-gcc', 1), 0) / 1e6:.2f} M" if (b, 'seq-gcc', 1) in med else "n/a"]
        for v in ("stmpass", "mutex-clang", "libitm", "mutex-gcc"):
            for t in (1, 2):
                cells.append(fmt(rel(b, v, t)))
        p(f"| {b} | " + " | ".join(cells) + " |")
    p()
    p("### Instructions per operation, 1 thread (sequential: absolute; others: x sequential)")
    p()
    p("| benchmark | seq-clang Ir/op | stmpass | mutex-clang | seq-gcc Ir/op | libitm | mutex-gcc |")
    p("|---|---:|---:|---:|---:|---:|---:|")
    irr, vs = {}, {}
    for b in benches:
        sc, sg = ir_per_op(b, "seq-clang"), ir_per_op(b, "seq-gcc")
        cells = [fmt(sc, 0)]
        for v, base in (("stmpass", sc), ("mutex-clang", sc)):
            x = ir_per_op(b, v)
            irr[(b, v)] = x / base if x is not None and base else None
            cells.append(fmt(irr[(b, v)]))
        cells.append(fmt(sg, 0))
        for v, base in (("libitm", sg), ("mutex-gcc", sg)):
            x = ir_per_op(b, v)
            irr[(b, v)] = x / base if x is not None and base else None
            cells.append(fmt(irr[(b, v)]))
        p(f"| {b} | " + " | ".join(cells) + " |")
    p()
    p("### Time per operation at 1 thread, x sequential (the inverse of the 1-thread throughput ratio)")
    p()
    p("| benchmark | stmpass | mutex-clang | libitm | mutex-gcc |")
    p("|---|---:|---:|---:|---:|")
    for b in benches:
        cells = []
        for v in ("stmpass", "mutex-clang", "libitm", "mutex-gcc"):
            r = rel(b, v, 1)
            cells.append(fmt(1 / r) if r else "n/a")
        p(f"| {b} | " + " | ".join(cells) + " |")
    p()
    p("### 2 threads: stmpass against the global lock and libitm (ops/s ratios)")
    p()
    p("| benchmark | stmpass / mutex-clang | stmpass / libitm |")
    p("|---|---:|---:|")
    for b in benches:
        s = med.get((b, "stmpass", 2))
        m, i = med.get((b, "mutex-clang", 2)), med.get((b, "libitm", 2))
        vs[(b, "mutex")] = s / m if s and m else None
        vs[(b, "libitm")] = s / i if s and i else None
        p(f"| {b} | {fmt(vs[(b, 'mutex')])} | {fmt(vs[(b, 'libitm')])} |")
    p()
    hand = [b for b in benches if any((b, "stmpass-abi", t) in med for t in (1, 2))]
    if hand:
        p("### stmpass hand-instrumented (bench/abi/<benchmark>_abi.c: the plugin's expansion written by hand)")
        p()
        p("| benchmark | 1t x seq | 2t x seq | Ir/op x seq | 2t / mutex-clang 2t | 2t / libitm 2t |")
        p("|---|---:|---:|---:|---:|---:|")
        for b in hand:
            x, sc = ir_per_op(b, "stmpass-abi"), ir_per_op(b, "seq-clang")
            irr[(b, "stmpass-abi")] = x / sc if x is not None and sc else None
            s2, m2, i2 = (med.get((b, v, 2)) for v in ("stmpass-abi", "mutex-clang", "libitm"))
            vs[(b, "abi-mutex")] = s2 / m2 if s2 and m2 else None
            vs[(b, "abi-libitm")] = s2 / i2 if s2 and i2 else None
            p(f"| {b} | {fmt(rel(b, 'stmpass-abi', 1))} | {fmt(rel(b, 'stmpass-abi', 2))} | "
              f"{fmt(irr[(b, 'stmpass-abi')])} | {fmt(vs[(b, 'abi-mutex')])} | {fmt(vs[(b, 'abi-libitm')])} |")
        p()
    p("### Targets (issue 7)")
    p()
    p("| target | measured | met |")
    p("|---|---:|---|")

    def verdict(x, ok):
        return "n/a" if x is None else ("yes" if ok else "**no**")
    def pick(key_plugin, key_hand):
        """The plugin build's figure; the hand-instrumented one while there is none."""
        x = key_plugin()
        if x is not None:
            return x, ""
        x = key_hand()
        return x, (" (hand-instrumented)" if x is not None else "")
    for b, lim in IR_TARGETS.items():
        x, how = pick(lambda: irr.get((b, "stmpass")), lambda: irr.get((b, "stmpass-abi")))
        p(f"| {b}: stmpass Ir/op <= {lim}x sequential | {fmtx(x)}{how} | {verdict(x, x is not None and x <= lim)} |")
    for b in MUTEX_TARGETS:
        x, how = pick(lambda: vs.get((b, "mutex")), lambda: vs.get((b, "abi-mutex")))
        p(f"| {b}: stmpass 2t >= mutex 2t | {fmtx(x)}{how} | {verdict(x, x is not None and x >= 1)} |")
    for b in benches:
        x, how = pick(lambda: vs.get((b, "libitm")), lambda: vs.get((b, "abi-libitm")))
        p(f"| {b}: stmpass 2t >= 2x libitm 2t | {fmtx(x)}{how} | {verdict(x, x is not None and x >= 2)} |")
    p()

    look = {}
    for (b, v, n), total in ir.items():
        if b.startswith("lookup-"):
            look[(b[7:], v, n)] = (total, barriers.get((b, v, n)))
    if look:
        p("### Read barrier cost (bench/abi/lookup.c, hand-instrumented against <stm/abi.h>)")
        p()
        p("Extra instructions of the instrumented lookup over the plain one, per lookup and per barrier "
          "((Ir_stm - Ir_plain) at 2N minus the same at N).")
        p()
        p("| structure | plain Ir/lookup | stmpass Ir/lookup | barriers/lookup | extra Ir/lookup | extra Ir/barrier |")
        p("|---|---:|---:|---:|---:|---:|")
        per = {}
        for s in ("tree", "list", "one"):
            ns = sorted(n for (ss, v, n) in look if ss == s and v == "plain")
            if len(ns) < 2 or any((s, "stm", n) not in look for n in ns):
                continue
            n1, n2 = ns[0], ns[-1]
            pl = (look[(s, "plain", n2)][0] - look[(s, "plain", n1)][0]) / (n2 - n1)
            st = (look[(s, "stm", n2)][0] - look[(s, "stm", n1)][0]) / (n2 - n1)
            nb = (look[(s, "stm", n2)][1] - look[(s, "stm", n1)][1]) / (n2 - n1)
            per[s] = (st - pl, nb)
            p(f"| {s} | {pl:.1f} | {st:.1f} | {nb:.2f} | {st - pl:.1f} | {(st - pl) / nb:.1f} |")
        if "list" in per and "one" in per:
            # Two structures, two unknowns: extra = begin_commit + b * barriers.
            (e1, n1), (e2, n2) = per["one"], per["list"]
            b = (e2 - e1) / (n2 - n1)
            p()
            p(f"Fit over `one` and `list`: {b:.1f} instructions per read barrier, "
              f"{e1 - b * n1:.1f} per read-only begin + commit.")
        p()

    p("### Median ops/s by thread count")
    p()
    p("| benchmark | variant | " + " | ".join(f"{t} thr" for t in threads) + " |")
    p("|---|---|" + "---:|" * len(threads))
    for b in benches:
        for v in CLANG + GCC:
            if not any((b, v, t) in med for t in threads):
                continue
            cells = []
            for t in threads:
                s = samples.get((b, v, t))
                cells.append(f"{statistics.median(s) / 1e6:.3f} M ({min(s) / 1e6:.2f}-{max(s) / 1e6:.2f})" if s else "")
            p(f"| {b} | {v} | " + " | ".join(cells) + " |")
    p()
    fails = os.path.join(a.out, "failures.txt")
    if os.path.exists(fails) and os.path.getsize(fails):
        p("### Failures")
        p()
        with open(fails) as f:
            for line in f:
                p("- " + line.strip().replace("|", "/"))
        p()
    write_svg(os.path.join(a.out, "throughput.svg"), benches, threads, med)


def write_svg(path, benches, threads, med):
    """Small multiples: one panel per benchmark, ops/s relative to the
    sequential build of the same compiler, against threads."""
    cols, pw, ph, ml, mt, gap = 5, 230, 180, 45, 30, 45
    rows = (len(benches) + cols - 1) // cols
    width, height = cols * (pw + gap) + ml, rows * (ph + mt + 40) + 60
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           '<text x="10" y="18" font-size="14">Throughput relative to sequential code vs threads '
           '(stmpass and mutex-clang: clang-19 -O2 baseline; libitm and mutex-gcc: gcc -O2)</text>']
    for i, b in enumerate(benches):
        x0 = ml + (i % cols) * (pw + gap)
        y0 = 40 + mt + (i // cols) * (ph + mt + 40)
        vals = [med[(b, v, t)] / med[(b, BASE[v], 1)] for v in LINES for t in threads
                if (b, v, t) in med and (b, BASE[v], 1) in med]
        top = max(vals + [1.0]) * 1.1
        sx = lambda k: x0 + (k / max(1, len(threads) - 1)) * pw
        sy = lambda r: y0 + ph - r / top * ph
        svg.append(f'<text x="{x0}" y="{y0 - 8}" font-size="12" font-weight="bold">{b}</text>')
        svg.append(f'<rect x="{x0}" y="{y0}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>')
        for frac in (0.25, 0.5, 0.75, 1.0):
            r = top * frac
            svg.append(f'<text x="{x0 - 4}" y="{sy(r) + 4:.1f}" text-anchor="end">{r:.2g}</text>')
            svg.append(f'<line x1="{x0}" x2="{x0 + pw}" y1="{sy(r):.1f}" y2="{sy(r):.1f}" stroke="#eee"/>')
        svg.append(f'<line x1="{x0}" x2="{x0 + pw}" y1="{sy(1):.1f}" y2="{sy(1):.1f}" stroke="#000" '
                   'stroke-dasharray="4 3"/>')
        for k, t in enumerate(threads):
            svg.append(f'<text x="{sx(k):.1f}" y="{y0 + ph + 14}" text-anchor="middle">{t}</text>')
        svg.append(f'<text x="{x0 + pw / 2}" y="{y0 + ph + 28}" text-anchor="middle">threads</text>')
        for v in LINES:
            pts = [(sx(k), sy(med[(b, v, t)] / med[(b, BASE[v], 1)])) for k, t in enumerate(threads)
                   if (b, v, t) in med and (b, BASE[v], 1) in med]
            if not pts:
                continue
            svg.append('<polyline fill="none" stroke-width="2" stroke="%s" points="%s"/>'
                       % (COLOURS[v], " ".join(f"{x:.1f},{y:.1f}" for x, y in pts)))
            for x, y in pts:
                svg.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{COLOURS[v]}"/>')
    ly = height - 14
    for k, v in enumerate(LINES + ("sequential = 1",)):
        lx = 10 + k * 140
        colour = COLOURS.get(v, "#000")
        dash = ' stroke-dasharray="4 3"' if v not in COLOURS else ""
        svg.append(f'<line x1="{lx}" x2="{lx + 20}" y1="{ly - 4}" y2="{ly - 4}" stroke="{colour}" '
                   f'stroke-width="2"{dash}/>')
        svg.append(f'<text x="{lx + 25}" y="{ly}">{v}</text>')
    svg.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    sys.exit(main())
