#!/usr/bin/env python3
"""stmreport: read the statistics file that a program built with stmpass
writes when run with STM_STATS=json:PATH, print the same text report that
STM_STATS=1 prints at exit, and optionally draw an SVG bar chart of the
conflict sites that lost the most time.

    stmreport [--all] [--svg OUT.svg] [--top N] STATS.json

The text must match the runtime's byte for byte (runtime/stats_text.c and
the ordering in runtime/stats_collect.c): change both together; the lit
test test/stats/json-roundtrip.c compares them.
"""

import argparse
import json
import sys
from xml.sax.saxutils import escape

FORMAT = "stmpass-stats"
VERSION = 1
TOP = 20  # lines per section, as in the runtime (STM_REPORT_TOP)

# Abort causes in the runtime's order (enum stm_abort_cause), then cancel.
CAUSES = ["read-write", "write-write", "validation failure", "killed by irrevocable",
          "explicit retry", "injected", "irrevocable switch"]
CONFLICT_KINDS = CAUSES + ["explicit cancel"]
WINNER_WROTE = {"read-write", "write-write", "validation failure", "irrevocable switch"}
SITE_KINDS = {"begin", "read", "write", "irrevocable", "cancel", "call", "unknown"}

CONFLICT_COUNTS = ["aborts", "ns_lost"]
INEVITABLE_COUNTS = ["transactions", "serial", "fallback", "waits", "ns_waited", "killed",
                     "ns_killed"]
TRANSACTION_COUNTS = ["commits", "aborts", "ns_committed", "ns_lost", "retried", "max_retries",
                      "cancels", "irrevocable"]
TOTAL_COUNTS = ["commits_read_only", "commits_writing", "cancels", "irrevocable", "fallbacks",
                "serial", "tasks", "tasks_serial", "max_retries", "ns_lost", "ns_irrevocable"]


class BadInput(Exception):
    """The statistics file cannot be read or is not what the runtime writes."""


# ---- reading and checking the file -------------------------------------------

def _count(obj, key, where):
    v = obj.get(key)
    if type(v) is not int or v < 0:
        raise BadInput("%s: \"%s\" must be a non-negative integer" % (where, key))
    return v


def _opt_str(obj, key, where):
    v = obj.get(key)
    if v is not None and not isinstance(v, str):
        raise BadInput("%s: \"%s\" must be a string or null" % (where, key))
    return v


def _site(obj, key, where):
    s = obj.get(key, None)
    if s is None:
        return None
    where = "%s.%s" % (where, key)
    if not isinstance(s, dict):
        raise BadInput("%s: a site must be an object or null" % where)
    kind = s.get("kind")
    if kind not in SITE_KINDS:
        raise BadInput("%s: unknown site kind %r" % (where, kind))
    return {"file": _opt_str(s, "file", where), "line": _count(s, "line", where),
            "col": _count(s, "col", where), "kind": kind, "text": _opt_str(s, "text", where),
            "func": _opt_str(s, "func", where)}


def _records(data, name, counts, sites):
    recs = data.get(name)
    if not isinstance(recs, list):
        raise BadInput("\"%s\" must be a list" % name)
    out = []
    for i, r in enumerate(recs):
        where = "%s[%d]" % (name, i)
        if not isinstance(r, dict):
            raise BadInput("%s: must be an object" % where)
        rec = {k: _count(r, k, where) for k in counts}
        for k in sites:
            rec[k] = _site(r, k, where)
        if name == "conflicts":
            if r.get("kind") not in CONFLICT_KINDS:
                raise BadInput("%s: unknown conflict kind %r" % (where, r.get("kind")))
            rec["kind"] = r["kind"]
        out.append(rec)
    return out


def load(path):
    try:
        with open(path, encoding="utf-8", errors="surrogateescape") as f:
            data = json.load(f)
    except OSError as e:
        raise BadInput("cannot read '%s': %s" % (path, e.strerror))
    except json.JSONDecodeError as e:
        if not e.doc.strip():
            raise BadInput("'%s' is empty (the runtime writes it when the program exits "
                           "normally)" % path)
        raise BadInput("'%s' is not valid JSON: %s at line %d column %d"
                       % (path, e.msg, e.lineno, e.colno))
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadInput("'%s' is not an stmpass statistics file (no \"format\": \"%s\"; "
                       "write one with STM_STATS=json:PATH)" % (path, FORMAT))
    if data.get("version") != VERSION:
        raise BadInput("'%s' has format version %r; this stmreport reads version %d"
                       % (path, data.get("version"), VERSION))
    totals = data.get("totals")
    if not isinstance(totals, dict):
        raise BadInput("\"totals\" must be an object")
    t = {k: _count(totals, k, "totals") for k in TOTAL_COUNTS}
    aborts = totals.get("aborts")
    if not isinstance(aborts, dict) or any(k not in CAUSES for k in aborts):
        raise BadInput("totals.aborts must be an object whose keys are among: %s"
                       % ", ".join(CAUSES))
    t["aborts"] = {k: _count(aborts, k, "totals.aborts") if k in aborts else 0 for k in CAUSES}
    return {
        "running": _count(data, "threads_running_at_exit", "file"),
        "totals": t,
        "conflicts": _records(data, "conflicts", CONFLICT_COUNTS,
                              ["site", "transaction", "winner"]),
        "inevitable": _records(data, "inevitable", INEVITABLE_COUNTS, ["site"]),
        "transactions": _records(data, "transactions", TRANSACTION_COUNTS, ["site"]),
    }


