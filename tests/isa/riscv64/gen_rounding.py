#!/usr/bin/env python3
"""gen_rounding.py - compute the expected table of rounding.c.

Not run by the build: rounding.c holds its output.  Every result is
computed with exact rational arithmetic (fractions), independently of any
FPU, for the five RISC-V rounding modes; flags are NX/OF/UF/DZ as RISC-V
defines them (tininess after rounding; the cases avoid the borderline).

    python3 gen_rounding.py > rounding_table.h
"""
from fractions import Fraction as F
import math
import struct

RNE, RTZ, RDN, RUP, RMM = range(5)
NX, UF, OF, DZ, NV = 1, 2, 4, 8, 16

FMT = {'d': (53, -1022, 1023, 11), 's': (24, -126, 127, 8)}


def bits_to_frac(b, f):
    p, emin, emax, ew = FMT[f]
    mb = p - 1
    sign = -1 if b >> (ew + mb) else 1
    e = (b >> mb) & ((1 << ew) - 1)
    m = b & ((1 << mb) - 1)
    assert e != (1 << ew) - 1, "no inf/nan inputs here"
    if e == 0:
        return sign * F(m, 1 << (mb - emin))
    return sign * F((1 << mb) | m, 1) * F(2) ** (e - ((1 << (ew - 1)) - 1) - mb)


def d(x):
    return struct.unpack('<Q', struct.pack('<d', x))[0]


def s(x):
    return struct.unpack('<I', struct.pack('<f', x))[0]


def encode(sign, n, e, f):
    """value = n * 2**(e - p + 1), n < 2**p (or subnormal)"""
    p, emin, emax, ew = FMT[f]
    mb = p - 1
    bias = (1 << (ew - 1)) - 1
    if n >= 1 << mb:
        biased = e + bias
        m = n - (1 << mb)
    else:
        biased = 0
        m = n
    return (sign << (ew + mb)) | (biased << mb) | m


def inf(sign, f):
    p, emin, emax, ew = FMT[f]
    return (sign << (ew + p - 1)) | (((1 << ew) - 1) << (p - 1))


def maxf(sign, f):
    p, emin, emax, ew = FMT[f]
    return encode(sign, (1 << p) - 1, emax, f)


def round_frac(v, mode, f, sticky=False):
    """Round exact v (plus an infinitesimal when sticky) to format f."""
    p, emin, emax, ew = FMT[f]
    if v == 0 and not sticky:
        return 0, 0
    sign = 1 if v < 0 else 0
    a = -v if sign else v
    # floor(log2(a)) from the integer bit lengths, then exact fix-ups
    e = a.numerator.bit_length() - a.denominator.bit_length() if a > 0 else emin
    while F(2) ** e > a:
        e -= 1
    while F(2) ** (e + 1) <= a:
        e += 1
    tiny_exp = e < emin
    e = max(e, emin)
    ulp = F(2) ** (e - p + 1)
    q = a / ulp
    n = math.floor(q)
    rem = q - n
    inexact = rem != 0 or sticky
    up = False
    if inexact:
        half = F(1, 2)
        if mode == RNE:
            up = rem > half or (rem == half and not sticky and n % 2 == 1) or \
                (rem == half and sticky)
        elif mode == RMM:
            up = rem >= half
        elif mode == RTZ:
            up = False
        elif mode == RDN:
            up = sign == 1
        elif mode == RUP:
            up = sign == 0
    if up:
        n += 1
    if n == 1 << p:
        n >>= 1
        e += 1
    flags = NX if inexact else 0
    if e > emax:
        flags = OF | NX
        to_inf = mode in (RNE, RMM) or (mode == RUP and not sign) or \
            (mode == RDN and sign)
        return (inf(sign, f) if to_inf else maxf(sign, f)), flags
    # tininess after rounding: result (with unbounded exponent) below 2^emin
    if inexact and n < 1 << (p - 1):
        flags |= UF
    return encode(sign, n, e, f), flags


def sqrt_round(v, mode, f):
    scale = 400
    num = v * F(2) ** (2 * scale)
    assert num.denominator == 1
    r = math.isqrt(num.numerator)
    exact = r * r == num.numerator
    return round_frac(F(r, 2 ** scale), mode, f, sticky=not exact)


