#!/usr/bin/env python3
"""Count test cases in Meson's testlog.json files: TAP subtests where a test
speaks TAP, else the test itself.  Prints 'N passed, N failed' and exits 1
when anything failed or nothing ran."""
import json
import re
import sys


def main(paths):
    passed = failed = skipped = 0
    lines = []
    for path in paths:
        try:
            lines += open(path, encoding="utf-8").read().splitlines()
        except OSError as e:
            print(f"no test log: {e}", file=sys.stderr)
            failed += 1
    for line in lines:
        if not line.strip():
            continue
        t = json.loads(line)
        out = t.get("stdout") or ""
        ok = len(re.findall(r"^ok\b", out, re.M))
        notok = len(re.findall(r"^not ok\b", out, re.M))
        res = t.get("result")
        if ok or notok:
            passed += ok
            failed += notok
            if res not in ("OK", "EXPECTEDFAIL") and notok == 0:
                failed += 1  # crashed or timed out after its last subtest
        elif res in ("OK", "EXPECTEDFAIL"):
            passed += 1
        elif res == "SKIP":
            skipped += 1
        else:
            failed += 1
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
