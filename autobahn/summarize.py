#!/usr/bin/env python3
"""Summarizes an Autobahn|Testsuite fuzzing client report (index.json and the per-case files).

Prints the counts per behavior and per group, then every case whose behavior or closing
behavior is not OK, with what its own report says: the close code the server sent and the
codes the case expected, whether the close was clean, and who closed the connection.

Exits 1 if a case failed (behavior FAILED, or closing behavior FAILED or UNCLEAN) or if any
6.4.x case (fail fast on invalid UTF-8) is not OK in both; 2 if the report is missing or
unreadable; 0 otherwise.

Usage: summarize.py REPORT_DIR
"""

import json
import os
import sys

BEHAVIORS = ["OK", "NON-STRICT", "INFORMATIONAL", "UNIMPLEMENTED", "FAILED"]
FAILED_CLOSE = {"FAILED", "UNCLEAN"}


def case_key(case_id):
    return tuple(int(part) for part in case_id.split("."))


def load(report_dir):
    with open(os.path.join(report_dir, "index.json"), encoding="utf-8") as index_file:
        index = json.load(index_file)
    if len(index) != 1:
        raise ValueError("index.json: %d agents (expected 1)" % len(index))
    return next(iter(index.values()))


def details(report_dir, entry):
    path = os.path.join(report_dir, entry["reportfile"])
    try:
        with open(path, encoding="utf-8") as case_file:
            return json.load(case_file)
    except (OSError, ValueError):
        return {}


def describe(case_id, entry, case):
    expected_close = case.get("expectedClose", {})
    lines = ["  %-8s behavior %s, close %s" % (case_id, entry["behavior"],
                                                entry["behaviorClose"])]
    lines.append("           server's close code %s (expected %s), clean %s, closed by %s%s"
                 % (case.get("remoteCloseCode"),
                    "/".join(str(c) for c in expected_close.get("closeCode", [])) or "-",
                    "yes" if case.get("wasClean") else "no",
                    "fuzzer" if case.get("closedByMe") else "server",
                    ", fuzzer dropped TCP" if case.get("droppedByMe") else ""))
    if case.get("wasNotCleanReason"):
        lines.append("           not clean: %s" % case["wasNotCleanReason"])
    lines.append("           %s | %s" % (case.get("result", "?"), case.get("resultClose", "?")))
    lines.append("           case: %s" % " ".join(str(case.get("description", "?")).split())[:160])
    return "\n".join(lines)


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    report_dir = sys.argv[1]
    try:
        cases = load(report_dir)
    except (OSError, ValueError) as error:
        print("No readable Autobahn report in %s: %s" % (report_dir, error), file=sys.stderr)
        return 2

    ids = sorted(cases, key=case_key)
    by_behavior = {behavior: 0 for behavior in BEHAVIORS}
    by_group = {}
    for case_id in ids:
        behavior = cases[case_id]["behavior"]
        by_behavior[behavior] = by_behavior.get(behavior, 0) + 1
        group = by_group.setdefault(case_id.split(".")[0], {})
        group[behavior] = group.get(behavior, 0) + 1

    total_ms = sum(cases[case_id].get("duration", 0) for case_id in ids)
    print("Autobahn|Testsuite: %d cases, %.1f s in the cases themselves" % (len(ids),
                                                                           total_ms / 1000.0))
    print("By behavior: " + ", ".join("%s %d" % (b, n) for b, n in by_behavior.items()))
    print("By group:")
    print("  %-6s %6s " % ("group", "cases") + " ".join("%13s" % b for b in BEHAVIORS))
    for group in sorted(by_group, key=int):
        counts = by_group[group]
        print("  %-6s %6d " % (group, sum(counts.values()))
              + " ".join("%13d" % counts.get(b, 0) for b in BEHAVIORS))

    not_ok = [c for c in ids
              if cases[c]["behavior"] != "OK" or cases[c]["behaviorClose"] != "OK"]
    failing = [c for c in ids
               if cases[c]["behavior"] == "FAILED"
               or cases[c]["behaviorClose"] in FAILED_CLOSE
               or (c.startswith("6.4.") and c in not_ok)]
    print("Not OK (behavior or closing behavior): %d" % len(not_ok))
    for case_id in not_ok:
        print(describe(case_id, cases[case_id], details(report_dir, cases[case_id])))

    if failing:
        print("FAILED: %d case(s): %s" % (len(failing), " ".join(failing)))
        return 1
    print("PASSED: no case failed and every 6.4.x case is OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
