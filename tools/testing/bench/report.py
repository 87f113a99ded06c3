#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the guest's BENCH lines (build/bench/<krel>/raw.jsonl) into
results.json (raw figures and derived ones), results.txt (the tables),
results.rst (the results table of the documentation, written from
results.json alone) and bench.png.

Usage: report.py --out DIR [--seconds S] [--host-load BEFORE AFTER]
                 [--settings TEXT] KREL...
       report.py --check RESULTS.json RESULTS.rst
           exits non-zero unless RESULTS.rst is exactly the table that
           RESULTS.json gives (make check, on the committed pair).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import textwrap

# The opcodes a refresh of cdrom_msinfo may send.
MODULE_OPS = {"0x46", "0x51", "0x52", "0x43", "0x25", "0x23", "0x28"}
PEERS = ["cdrom_id", "xorriso", "cdrskin", "wodim", "dvd+rw-mediainfo"]
GESN = "0x4a"


def load(path):
    recs = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                recs.append(json.loads(line))
            except json.JSONDecodeError as e:
                print(f"report: {path}: bad line ({e}): {line[:80]}", file=sys.stderr)
    return recs


def total(counters, ops=None, exclude=()):
    return sum(n for op, n in counters.items()
               if (ops is None or op in ops) and op not in exclude)


def med(values):
    values = [v for v in values if v is not None and v >= 0]
    return statistics.median(values) if values else None


def fmt_ms(us):
    return "-" if us is None or us < 0 else f"{us / 1000:.0f}"


def fmt_us(ns):
    return "-" if ns is None or ns < 0 else f"{ns / 1000:.1f}"


def fmt_ratio(x):
    if x is None:
        return "-"
    return f"{x:.1f}" if x < 100 else f"{x:.0f}"


