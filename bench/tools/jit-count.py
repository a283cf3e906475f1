#!/usr/bin/env python3
"""jit-count.py CALLGRIND.OUT LOG [N]: exact counts of what warp's generated
code executed, by kind of host instruction, and the N hottest blocks with a
count per instruction.

Wall time on a shared machine moves by 5-10% from run to run; an exact
instruction count does not, so a change to the code generator can be
judged by it.  Run warp under callgrind with its host-code log, in one
process (the addresses must match):
    valgrind --tool=callgrind --dump-instr=yes --smc-check=all \\
        --callgrind-out-file=cg.out warp -d in_asm,out_asm -D log.txt PROG
    bench/tools/jit-count.py cg.out log.txt 5
(--smc-check=all: chaining patches code through a second mapping of the
code buffer, which valgrind sees only with that.)  Instructions count,
not cycles: cache misses, which dominate memory-bound programs, are not
in it.
"""
import collections
import re
import sys


def parse_callgrind(path):
    """Self cost per instruction address of the object callgrind names ???"""
    counts = collections.Counter()
    names = {}
    cur = None
    last = 0
    skip = False
    for line in open(path):
        line = line.rstrip('\n')
        if not line:
            continue
        if line.startswith(('ob=', 'cob=')):
            m = re.match(r'c?ob=\((\d+)\)(?: (.*))?', line)
            if m and m.group(2) is not None:
                names[m.group(1)] = m.group(2)
            if line.startswith('ob=') and m:
                cur = names.get(m.group(1))
            continue
        if line.startswith('calls='):
            skip = True        # the next line is the call's inclusive cost
            continue
        if line[0] not in '0123456789+-*':
            skip = False
            continue
        parts = line.split()
        a = parts[0]
        if a.startswith('0x'):
            addr = int(a, 16)
        elif a[0] in '+-':
            addr = last + int(a, 0)
        elif a == '*':
            addr = last
        else:
            addr = int(a, 0)
        last = addr
        if skip:
            skip = False
            continue
        if cur == '???' and len(parts) >= 3:
            counts[addr] += int(parts[2])
    return counts


def parse_log(path):
    text, blk, blocks = {}, {}, []
    name, cur = None, None
    for line in open(path, errors='replace'):
        if line.startswith('IN: pc='):
            name = line.split()[1]
            continue
        if line.startswith('OUT:'):
            cur = [name, []]
            blocks.append(cur)
            continue
        m = re.match(r'\s+0x([0-9a-f]+):\s+(.*)', line)
        if m and cur is not None:
            a = int(m.group(1), 16)
            text[a] = m.group(2)
            blk[a] = len(blocks) - 1
            cur[1].append(a)
        elif not line.strip():
            cur = None
    return text, blk, blocks


def kind(t):
    op = t.split()[0]
    if 'rbp+0x408' in t:
        return 'exit_request check'
    if op == 'mov' and 'rbp+' in t:
        dst = t.split(None, 1)[1].split(',')[0]
        return 'guest state store' if 'rbp' in dst else 'guest state load'
    if 'rbp+' in t:
        return 'guest state operand'
    if re.match(r'mov \w+, \w+$', t):
        return 'register move'
    return op


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    counts = parse_callgrind(sys.argv[1])
    text, blk, blocks = parse_log(sys.argv[2])
    tot = sum(counts.values())
    if not tot:
        sys.exit("jit-count.py: no generated code in the profile")
    matched = sum(c for a, c in counts.items() if a in text)
    print("generated code: %d instructions executed, %.1f%% found in the log"
          % (tot, 100.0 * matched / tot))
    kinds = collections.Counter()
    for a, c in counts.items():
        if a in text:
            kinds[kind(text[a])] += c
    for k, c in kinds.most_common(20):
        print("%6.2f%%  %s" % (100.0 * c / tot, k))
    bc = collections.Counter()
    for a, c in counts.items():
        if a in blk:
            bc[blk[a]] += c
    for b, c in bc.most_common(int(sys.argv[3]) if len(sys.argv) > 3 else 0):
        name, addrs = blocks[b]
        print("\n=== %s: %.2f%%" % (name, 100.0 * c / tot))
        for a in addrs:
            print("%12d  %s" % (counts.get(a, 0), text[a]))


if __name__ == '__main__':
    main()