def to_int(v, mode, kind):
    lo, hi = {'w': (-2**31, 2**31 - 1), 'wu': (0, 2**32 - 1),
              'l': (-2**63, 2**63 - 1), 'lu': (0, 2**64 - 1)}[kind]
    n = math.floor(v)
    rem = v - n
    if rem:
        if mode == RNE:
            up = rem > F(1, 2) or (rem == F(1, 2) and n % 2)
        elif mode == RMM:
            up = rem >= F(1, 2) if v > 0 else rem > F(1, 2)
        elif mode == RTZ:
            up = v < 0
        elif mode == RDN:
            up = False
        else:
            up = True
        n += up
    if n < lo or n > hi:
        r, fl = (lo if n < lo else hi), NV
    else:
        r, fl = n, NX if rem else 0
    if kind in ('w', 'wu'):   # 32-bit results are sign-extended
        r &= 0xffffffff
        if r >> 31:
            r |= 0xffffffff00000000
    return r & 0xffffffffffffffff, fl


ONE = d(1.0)
rows = []


def row(op, f, a, b=0, c=0, comment=''):
    rows.append((op, f, a, b, c, comment))


def val(x, f):
    return bits_to_frac(x, f)


# ---- double ----
E53 = d(2.0 ** -53)
row('fadd.d', 'd', ONE, E53, comment='1 + half ulp: tie, even below')
row('fadd.d', 'd', d(-1.0), d(-2.0 ** -53), comment='negative tie')
row('fadd.d', 'd', ONE + 1, E53, comment='tie, odd below')
row('fadd.d', 'd', ONE, d(3 * 2.0 ** -54), comment='above half')
row('fadd.d', 'd', d(1.7976931348623157e308), d(1.7976931348623157e308),
    comment='overflow')
row('fadd.d', 'd', d(-1.7976931348623157e308), d(-1.7976931348623157e308),
    comment='negative overflow')
row('fsub.d', 'd', ONE, d(3 * 2.0 ** -54), comment='tie below 1')
row('fsub.d', 'd', d(-1.0), d(2.0 ** -60), comment='sticky, negative')
row('fmul.d', 'd', ONE + 1, ONE + 1, comment='just above a representable')
row('fmul.d', 'd', ONE + 1, d(1.5), comment='tie, odd below')
row('fmul.d', 'd', ONE + 3, d(1.5), comment='tie, even below')
row('fmul.d', 'd', d(-(1 + 2.0 ** -52)), d(1.5), comment='negative tie')
row('fmul.d', 'd', d(2.0 ** -1000), d(2.0 ** -80), comment='underflow')
row('fmul.d', 'd', d(2.0 ** -1000), d(-3 * 2.0 ** -76), comment='subnormal')
row('fdiv.d', 'd', ONE, d(3.0))
row('fdiv.d', 'd', d(2.0), d(3.0))
row('fdiv.d', 'd', d(-1.0), d(3.0))
row('fdiv.d', 'd', ONE, d(10.0))
row('fdiv.d', 'd', d(-1.0), d(10.0))
row('fsqrt.d', 'd', d(2.0))
row('fsqrt.d', 'd', d(3.0))
row('fsqrt.d', 'd', d(0.1))
row('fsqrt.d', 'd', d(6.25), comment='exact')
row('fmadd.d', 'd', d(2.0 ** -27), d(2.0 ** -26), ONE,
    comment='a*b+c is a tie')
row('fmadd.d', 'd', ONE + 1, ONE + 1, d(-1.0),
    comment='one rounding: a separate mul would be exact 2^-51')
row('fmsub.d', 'd', ONE + 1, ONE + 1, ONE)
row('fnmadd.d', 'd', ONE + 1, ONE + 1, d(-1.0))
row('fnmsub.d', 'd', ONE + 1, ONE + 1, ONE)
row('fnmadd.d', 'd', d(2.0 ** -27), d(2.0 ** -26), ONE)
for x in (2.5, -2.5, 3.5, -0.5, 0.5, 1.5, -1.5, 7.0):
    row('fcvt.w.d', 'd', d(x))
    row('fcvt.l.d', 'd', d(x))
for x in (2.5, 0.5, 1.5, 4294967295.5):
    row('fcvt.wu.d', 'd', d(x))
    row('fcvt.lu.d', 'd', d(x))