class Kernel:
    """Everything measured in one guest."""

    def __init__(self, krel, recs):
        self.krel = krel
        self.recs = recs
        self.by_part = {}
        for r in recs:
            self.by_part.setdefault(r.get("part"), []).append(r)
        self.res = {"kernel": krel}
        self.goals = []

    def part(self, name):
        return self.by_part.get(name, [])

    def goal(self, what, met, figure, target, why=""):
        """A row of the results table with a goal that can fail."""
        self.goals.append({"goal": what, "met": bool(met), "figure": figure,
                           "target": target, "why": why})

    def info(self, what, figure):
        """A row of the results table with no goal (a figure for context)."""
        self.goals.append({"goal": what, "met": None, "figure": figure,
                           "target": "-", "why": ""})

    # ---- 1 ----
    def refresh_commands(self):
        media = {}
        for r in self.part("refresh_commands"):
            m = media.setdefault(r["medium"], {})
            if r["who"] == "cdrom_msinfo":
                n = total(r["counters"], MODULE_OPS)
                m["cdrom_msinfo"] = {"commands": n, "all": total(r["counters"]),
                                     "state": r.get("state"), "profile": r.get("profile"),
                                     "error": r.get("error"), "rc": r["rc"],
                                     "counters": r["counters"]}
            else:
                # all: every command the run caused, sr's on the program's
                # opens and closes included; own: all but what the same
                # opens cost when made again alone (strace gave them).
                oc = r.get("open_counters")
                own = None
                if oc is not None:
                    own = sum(max(0, n - oc.get(op, 0)) for op, n in r["counters"].items())
                m[r["who"]] = {"commands": total(r["counters"]), "own": own,
                               "sr_opens": total(oc) if oc is not None else None,
                               "opens": r.get("opens"), "rc": r["rc"],
                               "seconds": r.get("seconds"), "counters": r["counters"],
                               "open_counters": oc}
        self.res["refresh_commands"] = media
        worst, over, not_fewer, counts = 0, [], [], {}
        for name, m in sorted(media.items()):
            mod = m.get("cdrom_msinfo")
            if not mod:
                continue
            worst = max(worst, mod["commands"])
            counts[mod["commands"]] = counts.get(mod["commands"], 0) + 1
            if mod["commands"] > 4 or mod["rc"] or mod["error"]:
                over.append(name)
            for p in PEERS:
                if p not in m:
                    continue
                if m[p]["commands"] <= mod["all"] or m[p]["own"] is None or \
                   m[p]["own"] <= mod["commands"]:
                    not_fewer.append(f"{name[:-4]}/{p}")
        if media:
            nmod = sum('cdrom_msinfo' in m for m in media.values())
            self.goal(f"Commands per refresh, {nmod} media", not over,
                      ", ".join(f"{c} on {n} media" for c, n in sorted(counts.items())) +
                      f" (max {worst})", "at most 4",
                      "over 4 or failed: " + ", ".join(over) if over else "")
            withp = [m for m in media.values() if any(p in m for p in PEERS)]
            parts = []
            for p in PEERS:
                own = [m[p]["own"] for m in withp if p in m and m[p]["own"] is not None]
                al = [m[p]["commands"] for m in withp if p in m]
                if al:
                    parts.append(f"{p} {min(own) if own else '?'}-{max(own) if own else '?'} own, "
                                 f"{min(al)}-{max(al)} all")
            mods = [m["cdrom_msinfo"] for m in withp if "cdrom_msinfo" in m]
            parts.append(f"module {min(x['commands'] for x in mods)}-{max(x['commands'] for x in mods)} "
                         f"own, {min(x['all'] for x in mods)}-{max(x['all'] for x in mods)} all"
                         if mods else "module -")
            self.goal(f"Peers, same medium ({len(withp)} media): commands the program sends "
                      f"itself (own) and all it causes, sr's on its opens included",
                      not not_fewer and mods, "; ".join(parts),
                      "more than the module on every medium, own and all",
                      "not more: " + ", ".join(not_fewer) if not_fewer else "")
        self.res["peer_side_effect"] = {r["who"]: {"refreshes": r["refreshes"],
                                                   "commands": total(r["counters"])}
                                        for r in self.part("peer_side_effect")}

    def udev_swap(self):
        groups = {}
        for r in self.part("udev_swap"):
            g = groups.setdefault((r["spinup_ms"], r["module"]), [])
            s = r["swap"]
            g.append({"commands": total(r["counters"], exclude={GESN}),
                      "gesn": r["counters"].get(GESN, 0),
                      "module_ops": total(r["counters"], MODULE_OPS),
                      "media_change_uevents": s["media_change_uevents"],
                      "own_uevents": s["own_uevents"],
                      "publications": s["publications"],
                      "error_publications": s["error_publications"],
                      "published_us": s["published"]["max_us"],
                      "udev_media_state": r.get("udev_media_state"),
                      "udev_msinfo_diskseq": r.get("udev_msinfo_diskseq"),
                      "diskseq": r.get("diskseq"),
                      "counters": r["counters"]})
        out = {}
        for (spin, mod), g in sorted(groups.items()):
            out[f"spinup{spin}_module{mod}"] = {
                "spinup_ms": spin, "module": mod, "swaps": len(g),
                "commands_median": med([x["commands"] for x in g]),
                "media_change_uevents": sum(x["media_change_uevents"] for x in g),
                "own_uevents": sum(x["own_uevents"] for x in g),
                "publications": sum(x["publications"] for x in g),
                "udev_current": sum(str(x["udev_msinfo_diskseq"]) == str(x["diskseq"])
                                    for x in g) if mod else None,
                "runs": g}
        self.res["udev_swap"] = out
        for spin in sorted({k[0] for k in groups}):
            a = out.get(f"spinup{spin}_module0")
            b = out.get(f"spinup{spin}_module1")
            if not a or not b or not a["commands_median"]:
                continue
            ratio = b["commands_median"] / a["commands_median"]
            out[f"spinup{spin}_ratio"] = ratio
            enough = min(a["swaps"], b["swaps"]) >= 7
            why = []
            if not enough:
                why.append(f"only {min(a['swaps'], b['swaps'])} swaps (BENCH_UDEV_SWAPS)")
            if ratio > 1.1:
                # Per opcode, the median with the module less the median
                # without: where the extra commands go.
                ops = sorted({op for x in a["runs"] + b["runs"] for op in x["counters"]} - {GESN})
                diff = []
                for op in ops:
                    d = med([x["counters"].get(op, 0) for x in b["runs"]]) - \
                        med([x["counters"].get(op, 0) for x in a["runs"]])
                    if d:
                        diff.append(f"{op[2:]}h {d:+g}")
                why.append("with the module the drive also gets the module's refresh after the "
                           "change and what sr sends when the module opens the disk (udev's "
                           "cdrom_id opens it too); medians per opcode, with less without: " +
                           ", ".join(diff))
            self.goal(f"Commands per swap under udev, {'drive ready at once' if not spin else f'{spin} ms spin-up'}"
                      f", with the module vs without (GESN polls left out)",
                      enough and ratio <= 1.1,
                      f"{b['commands_median']:g} vs {a['commands_median']:g} ({ratio:.2f}x; medians of "
                      f"{b['swaps']} and {a['swaps']} swaps); {b['own_uevents']} uevents of the module",
                      "at most 1.1x, median of 7 swaps or more", "; ".join(why))

    # ---- 2 ----
    def query(self):
        q = self.part("query")
        p = self.part("query_programs")
        if not q:
            return
        d = q[-1]["data"]
        floor = d["cdrommultisession"]
        rows = {}
        for name in ["cdrommultisession", "ioctl_get", "sysfs_read", "sysfs_pread"]:
            s = d[name]
            rows[name] = dict(s, errors=d.get(f"{name}_errors"))
        if p:
            pd = p[-1]["data"]
            for name in ["msinfo", "cat", "cdrom_id", "wodim", "cdrskin"]:
                if name in pd:
                    rows[name] = dict(pd[name], errors=pd.get(f"{name}_failed"))
        for s in rows.values():
            s["median_ratio"] = s["median_ns"] / floor["median_ns"]
            s["p99_ratio"] = s["p99_ns"] / floor["p99_ns"]
        self.res["query"] = {"rounds": d["rounds"], "rows": rows,
                             "commands_during_cached_queries": d["commands"],
                             "counters": d["counters"], "values": d["values"],
                             "program_values": (self.part("query_values") or [{}])[-1]}
        fl = rows["cdrommultisession"]
        self.info("CDROMMULTISESSION (the floor: a value sr keeps)",
                  f"{fmt_us(fl['median_ns'])} us median, {fmt_us(fl['p99_ns'])} us p99 "
                  f"({fl['n']} calls)")
        for name, what, lim in (("ioctl_get", "ioctl GET", 5),
                                ("sysfs_read", "sysfs msinfo, open+read+close", 20)):
            x = rows[name]
            self.goal(what, x["median_ratio"] < lim and not x.get("errors"),
                      f"{x['median_ratio']:.1f}x median, {x['p99_ratio']:.1f}x p99 the floor "
                      f"({fmt_us(x['median_ns'])} us)", f"median under {lim}x the floor",
                      f"{x.get('errors')} errors" if x.get("errors") else "")
        x = rows["sysfs_pread"]
        self.info("sysfs msinfo, pread on an open file",
                  f"{x['median_ratio']:.1f}x median, {x['p99_ratio']:.1f}x p99 the floor")
        progs = [n for n in ("msinfo", "cat", "cdrom_id", "wodim", "cdrskin") if n in rows]
        if progs:
            self.info("Programs, each run started (process start included)",
                      ", ".join(f"{n} {rows[n]['median_ns'] / 1e6:.0f} ms" for n in progs) +
                      " (medians)")
        self.goal("Commands during cached queries", d["commands"] == 0,
                  f"{d['commands']} in {d['rounds']} x 4 queries", "0")

    # ---- 3 ----
    def latency(self):
        by_poll = {}
        for r in self.part("latency"):
            by_poll.setdefault(r["poll_ms"], []).append(r)
        out = {}
        for poll, runs in sorted(by_poll.items()):
            s = [r["swap"] for r in runs]
            out[str(poll)] = {
                "poll_ms": poll, "swaps": len(runs),
                "latency_us": runs[0]["latency_us"], "spinup_ms": runs[0]["spinup_ms"],
                "completed": sum(x["completed"] for x in s),
                "media_change_ms": [x["media_change_uevent"]["max_us"] / 1000 for x in s],
                "published_ms": [x["published"]["max_us"] / 1000 for x in s],
                "first_publication_ms": [x["first_publication"]["max_us"] / 1000 for x in s],
                "uevent_to_published_ms": [x["uevent_to_published"]["max_us"] / 1000 for x in s],
                "own_uevent_ms": [x["own_uevent"]["max_us"] / 1000 for x in s],
                "own_uevents": sum(x["own_uevents"] for x in s),
                "publications": sum(x["publications"] for x in s),
                "error_publications": sum(x["error_publications"] for x in s),
                "module_commands": [total(r["counters"], MODULE_OPS) for r in runs],
            }
            o = out[str(poll)]
            for k in ["media_change_ms", "published_ms", "uevent_to_published_ms",
                      "own_uevent_ms", "first_publication_ms"]:
                vals = [v for v in o[k] if v >= 0]
                o[k + "_median"] = med(vals)
                o[k + "_max"] = max(vals) if vals else None
        self.res["latency"] = out
        cmds = [c for o in out.values() for c in o["module_commands"]]
        if cmds:
            # The opcodes of every swap, summed, to show where they go.
            ops = {}
            for r in self.part("latency"):
                for op, n in r["counters"].items():
                    if op in MODULE_OPS:
                        ops[op] = ops.get(op, 0) + n
            rc = self.res.get("refresh_commands", {})
            names = sorted({r["medium"] for r in self.part("latency")})
            alone = ", ".join(f"{n[:-4]} {rc[n]['cdrom_msinfo']['commands']}" for n in names
                              if "cdrom_msinfo" in rc.get(n, {}))
            self.goal("Commands after a media change, of the opcodes a refresh may send "
                      f"({' and '.join(n[:-4] for n in names)} swapped; a refresh of each "
                      f"in part 1: {alone or '-'})",
                      max(cmds) <= 4,
                      f"median {med(cmds):g}, max {max(cmds)} per swap ({len(cmds)} swaps); per "
                      f"swap on average " + ", ".join(f"{op[2:]}h {n / len(cmds):.1f}"
                                                      for op, n in sorted(ops.items())),
                      "at most 4",
                      "the opcodes counted include what sr sends when the module opens the "
                      "disk after the change (READ CAPACITY 25h, READ TOC 43h), and the "
                      "refresh's own commands (46h, 51h, 52h) went more than once a swap"
                      if max(cmds) > 4 else "")
        for o in out.values():
            m = o["uevent_to_published_ms_median"]
            self.goal(f"Swap to published, poll {o['poll_ms']} ms",
                      m is not None and m < 250 and o["completed"] == o["swaps"],
                      f"uevent {o['media_change_ms_median']:.0f} ms, published "
                      f"{o['published_ms_median']:.0f} ms after the swap: {m:.0f} ms after the "
                      f"uevent (max {o['uevent_to_published_ms_max']:.0f}; medians of "
                      f"{o['swaps']} swaps, {o['completed']} completed)"
                      if m is not None else "none published",
                      "published < 250 ms after the uevent, every swap",
                      "" if m is not None and m < 250 and o["completed"] == o["swaps"] else
                      f"{sum(v >= 250 for v in o['uevent_to_published_ms'])} of {o['swaps']} "
                      f"swaps published 250 ms or more after the uevent, "
                      f"{o['swaps'] - o['completed']} never")
        self.no_open()
        self.exclusive()

    def no_open(self):
        runs = self.part("no_open")
        swaps = [r for r in runs if r["what"] == "swap"]
        ej = [r for r in runs if r["what"] == "eject"]
        if not swaps:
            return
        poll = swaps[0]["poll_ms"]
        limit = poll + 250
        later = [r for r in swaps if r["rep"] >= 2]
        pub = [r["swap"]["published"]["max_us"] / 1000 if r["swap"]["completed"] else None
               for r in later]
        self.res["no_open"] = {"poll_ms": poll, "limit_ms": limit,
                               "swaps": [{"rep": r["rep"], "completed": r["swap"]["completed"],
                                          "published_ms": r["swap"]["published"]["max_us"] / 1000,
                                          "uevent_ms": r["swap"]["media_change_uevent"]["max_us"] / 1000,
                                          "profile": r.get("profile"), "medium": r["medium"],
                                          "commands": total(r["counters"], exclude={GESN})}
                                         for r in swaps],
                               "eject": ej[-1]["eject"] if ej else None}
        ok = later and all(x is not None and x <= limit for x in pub)
        self.goal(f"Second change with no open in between (no udev, poll {poll} ms): a swap "
                  f"right after a swap, ms from the write to the new medium's state",
                  ok, (", ".join("never" if x is None else f"{x:.0f}" for x in pub) +
                       f" ms in {len(later)} such swaps" if later else "no such swap"),
                  f"at most {limit} ms (poll + 250)",
                  "" if ok else f"{sum(x is None or x > limit for x in pub)} of {len(pub)} "
                  f"published later than {limit} ms or never")
        if ej:
            e = ej[-1]["eject"]
            t = e["none_us"] / 1000 if e["completed"] else None
            ok = t is not None and t <= limit and e["msinfo_errno"] == 123
            self.goal("Eject right after a swap, no open: ms to \"none\"",
                      ok, (f"{t:.0f} ms" if t is not None else "never") +
                      f", EAGAIN {e['eagain']} of {e['reads']} reads meanwhile, then msinfo "
                      + ("ENOMEDIUM" if e["msinfo_errno"] == 123 else
                         f"errno {e['msinfo_errno']} {e['msinfo']!r}"),
                      f"at most {limit} ms, then ENOMEDIUM",
                      "" if ok else "the eject was not shown in time")

    def exclusive(self):
        runs = self.part("exclusive_open")
        if not runs:
            return
        out = {}
        # Runs from before the "burn" kind took their read-write opens
        # for burns.
        burns = any(r["kind"] == "burn" for r in runs)
        for kind in ("ro", "rw", "burn"):
            ctl = {r["rep"]: r for r in runs if r["kind"] == kind and not r["exclusive"]}
            exc = {r["rep"]: r for r in runs if r["kind"] == kind and r["exclusive"]}
            reps = sorted(set(ctl) & set(exc))
            if not reps:
                continue
            extra = [total(exc[i]["counters"], exclude={GESN}) -
                     total(ctl[i]["counters"], exclude={GESN}) for i in reps]
            pubs = [exc[i]["publications"] for i in reps]
            opened = all(exc[i]["open"]["opened"] == 1 and ctl[i]["open"]["opened"] == 1
                         for i in reps)
            out[kind] = {"extra_commands": extra, "publications": pubs, "opened": opened,
                         "control": [total(ctl[i]["counters"], exclude={GESN}) for i in reps]}
            figure = (f"{', '.join(str(x) for x in extra)} commands, "
                      f"{', '.join(str(x) for x in pubs)} refreshes in {len(reps)} opens "
                      f"(beyond a non-exclusive open of the same mode: "
                      f"{', '.join(str(x) for x in out[kind]['control'])})")
            if kind == "ro" or (kind == "rw" and burns):
                ok = opened and max(extra) <= 1 and max(pubs) == 0
                what = ("read-only open ends (no burn)" if kind == "ro" else
                        "read-write open that wrote nothing ends (as xorriso -toc)")
                self.goal(f"Commands after an exclusive {what}",
                          ok, figure, "at most 1, no refresh",
                          "" if ok else "not every open succeeded" if not opened else
                          f"the module refreshed after an exclusive {what.split(' ')[0]} "
                          "open that wrote nothing")
            elif kind == "burn":
                ok = opened and min(pubs) == 1 and max(pubs) == 1
                self.goal("Burns: commands after an exclusive write open held 300 ms, "
                          "the medium written meanwhile (one refresh each)",
                          ok, figure, "exactly one refresh each",
                          "" if ok else "not every open succeeded" if not opened else
                          "not exactly one refresh after each")
            else:
                ok = opened and min(pubs) == 1 and max(pubs) == 1
                self.goal("Commands after an exclusive write open ends (a burn: one refresh)",
                          ok, figure, "exactly one refresh each",
                          "" if ok else "not every open succeeded" if not opened else
                          "not exactly one refresh after each")
        self.res["exclusive_open"] = out

    # ---- 4 ----
    def scale(self):
        att = {}
        for a in self.part("attach"):
            att.setdefault(a["simulated"], {})[a.get("run", 2)] = a["data"]
        det = {}
        for r in self.part("detach"):
            det.setdefault(r["simulated"], {})[r.get("run", 2)] = r["data"]
        rep = self.part("republish")
        rows = []
        for n, runs in sorted(att.items()):
            d = runs.get(2) or runs.get(1)
            first = runs.get(1) or d
            row = {"simulated": n, "drives": d["drives"], "published": d["published"],
                   "insmod_ms": d["insmod_us"] / 1000, "attach_all_ms": d["all_us"] / 1000,
                   "attach_first_ms": first["all_us"] / 1000,
                   "attach": runs, "detach": det.get(n, {}),
                   "detach_ms": [x["rmmod_us"] / 1000 for x in det.get(n, {}).values()]}
            for r in rep:
                if r["simulated"] != n:
                    continue
                s = r["swap"]
                key = ("republish_reader" if r["reader"] else
                       "republish_nolatency" if r.get("latency_us") == 0 else
                       "republish_cold" if r.get("run", 1) == 1 else "republish")
                row[key] = {
                    "completed": s["completed"],
                    "done_ms": s["done_us"] / 1000 if s["done_us"] >= 0 else None,
                    "last_write_ms": s["write"]["max_us"] / 1000,
                    "media_change_max_ms": s["media_change_uevent"]["max_us"] / 1000,
                    "published_max_ms": s["published"]["max_us"] / 1000,
                    "uevent_to_published_median_ms": s["uevent_to_published"]["median_us"] / 1000,
                    "uevent_to_published_max_ms": s["uevent_to_published"]["max_us"] / 1000,
                    "uevent_to_published_n": s["uevent_to_published"]["n"],
                    "publications_per_drive": s["publications"] / n,
                    "module_commands_per_drive": total(r["counters"], MODULE_OPS) / n,
                    "gesn_per_drive": r["counters"].get(GESN, 0) / n,
                    "counters": r["counters"],
                }
                if r["reader"]:
                    for k in ("read_idle", "read_busy", "read_idle_control", "read_busy_control",
                              "read_busy_eagain", "read_idle_eagain"):
                        row[key][k] = s.get(k)
            rows.append(row)
        self.res["scale"] = rows

        def fit(xs, ys):
            mx, my = statistics.mean(xs), statistics.mean(ys)
            sxx = sum((x - mx) ** 2 for x in xs)
            return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else None

        if len(rows) >= 2:
            big = rows[-1]
            a1 = big["attach"].get(1, {})
            mem = {"attach_slab_bytes_per_drive_fit": fit(
                       [r["drives"] for r in rows for x in r["attach"].values()],
                       [x["slab_objects_bytes"] for r in rows for x in r["attach"].values()]),
                   "first_attach_threads_per_drive": a1.get("threads", 0) / big["drives"],
                   "first_attach_kernel_stack_kb_per_drive": a1.get("kernel_stack_kb", 0) / big["drives"]}
            xs = [r["drives"] for r in rows for x in r["detach"].values()]
            ys = [-x["slab_objects_bytes"] for r in rows for x in r["detach"].values()]
            if len(set(xs)) >= 2:
                # What rmmod gives back: the module's own memory.
                mem["freed_slab_bytes_per_drive_fit"] = fit(xs, ys)
                objs = {}
                for x in big["detach"].values():
                    for k, v in x["slab_caches"].items():
                        objs[k] = objs.get(k, 0) - v["objects"] / big["drives"] / len(big["detach"])
                mem["freed_objects_per_drive"] = objs
            self.res["memory"] = mem
        if rows:
            self.info("Attach: insmod until every drive published, first load / second",
                      ", ".join(f"{r['attach_first_ms']:.0f} / {r['attach_all_ms']:.0f} ms for "
                                f"{r['drives']}" for r in rows) + " drives")
        if self.res.get("memory", {}).get("freed_slab_bytes_per_drive_fit") is not None:
            self.info("Memory per drive (what rmmod gives back, fitted)",
                      f"{self.res['memory']['freed_slab_bytes_per_drive_fit'] / 1024:.1f} KiB")
        # The time the 20 ms waits add: the best of the two slow swaps
        # minus the swap without latency (TCG's CPU time for N drives).
        for r in rows:
            slow = [r[k] for k in ("republish_cold", "republish") if k in r]
            fast = r.get("republish_nolatency")
            if slow and fast:
                best = min(x["uevent_to_published_max_ms"] for x in slow)
                bestm = min(x["uevent_to_published_median_ms"] for x in slow)
                r["wait_share_max_ms"] = best - fast["uevent_to_published_max_ms"]
                r["wait_share_median_ms"] = bestm - fast["uevent_to_published_median_ms"]
                r["slow_best_max_ms"] = best
        # The worst drive of the swap of N slow drives, against the one
        # drive's same swap (the second after loading) in this run.
        one = next((r for r in rows if r["simulated"] == 1), None)
        a = (one or {}).get("republish")

        def done(x, n):
            return x and x["completed"] and x["uevent_to_published_n"] == n

        for r in rows:
            if r["simulated"] < 16:
                continue
            lim = 3 if r["simulated"] > 64 else 2
            b = r.get("republish")
            ok = done(a, 1) and done(b, r["simulated"])
            figure = "not every drive published"
            if ok:
                ratio = b["uevent_to_published_max_ms"] / a["uevent_to_published_max_ms"]
                ok = ratio <= lim
                figure = (f"worst drive {b['uevent_to_published_max_ms']:.0f} ms after its uevent "
                          f"(median {b['uevent_to_published_median_ms']:.0f}) vs "
                          f"{a['uevent_to_published_max_ms']:.0f} ms for one drive: {ratio:.1f}x; "
                          f"one after the other would take ~"
                          f"{r['simulated'] * a['uevent_to_published_max_ms'] / 1000:.0f} s")
                z = r.get("republish_nolatency")
                if z and z.get("uevent_to_published_max_ms"):
                    figure += (f"; with no latency the worst takes "
                               f"{z['uevent_to_published_max_ms']:.0f} ms")
            elif b:
                figure += (f": {b['uevent_to_published_n']} of {r['simulated']}"
                           f"{'' if done(a, 1) else ', and not the one drive'}")
            self.goal(f"Republish of {r['simulated']} drives, 20 ms per command: worst drive "
                      f"after its uevent vs one drive", ok, figure,
                      f"at most {lim}x one drive's",
                      "" if ok else "the two emulated CPUs simulate every drive (see no latency)"
                      if b and done(b, r["simulated"]) else "a drive was not republished")
        for r in rows:
            x = r.get("republish_reader")
            if x and x.get("read_busy") and x.get("read_idle") and r["simulated"] >= 16:
                b, i, c = x["read_busy"], x["read_idle"], x.get("read_busy_control") or {}
                self.goal(f"sysfs reads while {r['simulated']} drives refresh",
                          b["median_ns"] < 2 * i["median_ns"],
                          f"median {fmt_us(b['median_ns'])} us busy vs {fmt_us(i['median_ns'])} idle, "
                          f"p99 {fmt_us(b['p99_ns'])} vs {fmt_us(i['p99_ns'])} ({b['n']} reads; the "
                          f"block layer's size attribute meanwhile: p99 {fmt_us(c.get('p99_ns'))})",
                          "median < 2x idle (p99 of ~100 reads follows the host's load)")
            # A refresh that is not published (a drive not ready) still
            # sends commands: count both, against the run without a reader.
            runs = [(k, r[k]) for k in ("republish_cold", "republish", "republish_reader") if r.get(k)]
            ref = r.get("republish", {}).get("module_commands_per_drive")
            if runs and ref:
                # Exactly: every extra refresh of a drive counts.
                bad = [k for k, x in runs if x["publications_per_drive"] > 1 + 1e-9 or
                       x["module_commands_per_drive"] > ref + 1e-9 or not x["completed"] or
                       x["uevent_to_published_n"] != r["simulated"]]
                self.goal(f"One refresh per drive and media change ({r['simulated']} drives)",
                          not bad,
                          "; ".join(f"{'with a reader' if k.endswith('reader') else 'first swap' if k.endswith('cold') else 'next swap'}"
                                    f" {x['publications_per_drive']:.2f} publications, "
                                    f"{x['module_commands_per_drive']:.1f} commands per drive"
                                    for k, x in runs),
                          "every drive published once, commands of the swap without a reader",
                          "not every drive published: " + ", ".join(bad)
                          if any(not x["completed"] for k, x in runs if k in bad) else
                          "more publications or commands than one refresh per drive in the "
                          "swap " + ", ".join({"republish_cold": "first after loading",
                                               "republish": "next",
                                               "republish_reader": "with a reader"}[k]
                                              for k in bad) if bad else "")

    def idle(self):
        """Timer interrupts of the idle guest: no module, module, no module."""
        by_n = {}
        for r in self.part("idle"):
            by_n.setdefault(r["simulated"], {})[r["window"]] = r
        out = {}
        for n, w in sorted(by_n.items()):
            if not all(i in w for i in (1, 2, 3)):
                self.goal(f"Idle wakeups, {n} drives", False, "windows missing", "-",
                          "the guest did not finish the three windows")
                continue

            def per_min(x, key="loc"):
                return x[key] * 60 / float(x["seconds"])
            n1, m, n3 = per_min(w[1]), per_min(w[2]), per_min(w[3])
            noise = abs(n1 - n3)
            added = m - (n1 + n3) / 2
            runs = per_min(w[2], "watcher_runs")
            waking = (per_min(w[2], "watcher_waking_runs")
                      if "watcher_waking_runs" in w[2] else None)
            out[str(n)] = {"no_module_per_min": [n1, n3], "module_per_min": m,
                           "noise_per_min": noise, "added_per_min": added,
                           "watcher_runs_per_min": runs,
                           "watcher_waking_runs_per_min": waking, "windows": w}
            drives = f"{n} drive{'s' if n > 1 else ''}"
            # What may wake a CPU is counted, not guessed from the noise:
            # the watcher's runs from its non-deferrable timer.
            if waking is not None:
                # The 2 s look runs about ten times in a window: none
                # counted is a trace not read, not a module that sleeps.
                # A window of S seconds holds at most S/2 + 1 of them.
                n_waking = w[2]["watcher_waking_runs"]
                ok = 0 < n_waking <= float(w[2]["seconds"]) / 2 + 1
                self.goal(f"Idle wakeups, {drives}, events polling off: the module's "
                          f"timer runs per minute that may wake a CPU "
                          f"({float(w[2]['seconds']):.0f} s, workqueue tracepoints)",
                          ok, f"{waking:.0f} (the 2 s look: {n_waking} runs); "
                          f"{runs - waking:.0f} more looks "
                          f"on the deferrable timer, on wakeups of others",
                          "at most one per 2 s (S/2 + 1 in S seconds)",
                          "" if ok else "the module's timers woke CPUs more often than every 2 s"
                          if waking else "no run of the 2 s look counted: the trace was not read")
                self.info(f"Idle, {drives}, events polling off: guest timer interrupts "
                          f"per minute, {float(w[1]['seconds']):.0f} s windows",
                          f"no module {n1:.0f} then {n3:.0f}, module {m:.0f}: adds "
                          f"{added:.0f} (noise {noise:.0f})")
                continue
            # A run from before the tracepoint count: the interrupts only.
            ok = added <= noise
            self.goal(f"Idle wakeups, {drives}, events polling off: guest "
                      f"timer interrupts per minute, {float(w[1]['seconds']):.0f} s windows",
                      ok, f"no module {n1:.0f} then {n3:.0f}, module {m:.0f}: adds {added:.0f} "
                      f"(noise {noise:.0f}); the deferrable watcher ran {runs:.0f} times a "
                      f"minute, on wakeups of others",
                      "module adds no more than the two windows without it differ",
                      "" if ok else "the module's window had more timer interrupts than the noise")
        self.res["idle"] = out

    def timing(self):
        self.res["sections"] = {r["section"]: r["seconds"] for r in self.part("timing")}
        g = self.part("guest")
        d = self.part("guest_done")
        self.res["guest"] = {"cpus": g[0]["cpus"] if g else None,
                             "loadavg_start": g[0]["loadavg"] if g else None,
                             "loadavg_end": d[0]["loadavg"] if d else None,
                             "seconds": d[0]["seconds"] if d else None}

    def run(self):
        for f in (self.refresh_commands, self.udev_swap, self.query, self.latency,
                  self.scale, self.idle, self.timing):
            try:
                f()
            except (KeyError, TypeError, ZeroDivisionError, IndexError) as e:
                print(f"report: {self.krel}: {f.__name__}: incomplete data ({e!r})",
                      file=sys.stderr)
        self.res["goals"] = self.goals
        return self.res


