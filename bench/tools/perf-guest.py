#!/usr/bin/env python3
"""perf-guest.py PERF.DATA MAP: which guest blocks are hot in a perf profile
of warp.  MAP is the /tmp/perf-PID.map that `warp -perfmap` wrote.

perf attributes warp's generated code to the memfd that holds it
("memfd:warp-code"), as offsets into it, and uses perf maps only for
anonymous memory; this script maps those offsets back to blocks (the first
block in the map starts at offset 0 of the code buffer) and prints the
hottest ones:  percent, guest_[sb_]0xPC, size of the host code.
Example:
    perf record -o p.data -- warp -perfmap ./prog
    bench/tools/perf-guest.py p.data /tmp/perf-PID.map
"""
import bisect
import collections
import re
import subprocess
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    blocks = []
    for line in open(sys.argv[2]):
        addr, size, name = line.split()
        blocks.append((int(addr, 16), int(size, 16), name))
    if not blocks:
        sys.exit("perf-guest.py: empty map")
    base = min(b[0] for b in blocks)
    blocks = sorted((a - base, s, n) for a, s, n in blocks)
    starts = [b[0] for b in blocks]
    out = subprocess.run(["perf", "report", "-i", sys.argv[1], "--no-children",
                          "--sort", "dso,sym", "--percent-limit", "0.01"],
                         capture_output=True, text=True, check=True).stdout
    hot = collections.Counter()
    for line in out.splitlines():
        m = re.match(r"\s*([\d.]+)%\s+memfd:warp-code.*\[\.\]\s+0x([0-9a-f]+)", line)
        if not m:
            continue
        off = int(m.group(2), 16)
        i = bisect.bisect_right(starts, off) - 1
        if i >= 0 and off < blocks[i][0] + blocks[i][1]:
            # a block retranslated later may reuse no offsets; the last
            # one starting at or before off is the one that held it
            hot[(blocks[i][2], blocks[i][1])] += float(m.group(1))
    for (name, size), pct in hot.most_common(25):
        print(f"{pct:6.2f}%  {name}  ({size} bytes of host code)")


main()