# ---- the text report (mirrors runtime/stats_text.c) -------------------------------

def _s(n):
    return "" if n == 1 else "s"


def _secs(ns):
    return "%.6f" % (ns / 1e9)


def _loc(site):
    if site is not None and site["file"] is not None:
        return "%s:%d:%d" % (site["file"], site["line"], site["col"])
    return "<unknown>"


def _prefix(site, kind):
    if site is not None and site["file"] is not None:
        return "%s: %s: " % (_loc(site), kind)
    return "stm: %s: " % kind


def describe(site):
    """'read of 'node->left' (walk)', as the runtime words a site."""
    if site is None:
        return "unknown site"
    kind, text = site["kind"], site["text"]
    word = {"read": "read", "write": "write", "begin": "transaction", "cancel": "cancel",
            "call": "call"}.get(kind, "access")
    if kind == "irrevocable":
        word = "call" if text is not None else "irrevocable statement"
    if kind in ("begin", "cancel"):
        text = None
    if text is not None:
        word += " %s '%s'" % ("to" if kind in ("irrevocable", "call") else "of", text)
    if site["func"] is not None:
        word += " (%s)" % site["func"]
    return word


def conflict_line(c):
    site, kind = c["site"], c["kind"]
    out = _prefix(site, "conflict") + describe(site)
    out += " aborted %d time%s, %s s lost (%s)" % (c["aborts"], _s(c["aborts"]),
                                                   _secs(c["ns_lost"]), kind)
    if kind in WINNER_WROTE:
        out += "; winner wrote at " + _loc(c["winner"]) if c["winner"] else "; winner unknown"
    elif kind == "killed by irrevocable":
        out += ("; winner was irrevocable at " + _loc(c["winner"]) if c["winner"]
                else "; winner unknown")
    if c["transaction"] is not None and c["transaction"] != site:
        out += "; transaction at " + _loc(c["transaction"])
    return out


def inevitable_line(r):
    out = _prefix(r["site"], "inevitable") + describe(r["site"])
    out += " made %d transaction%s irrevocable" % (r["transactions"], _s(r["transactions"]))
    parts = []
    if r["serial"]:
        parts.append("%d serial" % r["serial"])
    if r["fallback"]:
        parts.append("%d after repeated aborts" % r["fallback"])
    if parts:
        out += " (%s)" % ", ".join(parts)
    out += ", others waited %s s" % _secs(r["ns_waited"])
    if r["killed"]:
        out += ", %d attempt%s killed, %s s lost" % (r["killed"], _s(r["killed"]),
                                                     _secs(r["ns_killed"]))
    return out


def transaction_line(r):
    site = r["site"]
    out = _prefix(site, "transaction")
    if site is not None and site["func"] is not None:
        out += "in %s: " % site["func"]
    out += "%d commit%s, %d abort%s, %s s lost" % (r["commits"], _s(r["commits"]), r["aborts"],
                                                   _s(r["aborts"]), _secs(r["ns_lost"]))
    attempts = r["commits"] + r["aborts"]
    if attempts:
        out += ", average attempt %.3f us" % ((r["ns_committed"] + r["ns_lost"]) / attempts / 1e3)
    if r["retried"]:
        out += ", %d retried (at most %d time%s)" % (r["retried"], r["max_retries"],
                                                     _s(r["max_retries"]))
    if r["cancels"]:
        out += ", %d cancel%s" % (r["cancels"], _s(r["cancels"]))
    if r["irrevocable"]:
        out += ", %d irrevocable" % r["irrevocable"]
    return out


SECTIONS = [
    ("conflicts", conflict_line, lambda r: (r["ns_lost"], r["aborts"]),
     "conflicts, by time lost", "conflict"),
    ("inevitable", inevitable_line, lambda r: (r["ns_waited"] + r["ns_killed"], r["transactions"]),
     "irrevocable transactions, by time others lost", "inevitable"),
    ("transactions", transaction_line, lambda r: (r["ns_lost"], r["commits"]),
     "transactions, by time lost", "transaction"),
]


def _ordered(recs, fmt, keys):
    """Lines in the runtime's order: time, then count, descending; then text."""
    lines = [(keys(r), fmt(r)) for r in recs]
    lines.sort(key=lambda kl: (-kl[0][0], -kl[0][1], kl[1].encode("utf-8", "surrogateescape")))
    return [line for _, line in lines]