# ---- text ----

def text_report(k, lines):
    res = k.res
    w = lines.append
    w(f"== {k.krel}: guest {res.get('guest', {}).get('cpus')} cpus, load "
      f"{res.get('guest', {}).get('loadavg_start')} -> {res.get('guest', {}).get('loadavg_end')}, "
      f"{res.get('guest', {}).get('seconds')} s; sections {res.get('sections')}")
    media = res.get("refresh_commands", {})
    if media:
        w("")
        w("1. MMC commands per refresh (module: its opcodes; peers: every command, incl. sr's on open)")
        w(f"  {'medium':28} {'state':12} {'module':>6} " + " ".join(f"{p[:9]:>9}" for p in PEERS))
        for name, m in sorted(media.items()):
            mod = m.get("cdrom_msinfo", {})
            cells = []
            for p in PEERS:
                if p in m:
                    cells.append(f"{m[p]['commands']}{'' if m[p]['rc'] == 0 else '*'}".rjust(9))
                else:
                    cells.append("-".rjust(9))
            w(f"  {name[:-4]:28} {str(mod.get('state', '-'))[:12]:12} "
              f"{str(mod.get('commands', '-')):>6} " + " ".join(cells))
        w("  * the peer exited non-zero (e.g. dvd+rw-mediainfo refuses CDs) after sending these")
        se = res.get("peer_side_effect", {})
        if se:
            w("  with the module loaded, refreshes the module made after one run of: " +
              ", ".join(f"{p} {v['refreshes']}" for p, v in se.items()))
    us = res.get("udev_swap", {})
    if us:
        w("")
        w("1b. one media swap under systemd-udevd (60-cdrom_id.rules etc. + 61-cdrom-msinfo.rules);"
          " commands except the GESN polls")
        for key, g in us.items():
            if key.endswith("ratio"):
                continue
            w(f"  spin-up {g['spinup_ms']:>3} ms, module {'loaded' if g['module'] else 'absent'}: "
              f"median {g['commands_median']} commands over {g['swaps']} swaps "
              f"({', '.join(str(x['commands']) for x in g['runs'])}); "
              f"{g['media_change_uevents']} block-layer and {g['own_uevents']} module uevents, "
              f"{g['publications']} publications"
              + (f", udev's ID_CDROM_MSINFO_DISKSEQ current {g['udev_current']}/{g['swaps']}"
                 if g['module'] else ""))
    q = res.get("query")
    if q:
        w("")
        w(f"2. query cost ({q['rounds']} rounds in-kernel; programs as spawned) "
          f"- MMC commands during the cached queries: {q['commands_during_cached_queries']}")
        w(f"  {'what':22} {'median us':>10} {'p99 us':>10} {'median x':>9} {'p99 x':>8} {'n':>5}")
        for name, s in q["rows"].items():
            w(f"  {name:22} {fmt_us(s['median_ns']):>10} {fmt_us(s['p99_ns']):>10} "
              f"{fmt_ratio(s['median_ratio']):>9} {fmt_ratio(s['p99_ratio']):>8} {s['n']:>5}")
        w(f"  values: {q['values']} {q['program_values']}")
    lat = res.get("latency")
    if lat:
        w("")
        w("3. media change to published state (ms after the write to load; median/max)")
        for o in lat.values():
            w(f"  poll {o['poll_ms']} ms, {o['latency_us']} us/command, spin-up {o['spinup_ms']} ms, "
              f"{o['swaps']} swaps: DISK_MEDIA_CHANGE {fmt_ms((o['media_change_ms_median'] or -1) * 1000)}/"
              f"{fmt_ms((o['media_change_ms_max'] or -1) * 1000)}, published "
              f"{fmt_ms((o['published_ms_median'] or -1) * 1000)}/{fmt_ms((o['published_ms_max'] or -1) * 1000)}"
              f" (uevent->published {fmt_ms((o['uevent_to_published_ms_median'] or -1) * 1000)}/"
              f"{fmt_ms((o['uevent_to_published_ms_max'] or -1) * 1000)}), own uevents {o['own_uevents']}"
              f" at {fmt_ms((o['own_uevent_ms_median'] or -1) * 1000)}, publications {o['publications']}"
              f" ({o['error_publications']} errors first)")
        no = res.get("no_open")
        if no:
            w("  changes with no open in between: " + ", ".join(
                f"swap {x['rep']} to {x['profile']} published {x['published_ms']:.0f} ms after its write"
                for x in no["swaps"]))
    sc = res.get("scale")
    if sc:
        w("")
        w("4. scale (simulated drives + QEMU's CD-ROM; attach at 3 ms/command; republish at 20 ms/command,"
          " poll 200 ms)")
        w("  attach: ms from insmod until every drive is published (first load / second load);")
        w("  republish: ms from the swap until every drive is republished; per drive, ms from its")
        w("  DISK_MEDIA_CHANGE uevent to its publication (median/max), first swap after loading and next")
        w("  (and without latency); waits: what 20 ms per command adds (median drive)")
        w(f"  {'drives':>6} {'attach ms':>11} {'swap->all':>9} {'uev->pub first':>15} {'uev->pub':>12} "
          f"{'no latency':>11} {'waits':>6} {'pubs/drv':>8} {'cmds/drv':>8} {'rmmod ms':>8}")
        for r in sc:
            c = r.get("republish_cold", {})
            a = r.get("republish", {})
            z = r.get("republish_nolatency", {})
            w(f"  {r['drives']:>6} {r['attach_first_ms']:>5.0f}/{r['attach_all_ms']:<5.0f} "
              f"{a.get('done_ms') or -1:>9.0f} "
              f"{c.get('uevent_to_published_median_ms', -1):>6.0f}/{c.get('uevent_to_published_max_ms', -1):<8.0f} "
              f"{a.get('uevent_to_published_median_ms', -1):>5.0f}/{a.get('uevent_to_published_max_ms', -1):<6.0f} "
              f"{z.get('uevent_to_published_median_ms', -1):>5.0f}/{z.get('uevent_to_published_max_ms', -1):<5.0f} "
              f"{r.get('wait_share_median_ms', -1):>6.0f} "
              f"{a.get('publications_per_drive', -1):>8.2f} {a.get('module_commands_per_drive', -1):>8.1f} "
              f"{max(r['detach_ms'] or [-1]):>8.0f}")
        w("  reads of msinfo (open+read+close, about one a millisecond, drives in turn) before and during"
          " the next swap, us:")
        for r in sc:
            b = r.get("republish_reader", {})
            ri, rb = b.get("read_idle") or {}, b.get("read_busy") or {}
            rc = b.get("read_busy_control") or {}
            if b:
                w(f"  {r['drives']:>6} median/p99 idle {fmt_us(ri.get('median_ns'))}/{fmt_us(ri.get('p99_ns'))}, "
                  f"busy {fmt_us(rb.get('median_ns'))}/{fmt_us(rb.get('p99_ns'))} "
                  f"(size attr {fmt_us(rc.get('median_ns'))}/{fmt_us(rc.get('p99_ns'))}; EAGAIN "
                  f"{b.get('read_busy_eagain')}/{rb.get('n')}); {b['publications_per_drive']:.2f} "
                  f"publications, {b['module_commands_per_drive']:.1f} commands per drive")
        mem = res.get("memory")
        if mem:
            def objs(d):
                return ", ".join(f"{k} {v:.1f}" for k, v in sorted(d.items(), key=lambda kv: -abs(kv[1]))[:6])
            if "freed_slab_bytes_per_drive_fit" in mem:
                w(f"  memory freed by rmmod: {mem['freed_slab_bytes_per_drive_fit'] / 1024:.1f} KiB slab per drive "
                  f"(fit); objects per drive: {objs(mem['freed_objects_per_drive'])}")
            w(f"  memory taken by insmod until published: {mem['attach_slab_bytes_per_drive_fit'] / 1024:.1f} KiB "
              f"slab per drive (fit); the first load also starts "
              f"{mem['first_attach_threads_per_drive']:.2f} kernel threads per drive "
              f"({mem['first_attach_kernel_stack_kb_per_drive']:.1f} KiB of stack)")
    w("")
    w("goals (and figures without one, marked -):")
    for g in res.get("goals", []):
        mark = "-" if g["met"] is None else "met" if g["met"] else "MISSED"
        w(f"  [{mark}] {g['goal']}: {g['figure']}"
          + (f" (goal {g['target']})" if g["met"] is not None else "")
          + (f" - {g['why']}" if g['why'] else ""))