row('fcvt.s.d', 'd', d(1 + 2.0 ** -24), comment='tie, even below')
row('fcvt.s.d', 'd', d(1 + 3 * 2.0 ** -24), comment='tie, odd below')
row('fcvt.s.d', 'd', d(-(1 + 2.0 ** -24 + 2.0 ** -40)), comment='above half')
row('fcvt.s.d', 'd', d(1e39), comment='overflow')
row('fcvt.d.l', 'i', 2 ** 53 + 1, comment='tie')
row('fcvt.d.l', 'i', (-(2 ** 53 + 3)) & (2 ** 64 - 1), comment='negative tie')
row('fcvt.d.lu', 'i', 2 ** 64 - 1)
row('fcvt.s.l', 'i', 2 ** 24 + 1)
row('fcvt.s.w', 'i', (-(2 ** 24 + 3)) & (2 ** 64 - 1))
row('fcvt.s.wu', 'i', 2 ** 32 - 1)
# ---- single ----
SONE = s(1.0)
row('fadd.s', 's', SONE, s(2.0 ** -24))
row('fadd.s', 's', SONE + 1, s(2.0 ** -24))
row('fsub.s', 's', s(-1.0), s(2.0 ** -30))
row('fmul.s', 's', SONE + 3, s(1.5))
row('fmul.s', 's', s(3e38), s(2.0))
row('fdiv.s', 's', SONE, s(3.0))
row('fdiv.s', 's', s(-2.0), s(3.0))
row('fsqrt.s', 's', s(2.0))
row('fmadd.s', 's', s(2.0 ** -12), s(2.0 ** -12), SONE)
row('fmadd.s', 's', SONE + 1, SONE + 1, s(-1.0))
row('fnmsub.s', 's', SONE + 1, SONE + 1, SONE)
for x in (2.5, -2.5, -0.5):
    row('fcvt.w.s', 's', s(x))
    row('fcvt.lu.s', 's', s(x))


def compute(op, f, a, b, c, mode):
    fmt = 's' if op.endswith('.s') or op.startswith('fcvt.s.') else 'd'
    base = op.split('.')
    if base[0] == 'fcvt':
        dst, src = base[1], base[2]
        if src in ('w', 'wu', 'l', 'lu'):
            bits = {'w': 32, 'wu': 32, 'l': 64, 'lu': 64}[src]
            v = a & ((1 << bits) - 1)
            if src in ('w', 'l') and v >> (bits - 1):
                v -= 1 << bits
            return round_frac(F(v), mode, dst)
        if dst in ('w', 'wu', 'l', 'lu'):
            return to_int(val(a, src), mode, dst)
        return round_frac(val(a, src), mode, dst)
    x, y, z = val(a, fmt), val(b, fmt), val(c, fmt)
    name = base[0]
    if name == 'fadd':
        return round_frac(x + y, mode, fmt)
    if name == 'fsub':
        return round_frac(x - y, mode, fmt)
    if name == 'fmul':
        return round_frac(x * y, mode, fmt)
    if name == 'fdiv':
        return round_frac(x / y, mode, fmt)
    if name == 'fsqrt':
        return sqrt_round(x, mode, fmt)
    if name == 'fmadd':
        return round_frac(x * y + z, mode, fmt)
    if name == 'fmsub':
        return round_frac(x * y - z, mode, fmt)
    if name == 'fnmsub':
        return round_frac(-(x * y) + z, mode, fmt)
    if name == 'fnmadd':
        return round_frac(-(x * y) - z, mode, fmt)
    raise ValueError(op)


print('/* generated by gen_rounding.py: exact results for rne rtz rdn rup rmm */')
for op, f, a, b, c, comment in rows:
    res = [compute(op, f, a, b, c, m) for m in range(5)]
    single_out = op.endswith('.s') or op.startswith('fcvt.s.')
    is_int_out = op.startswith('fcvt.') and op.split('.')[1] in ('w', 'wu', 'l', 'lu')
    want = []
    for r, fl in res:
        if single_out and not is_int_out:
            r |= 0xffffffff00000000
        want.append(r)
    def reg(x):
        return x | 0xffffffff00000000 if f == 's' else x
    print('ROW(%s, 0x%016xull, 0x%016xull, 0x%016xull,' % (
        op.replace('.', '_'), reg(a), reg(b), reg(c)))
    print('    W(0x%016xull, 0x%016xull, 0x%016xull, 0x%016xull, 0x%016xull),' % tuple(want))
    print('    F(%d, %d, %d, %d, %d))%s' % (tuple(fl for r, fl in res) +
                                          ((' /* %s */' % comment) if comment else '',)))