def text_report(data, show_all):
    t = data["totals"]
    aborts = t["aborts"]
    out = ["stm: statistics",
           "stm:   commits: %d (%d read-only, %d writing)"
           % (t["commits_read_only"] + t["commits_writing"], t["commits_read_only"],
              t["commits_writing"]),
           "stm:   aborts: %d" % sum(aborts.values())
           + "".join(", %s %d" % (c, aborts[c]) for c in CAUSES if aborts[c]),
           "stm:   cancels: %d" % t["cancels"],
           "stm:   irrevocable: %d (%d after too many aborts, %d serial)"
           % (t["irrevocable"], t["fallbacks"], t["serial"])]
    if t["tasks"]:
        out.append("stm:   tasks: %d (%d without a transactional clone, run serially)"
                   % (t["tasks"], t["tasks_serial"]))
    out += ["stm:   most consecutive aborts: %d" % t["max_retries"],
            "stm:   time lost in aborted attempts: %s s" % _secs(t["ns_lost"]),
            "stm:   time waiting on irrevocable transactions: %s s" % _secs(t["ns_irrevocable"])]
    if data["running"]:
        out.append("stm:   note: %d other thread%s still running at exit: counts are incomplete"
                   % (data["running"], " was" if data["running"] == 1 else "s were"))
    for name, fmt, keys, title, what in SECTIONS:
        lines = _ordered(data[name], fmt, keys)
        if not lines:
            continue
        out.append("stm: %s:" % title)
        out.extend(lines if show_all else lines[:TOP])
        if not show_all and len(lines) > TOP:
            out.append("stm:   ... and %d more %s lines (all of them: STM_STATS=json:PATH, "
                       "then stmreport --all PATH)" % (len(lines) - TOP, what))
    return "\n".join(out) + "\n"


# ---- the SVG chart ---------------------------------------------------------------

def conflict_sites(data):
    """Time lost and aborts per conflict site (summed over transactions,
    winners and kinds), most time first."""
    by_site = {}
    for c in data["conflicts"]:
        label = "%s  %s" % (_loc(c["site"]), describe(c["site"]))
        ns, n = by_site.get(label, (0, 0))
        by_site[label] = (ns + c["ns_lost"], n + c["aborts"])
    return sorted(by_site.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))


def svg_chart(data, top):
    sites = conflict_sites(data)
    shown = sites[:top]
    width, left, bar_max, row = 960, 16, 640, 44
    height = 72 + row * max(len(shown), 1)
    title = "Time lost in aborted attempts, by conflict site"
    if len(sites) > len(shown):
        title += " (top %d of %d)" % (len(shown), len(sites))
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
           'viewBox="0 0 %d %d" font-family="monospace" font-size="13">'
           % (width, height, width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="28" font-size="16" font-weight="bold">%s</text>'
           % (left, escape(title))]
    if not shown:
        out.append('<text x="%d" y="64">No conflicts were recorded.</text>' % left)
    biggest = max([ns for _, (ns, _) in shown] + [1])
    for i, (label, (ns, n)) in enumerate(shown):
        y = 56 + i * row
        w = max(1, round(bar_max * ns / biggest)) if ns else 0
        out.append('<g><title>%s: %s s lost, %d abort%s</title>'
                   % (escape(label), _secs(ns), n, _s(n)))
        out.append('<text x="%d" y="%d">%s</text>' % (left, y + 12, escape(label)))
        out.append('<rect x="%d" y="%d" width="%d" height="14" fill="#c0392b"/>'
                   % (left, y + 18, w))
        out.append('<text x="%d" y="%d">%s s, %d abort%s</text>'
                   % (left + w + 8, y + 30, _secs(ns), n, _s(n)))
        out.append('</g>')
    out.append('</svg>')
    return "\n".join(out) + "\n"


# ---- command line ------------------------------------------------------------------

def main(argv):
    ap = argparse.ArgumentParser(
        prog="stmreport",
        description="Print the report of a statistics file written with STM_STATS=json:PATH "
                    "(the same text STM_STATS=1 prints at exit).")
    ap.add_argument("file", metavar="STATS.json")
    ap.add_argument("--all", action="store_true",
                    help="print every line (the runtime shows %d per section)" % TOP)
    ap.add_argument("--svg", metavar="OUT.svg",
                    help="also draw a bar chart of the conflict sites that lost the most time")
    ap.add_argument("--top", type=int, default=10, metavar="N",
                    help="conflict sites in the chart (default 10)")
    args = ap.parse_args(argv)
    if args.top < 1:
        ap.error("--top must be at least 1")
    try:
        data = load(args.file)
    except BadInput as e:
        print("stmreport: error: %s" % e, file=sys.stderr)
        return 1
    sys.stdout.write(text_report(data, args.all))
    if args.svg:
        try:
            with open(args.svg, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(svg_chart(data, args.top))
        except OSError as e:
            print("stmreport: error: cannot write '%s': %s" % (args.svg, e.strerror),
                  file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.stdout.reconfigure(errors="surrogateescape")
    sys.exit(main(sys.argv[1:]))