# ---- the documentation's table ----

RST_FILE = "cdrom-msinfo-bench-results.rst"
JSON_FILE = "cdrom-msinfo-bench-results.json"
RST_WIDTHS = (30, 50, 26, 5)


def rst_escape(text):
    for c in "\\*`|_":
        text = text.replace(c, "\\" + c)
    return text


def rst_grid(rows):
    """A grid table: rows of cells, the first one the header."""
    sep = "+" + "+".join("-" * (w + 2) for w in RST_WIDTHS) + "+"
    out = [sep]
    for i, row in enumerate(rows):
        cells = [textwrap.wrap(rst_escape(str(c)), w, break_long_words=False,
                               break_on_hyphens=False) or [""]
                 for c, w in zip(row, RST_WIDTHS)]
        for j in range(max(len(c) for c in cells)):
            out.append("|" + "|".join(" " + (c[j] if j < len(c) else "").ljust(w) + " "
                                      for c, w in zip(cells, RST_WIDTHS)) + "|")
        out.append(sep.replace("-", "=") if i == 0 else sep)
    return out


def rst(doc):
    """The results table of the bench document, from results.json alone."""
    w = []
    w.append(".. SPDX-License-Identifier: GPL-2.0")
    w.append("")
    w.append(".. Written by tools/testing/bench/report.py from " + JSON_FILE + "")
    w.append("   (make bench); make check verifies it is what that file gives.")
    load = doc.get("host_load") or ["?", "?"]
    for k in doc["kernels"]:
        g = k.get("guest", {})
        w.append("")
        w.extend(textwrap.wrap(
            f"Run on {k['kernel']}: {doc.get('seconds')} s, {g.get('cpus')} guest CPUs under "
            f"TCG; host load average (1, 5, 15 min) {load[0]} before, {load[1]} after, "
            f"the guest's {g.get('loadavg_start')} at its start.  Settings: "
            f"{rst_escape(k.get('settings') or 'the defaults')}.", 76,
            break_long_words=False, break_on_hyphens=False))
        w.append("")
        rows = [("Figure", "Result", "Goal", "Met")]
        notes = []
        for x in k.get("goals", []):
            if x["met"] is None:
                met = "-"
            else:
                met = "yes" if x["met"] else "NO"
            if x["why"]:
                notes.append(x["why"])
                met += f" ({len(notes)})"
            rows.append((x["goal"], x["figure"], x["target"] if x["met"] is not None else "-", met))
        w.extend(rst_grid(rows))
        if notes:
            w.append("")
            for i, n in enumerate(notes, 1):
                mark = f"({i}) "
                w.extend(textwrap.wrap(mark + rst_escape(n), 76, subsequent_indent=" " * len(mark),
                                       break_long_words=False, break_on_hyphens=False))
                w.append("")
            w.pop()
        met = [x["met"] for x in k.get("goals", []) if x["met"] is not None]
        w.append("")
        w.append(f"Goals met: {sum(met)} of {len(met)}.")
    return "\n".join(w) + "\n"


def check(json_path, rst_path):
    """make check: is the committed table what the committed JSON gives?"""
    import difflib
    try:
        with open(json_path) as f:
            doc = json.load(f)
        with open(rst_path) as f:
            have = f.read()
    except (OSError, ValueError) as e:
        print(f"report: {e}", file=sys.stderr)
        return 1
    want = rst(doc)
    if have == want:
        print(f"report: {rst_path} is what {json_path} gives")
        return 0
    sys.stdout.writelines(difflib.unified_diff(have.splitlines(True), want.splitlines(True),
                                               rst_path, "generated from " + json_path))
    print(f"report: {rst_path} is not what {json_path} gives (make bench writes both)",
          file=sys.stderr)
    return 1


# ---- plot ----

def plot(out, kernels):
    k = kernels[0]
    res = k.res
    d = os.path.join(out, "plot")
    os.makedirs(d, exist_ok=True)
    media = res.get("refresh_commands", {})
    with open(os.path.join(d, "commands.dat"), "w") as f:
        f.write("medium cdrom_msinfo " + " ".join(PEERS) + "\n")
        for name, m in sorted(media.items()):
            if not any(p in m for p in PEERS):
                continue
            vals = [m.get("cdrom_msinfo", {}).get("commands", "NaN")]
            vals += [m[p]["commands"] if p in m else "NaN" for p in PEERS]
            f.write(name[:-4] + " " + " ".join(str(v) for v in vals) + "\n")
    q = res.get("query", {}).get("rows", {})
    with open(os.path.join(d, "query.dat"), "w") as f:
        f.write("# what median_us p99_us\n")
        for name, s in q.items():
            f.write(f"{name} {s['median_ns'] / 1000} {s['p99_ns'] / 1000}\n")
    lat = res.get("latency", {})
    with open(os.path.join(d, "latency.dat"), "w") as f:
        f.write("# poll swap media_change_ms published_ms\n")
        for o in lat.values():
            for i, (a, b) in enumerate(zip(o["media_change_ms"], o["published_ms"])):
                f.write(f"{o['poll_ms']} {i + 1} {a} {b}\n")
            f.write("\n\n")
    sc = res.get("scale", [])
    with open(os.path.join(d, "scale.dat"), "w") as f:
        f.write("# drives attach_ms swap_to_all_ms uevent_to_pub_max_ms first_attach_ms\n")
        for r in sc:
            a = r.get("republish", {})
            f.write(f"{r['drives']} {r['attach_all_ms']} {a.get('done_ms') or 'NaN'} "
                    f"{a.get('uevent_to_published_max_ms', 'NaN')} {r['attach_first_ms']}\n")
    gp = f"""
set terminal pngcairo size 1600,1100 font ",9" noenhanced
set output "{os.path.join(out, 'bench.png')}"
set multiplot layout 2,2 title "cdrom_msinfo benchmark, {k.krel} (TCG guest, one run)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set key top left font ",8"
set title "1. MMC commands to read one medium (log)"
set xtics rotate by -45 font ",7"
set ylabel "commands"
set logscale y
set grid ytics
plot for [i=2:7] "{d}/commands.dat" using i:xtic(1) title columnheader(i)
unset logscale y
unset xtics; set xtics
set title "2. query cost, median and p99 (log)"
set logscale y
set ylabel "microseconds"
set xtics rotate by -30 font ",8"
plot "{d}/query.dat" using 2:xtic(1) title "median", "" using 3 title "p99"
unset logscale y
set style data linespoints
set xtics norotate font ",8"
set title "3. media change: DISK_MEDIA_CHANGE uevent and publication (ms after the swap)"
set xlabel "swap"
set ylabel "ms"
plot "{d}/latency.dat" index 0 using 2:3 title "uevent, poll 200", "" index 0 using 2:4 title "published, poll 200", \\
     "" index 1 using 2:3 title "uevent, poll 2000", "" index 1 using 2:4 title "published, poll 2000"
set title "4. scale: attach and republish (20 ms/command) vs drives"
set logscale x 2
set xlabel "drives"
plot "{d}/scale.dat" using 1:5 title "insmod -> all published (first load)", \\
     "" using 1:2 title "insmod -> all published (second load)", \\
     "" using 1:3 title "swap -> all republished (20 ms/command)", \\
     "" using 1:4 title "worst drive: its uevent -> republished"
unset multiplot
"""
    with open(os.path.join(d, "bench.gp"), "w") as f:
        f.write(gp)
    r = subprocess.run(["gnuplot", os.path.join(d, "bench.gp")], capture_output=True, text=True)
    if r.returncode:
        print("report: gnuplot: " + r.stderr.strip(), file=sys.stderr)


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--check":
        return check(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--settings", default="",
                    help="the BENCH_ settings that differ from the defaults")
    ap.add_argument("--seconds", type=int)
    ap.add_argument("--host-load", nargs=2)
    ap.add_argument("krels", nargs="+")
    a = ap.parse_args()
    kernels = []
    for krel in a.krels:
        path = os.path.join(a.out, krel, "raw.jsonl")
        if not os.path.exists(path):
            print(f"report: no {path}", file=sys.stderr)
            continue
        k = Kernel(krel, load(path))
        k.run()
        k.res["settings"] = a.settings
        kernels.append(k)
    if not kernels:
        return 1
    lines = [f"cdrom_msinfo benchmark: {a.seconds} s; host load average (1, 5, 15 min) "
             f"before {a.host_load[0] if a.host_load else '?'}, after {a.host_load[1] if a.host_load else '?'}"]
    for k in kernels:
        lines.append("")
        text_report(k, lines)
    text = "\n".join(lines) + "\n"
    with open(os.path.join(a.out, "results.txt"), "w") as f:
        f.write(text)
    doc = {"seconds": a.seconds, "host_load": a.host_load,
           "kernels": [k.res for k in kernels]}
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    # The table from the file just written, as make check will.
    with open(os.path.join(a.out, "results.json")) as f:
        table = rst(json.load(f))
    with open(os.path.join(a.out, "results.rst"), "w") as f:
        f.write(table)
    plot(a.out, kernels)
    sys.stdout.write(text)
    print(f"\n# bench: {a.out}/results.txt, results.json, results.rst, bench.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
