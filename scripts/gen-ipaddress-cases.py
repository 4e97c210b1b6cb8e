#!/usr/bin/env python3
"""Writes Tests/IPAddressTests/Resources/ipaddress-cases.tsv: the oracle table for the
Swift IPAddress module, computed by this machine's Python `ipaddress` (3.11.7).

Run from the package root:  python3 scripts/gen-ipaddress-cases.py
The output is deterministic (fixed seed); commit it together with this script.

Format: one case per line, tab-separated: OP, INPUT, then KEY=VALUE fields. Lines starting
with '#' are comments. INPUT and VALUEs escape '\\', tab, newline, CR and other control
characters as \\\\, \\t, \\n, \\r, \\xHH. Booleans are 1/0, Python's None is '-'.
OP names the Python call (`ip_address`, `IPv4Network`, `IPv6Network_loose` for strict=False,
`ip_address_int`, `IPv4Address_packed`, ...) or a relation (`netpair`, `addrpair`,
`ifacepair`, `netaddr`, `arith`) whose INPUT holds two space-separated operands.
A call that raises has the single field err=LABEL, where LABEL is the IPAddressError case
that Python's message corresponds to. Attributes for which Python 3.11 raises (exploded and
reverse_pointer of a scoped IPv6 address) are left out; the Swift tests pin those down.
"""

import ipaddress as ip
import itertools
import random
import re
import sys
from ast import literal_eval

SEED = 20240611
OUT = "Tests/IPAddressTests/Resources/ipaddress-cases.tsv"
rows = []
texts_seen = []  # raw inputs of the constructor cases, the seeds for mutation


# ---------------------------------------------------------------- formatting

def esc(text):
    out = []
    for ch in text:
        o = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif o < 0x20 or o == 0x7F:
            out.append("\\x%02x" % o)
        else:
            out.append(ch)
    return "".join(out)


def b(flag):
    return "1" if flag else "0"


def opt(value):
    return "-" if value is None else str(value)


def emit(op, inp, fields):
    rows.append(op + "\t" + esc(inp) + "".join("\t" + k + "=" + esc(v) for k, v in fields))


# ---------------------------------------------------------------- error labels

PREFIX_LABELS = [
    ("Address cannot be empty", "empty"),
    ("Unexpected '/'", "unexpectedSlash"),
    ("Only one '/' permitted", "multipleSlashes"),
    ("Expected 4 octets", "octetCount"),
    ("Empty octet not permitted", "emptyOctet"),
    ("Only decimal digits permitted", "octetNotDecimal"),
    ("At most 3 characters permitted", "octetTooLong"),
    ("Leading zeros are not permitted", "octetLeadingZeros"),
    ("Octet ", "octetOutOfRange"),
    ("At least 3 parts expected", "tooFewParts"),
    ("At most 8 colons permitted", "tooManyColons"),
    ("At most one '::' permitted", "multipleDoubleColons"),
    ("Leading ':' only permitted", "leadingColon"),
    ("Trailing ':' only permitted", "trailingColon"),
    ("Expected at most 7 other parts", "tooManyPartsWithDoubleColon"),
    ("Exactly 8 parts expected", "partCount"),
    ("Only hex digits permitted", "hextetNotHex"),
    ("At most 4 characters permitted", "hextetTooLong"),
    ("Invalid IPv6 address", "invalidScopeID"),
]


def label(exc):
    msg = str(exc)
    for prefix, name in PREFIX_LABELS:
        if msg.startswith(prefix):
            return name
    if msg.endswith("has host bits set"):
        return "hostBitsSet"
    if msg.endswith("is not a valid netmask"):
        mask = literal_eval(msg[: -len(" is not a valid netmask")])
        return "prefixOutOfRange" if mask.isascii() and mask.isdigit() else "invalidNetmask"
    if "is not permitted as an IPv" in msg:
        return "packedLength" if "(len " in msg else "integerOutOfRange"
    m = re.search(r"does not appear to be an IPv4 or IPv6 (address|network|interface)$", msg)
    if m:
        return {"address": "notAnIPAddress", "network": "notAnIPNetwork", "interface": "notAnIPInterface"}[m[1]]
    raise SystemExit("unclassified Python error: %r" % msg)


# ---------------------------------------------------------------- attributes

FLAGS = [("private", "is_private"), ("global", "is_global"), ("loopback", "is_loopback"),
         ("multicast", "is_multicast"), ("link_local", "is_link_local"), ("reserved", "is_reserved"),
         ("unspecified", "is_unspecified")]


def unless_raises(key, read):
    """[(key, read())], or nothing where Python 3.11 raises (exploded of a scoped IPv6 address)."""
    try:
        return [(key, read())]
    except ValueError:
        return []


def flag_fields(obj, skip=()):
    """The is_* flags every object has, plus is_site_local for IPv6."""
    f = [(key, b(getattr(obj, attr))) for key, attr in FLAGS if key not in skip]
    return f + ([("site_local", b(obj.is_site_local))] if obj.version == 6 else [])


def address_fields(a):
    f = [("str", str(a)), ("version", str(a.version)), ("int", str(int(a))), ("packed", a.packed.hex())]
    f += unless_raises("exploded", lambda: a.exploded) + unless_raises("rev", lambda: a.reverse_pointer)
    f += flag_fields(a)
    if a.version == 6:
        f.append(("scope", opt(a.scope_id)))
        f.append(("mapped", opt(a.ipv4_mapped)))
        f.append(("6to4", opt(a.sixtofour)))
        f.append(("teredo", "-" if a.teredo is None else "%s,%s" % a.teredo))
    return f


def network_fields(n, rng):
    f = [("str", str(n)), ("version", str(n.version)), ("net", str(n.network_address)),
         ("bcast", str(n.broadcast_address)), ("netmask", str(n.netmask)), ("hostmask", str(n.hostmask)),
         ("prefixlen", str(n.prefixlen)), ("wp", n.with_prefixlen), ("wn", n.with_netmask),
         ("wh", n.with_hostmask)]
    f.append(("num", "2**128" if n.num_addresses == 2 ** 128 else str(n.num_addresses)))
    f += unless_raises("exploded", lambda: n.exploded) + flag_fields(n)
    if n.num_addresses <= 4096:
        hosts = list(n.hosts())
        f.append(("hosts", "%s,%s,%d" % (hosts[0], hosts[-1], len(hosts)) if hosts else "-"))
    else:
        f.append(("hosts3", ",".join(str(h) for h in itertools.islice(n.hosts(), 3))))
    f.append(("iter3", ",".join(str(h) for h in itertools.islice(iter(n), 3))))
    f.append(("sub1", ",".join(str(s) for s in n.subnets())))
    k = rng.randint(0, 8)
    new = min(n.prefixlen + k, n.max_prefixlen)
    subs = list(n.subnets(new_prefix=new))
    f.append(("subn", "%d:%s,%s,%d" % (new, subs[0], subs[-1], len(subs))))
    f.append(("super1", str(n.supernet())))
    p = rng.randint(0, n.prefixlen)
    f.append(("supern", "%d:%s" % (p, n.supernet(new_prefix=p))))
    return f


def interface_fields(i):
    f = [("str", str(i)), ("version", str(i.version)), ("net", str(i.network)),
         ("prefixlen", str(i.network.prefixlen)), ("netmask", str(i.netmask)), ("hostmask", str(i.hostmask)),
         ("wp", i.with_prefixlen), ("wn", i.with_netmask), ("wh", i.with_hostmask), ("exploded", i.exploded)]
    f.append(("ip", str(i.ip)))  # without the scope ID, in Python and Swift alike
    # IPv4Interface.is_unspecified is always False in 3.11 (`self == IPv4Address('0.0.0.0')`);
    # Swift differs on purpose, tested apart.
    f += flag_fields(i, skip=("unspecified",) if i.version == 4 else ())
    return f


CONSTRUCTORS = {
    "ip_address": (ip.ip_address, "address"),
    "IPv4Address": (ip.IPv4Address, "address"),
    "IPv6Address": (ip.IPv6Address, "address"),
    "ip_network": (lambda s: ip.ip_network(s), "network"),
    "ip_network_loose": (lambda s: ip.ip_network(s, strict=False), "network"),
    "IPv4Network": (lambda s: ip.IPv4Network(s), "network"),
    "IPv4Network_loose": (lambda s: ip.IPv4Network(s, strict=False), "network"),
    "IPv6Network": (lambda s: ip.IPv6Network(s), "network"),
    "IPv6Network_loose": (lambda s: ip.IPv6Network(s, strict=False), "network"),
    "ip_interface": (ip.ip_interface, "interface"),
    "IPv4Interface": (ip.IPv4Interface, "interface"),
    "IPv6Interface": (ip.IPv6Interface, "interface"),
}


def case(op, text, rng, full=True):
    """One row: the object's attributes, or the error label. Returns True if it parsed."""
    make, kind = CONSTRUCTORS[op]
    texts_seen.append(text)
    try:
        obj = make(text)
    except ValueError as exc:
        emit(op, text, [("err", label(exc))])
        return False
    if not full:
        emit(op, text, [("str", str(obj))])
    elif kind == "address":
        emit(op, text, address_fields(obj))
    elif kind == "network":
        emit(op, text, network_fields(obj, rng))
    else:
        emit(op, text, interface_fields(obj))
    return True


# ---------------------------------------------------------------- input generators

V4_BLOCKS = ["0.0.0.0/8", "10.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/29",
             "192.0.0.170/31", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
             "203.0.113.0/24", "240.0.0.0/4", "255.255.255.255/32", "100.64.0.0/10", "224.0.0.0/4"]
V6_BLOCKS = ["::1/128", "::/128", "::ffff:0:0/96", "100::/64", "2001::/23", "2001:2::/48", "2001:db8::/32",
             "2001:10::/28", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8", "::/8", "100::/8", "200::/7",
             "400::/6", "800::/5", "1000::/4", "4000::/3", "6000::/3", "8000::/3", "a000::/3", "c000::/3",
             "e000::/4", "f000::/5", "f800::/6", "fe00::/9", "2002::/16", "2001::/32"]


def edge_values(blocks, bits):
    out = set()
    top = 2 ** bits - 1
    for text in blocks:
        n = ip.ip_network(text)
        lo, hi = int(n.network_address), int(n.broadcast_address)
        for v in (lo - 1, lo, lo + 1, hi - 1, hi, hi + 1, (lo + hi) // 2):
            if 0 <= v <= top:
                out.add(v)
    return sorted(out)


def random_v6(rng):
    groups = []
    for _ in range(8):
        r = rng.random()
        groups.append(0 if r < 0.4 else rng.randrange(16) if r < 0.55 else rng.randrange(256) if r < 0.7
                      else rng.randrange(65536))
    return sum(g << (16 * (7 - i)) for i, g in enumerate(groups))


def v6_spellings(value, rng):
    """Several valid ways to write one IPv6 address, beyond Python's own str()."""
    a = ip.IPv6Address(value)
    groups = [(value >> (16 * (7 - i))) & 0xFFFF for i in range(8)]
    out = {str(a), a.exploded, str(a).upper()}
    out.add(":".join(("%0" + str(rng.randint(1, 4)) + "x") % g for g in groups))
    # compress a zero run other than the longest, if any
    runs = [(i, j) for i in range(8) for j in range(i + 1, 9) if all(g == 0 for g in groups[i:j])]
    if runs:
        i, j = rng.choice(runs)
        left = ":".join("%x" % g for g in groups[:i])
        right = ":".join("%x" % g for g in groups[j:])
        out.add(left + "::" + right)
    v4 = ip.IPv4Address(value & 0xFFFFFFFF)
    out.add(":".join("%x" % g for g in groups[:6]) + ":" + str(v4))
    return sorted(out)


def mutate(text, rng):
    alphabet = "0123456789abcdefABCDEF:::....//%%xg -+_\t\n\x00\u0661\u00e9\uff10"
    chars = list(text)
    for _ in range(rng.randint(1, 3)):
        r = rng.random()
        pos = rng.randint(0, len(chars))
        if r < 0.35 or not chars:
            chars.insert(pos, rng.choice(alphabet))
        elif r < 0.6:
            del chars[min(pos, len(chars) - 1)]
        elif r < 0.85:
            chars[min(pos, len(chars) - 1)] = rng.choice(alphabet)
        else:
            start = rng.randint(0, len(chars))
            chars[pos:pos] = chars[start:start + rng.randint(1, 5)]
    return "".join(chars)


CURATED_BAD = [
    "", " ", "1", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "256.1.1.1", "1.2.3.256", "999.1.1.1",
    "01.2.3.4", "1.02.3.4", "1.2.3.00", "1.2.3.0x1", "1.2.3.-1", "1.2.3.+1", "1.2.3.4 ", "1.2.3.\u0661",
    "1234.1.1.1", "1.2.3.4/24", "a.b.c.d", "10.9.0.256", ":", "::::", ":::", "1:2", "1::2::3", ":1::2", "1::2:",
    ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8",
    "1:2:3:4:5:6::7:8", "12345::", "g::", "::g", "1:2:3:4:5:6:1.2.3.4:5", "::1.2.3", "::1.2.3.256",
    "::01.2.3.4", "1.2.3.4::", "::1.2.3.4.5", "1:2:3:4:5:6:7:1.2.3.4", "fe80::1%", "fe80::1%a%b", "%eth0",
    "fe80::1%eth0/64/1", "::/129", "::/-1", "::/+1", "::/ 1", "::/1 ", "::/", "1.2.3.4/33", "1.2.3.4/",
    "1.2.3.0/255.0.255.0", "1.2.3.0/0.255.0.255", "1.2.3.0/255.255.255.00", "1.2.3.0/99999999999999999999",
    "1.2.3.0/\u0662\u0664", "10.9.0.1/24", "2001:db8::1/32", "2001:db8::/ffff::", "1.2.3.4/24/24",
    "::ffff:1.2.3.4/96/", "fe80::%eth0%1/64", "0x7f.0.0.1", "127.1", "1.2.3.4%eth0", "::1%eth0/128",
]


def main():
    rng = random.Random(SEED)

    # Addresses: edges of every special block, random values, many spellings.
    for v in edge_values(V4_BLOCKS, 32) + [0, 2 ** 32 - 1] + [rng.randrange(2 ** 32) for _ in range(400)]:
        case("ip_address", str(ip.IPv4Address(v)), rng)
    for v in edge_values(V6_BLOCKS, 128) + [0, 1, 2 ** 128 - 1]:
        case("ip_address", str(ip.IPv6Address(v)), rng)
    for _ in range(500):
        value = random_v6(rng) if rng.random() < 0.7 else rng.randrange(2 ** 128)
        texts = v6_spellings(value, rng)
        case("ip_address", texts[0], rng)
        for text in texts[1:]:
            case(rng.choice(["IPv6Address", "ip_address"]), text, rng, full=False)
    for _ in range(150):  # embedded IPv4: mapped, 6to4, teredo
        v4 = rng.randrange(2 ** 32)
        for value in (0xFFFF << 32 | v4, 0x2002 << 112 | v4 << 80 | rng.randrange(2 ** 80),
                      0x20010000 << 96 | v4 << 64 | rng.randrange(2 ** 64)):
            case("ip_address", str(ip.IPv6Address(value)), rng)
        case("ip_address", "::ffff:" + str(ip.IPv4Address(v4)), rng)
    for scope in ["eth0", "1", "en0", "lo", "wlan0", "x y", "\u00e9t\u00e9", "a:b", "0"]:
        for base in ["fe80::1", "fe80::", "::1", "2001:db8::5", "ff02::1"]:
            case("ip_address", base + "%" + scope, rng)
            case("IPv6Interface", base + "%" + scope + "/64", rng)
            case("IPv6Network_loose", base + "%" + scope + "/64", rng)
            case("IPv6Network", base + "%" + scope + "/128", rng)

    # Integers and packed bytes.
    # 2**128 itself is left out: no Swift integer type can carry it into init(integer:).
    for v in [0, 1, 2 ** 32 - 1, 2 ** 32, 2 ** 128 - 1, -1, -(2 ** 40), -(2 ** 127)] + \
             [rng.randrange(2 ** 32) for _ in range(60)] + [rng.randrange(2 ** 128) for _ in range(60)]:
        for op, make in [("ip_address_int", ip.ip_address), ("IPv4Address_int", ip.IPv4Address),
                         ("IPv6Address_int", ip.IPv6Address)]:
            try:
                emit(op, str(v), [("str", str(make(v)))])
            except ValueError as exc:
                # ip_address(int) raises "... does not appear to be ..."; Swift says the same
                # through integerOutOfRange with no version.
                emit(op, str(v), [("err", "integerOutOfRange" if op == "ip_address_int" else label(exc))])
    for n in [0, 1, 3, 4, 5, 15, 16, 17] + [rng.choice([4, 16]) for _ in range(80)]:
        data = bytes(rng.randrange(256) for _ in range(n))
        for op, make in [("ip_address_packed", ip.ip_address), ("IPv4Address_packed", ip.IPv4Address),
                         ("IPv6Address_packed", ip.IPv6Address)]:
            try:
                emit(op, data.hex(), [("str", str(make(data)))])
            except ValueError as exc:
                emit(op, data.hex(), [("err", "packedLength" if op == "ip_address_packed" else label(exc))])

    # Networks: special blocks, random strict and loose, all mask forms.
    for text in V4_BLOCKS + V6_BLOCKS + ["0.0.0.0/0", "::/0", "10.9.0.0/24", "fdfd:87b5:b475:5e3e::/64"]:
        case("ip_network", text, rng)
    for _ in range(700):
        v6 = rng.random() < 0.5
        bits = 128 if v6 else 32
        prefix = rng.choice([0, 1, bits - 2, bits - 1, bits]) if rng.random() < 0.2 else rng.randint(0, bits)
        value = random_v6(rng) if v6 else rng.randrange(2 ** 32)
        address = (ip.IPv6Address if v6 else ip.IPv4Address)(value)
        masked = value & (((1 << prefix) - 1) << (bits - prefix))
        net_text = str((ip.IPv6Address if v6 else ip.IPv4Address)(masked))
        mask_text = str(prefix)
        if not v6 and rng.random() < 0.4:
            n = ip.IPv4Network((0, prefix))
            mask_text = str(n.netmask) if rng.random() < 0.5 or prefix in (0, 32) else str(n.hostmask)
        elif rng.random() < 0.1:
            mask_text = "0" * rng.randint(1, 3) + mask_text
        case(rng.choice(["ip_network", "IPv6Network" if v6 else "IPv4Network"]), net_text + "/" + mask_text, rng)
        loose_op = rng.choice(["ip_network_loose", "IPv6Network_loose" if v6 else "IPv4Network_loose"])
        case(loose_op, str(address) + "/" + mask_text, rng)
        case(rng.choice(["ip_network", "IPv6Network" if v6 else "IPv4Network"]), str(address) + "/" + mask_text,
             rng, full=False)  # strict: host bits usually set
        case(rng.choice(["ip_interface", "IPv6Interface" if v6 else "IPv4Interface"]),
             str(address) + "/" + mask_text, rng)
    for text in ["10.9.0.6/24", "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa/64", "10.9.0.6", "::1", "::/0",
                 "0.0.0.0/0", "::1/128", "::/128", "::1/127", "0.0.0.0/32", "127.0.0.1/8"]:
        case("ip_interface", text, rng)

    # Relations between networks, addresses and interfaces.
    def random_net(v6):
        bits = 128 if v6 else 32
        prefix = rng.randint(0, bits) if rng.random() < 0.5 else rng.randint(bits - 12, bits)
        value = random_v6(rng) if v6 else rng.randrange(2 ** 32)
        return (ip.IPv6Network if v6 else ip.IPv4Network)((value, prefix), strict=False)

    for _ in range(400):
        v6 = rng.random() < 0.5
        a = random_net(v6)
        r = rng.random()
        if r < 0.3:
            b_ = random_net(v6)
        elif r < 0.7 and a.prefixlen < a.max_prefixlen:  # a subnet of a
            p = rng.randint(a.prefixlen, min(a.max_prefixlen, a.prefixlen + 20))
            b_ = a.__class__((int(a.network_address) + rng.randrange(a.num_addresses), p), strict=False)
        else:  # a supernet of a, or a itself
            b_ = a.supernet(new_prefix=rng.randint(max(0, a.prefixlen - 6), a.prefixlen))
        fields = [("lt", b(a < b_)), ("eq", b(a == b_)), ("subnet_of", b(a.subnet_of(b_))),
                  ("supernet_of", b(a.supernet_of(b_))), ("overlaps", b(a.overlaps(b_)))]
        fields.append(("exclude", ",".join(str(x) for x in a.address_exclude(b_)) if b_.subnet_of(a) else "-"))
        emit("netpair", "%s %s" % (a, b_), fields)
        inside = a.network_address + rng.randrange(a.num_addresses)
        outside = (ip.IPv6Address if v6 else ip.IPv4Address)(random_v6(rng) if v6 else rng.randrange(2 ** 32))
        for addr in (inside, outside, a.broadcast_address, a.network_address):
            emit("netaddr", "%s %s" % (a, addr), [("in", b(addr in a))])
    for _ in range(300):
        v6 = rng.random() < 0.5
        make = ip.IPv6Address if v6 else ip.IPv4Address
        x = make(random_v6(rng) if v6 else rng.randrange(2 ** 32))
        y = x + rng.randint(-2, 2) if rng.random() < 0.5 and 2 < int(x) < 2 ** (128 if v6 else 32) - 3 else \
            make(random_v6(rng) if v6 else rng.randrange(2 ** 32))
        emit("addrpair", "%s %s" % (x, y), [("lt", b(x < y)), ("eq", b(x == y))])
        i = ip.ip_interface("%s/%d" % (x, rng.randint(0, x.max_prefixlen)))
        j = ip.ip_interface("%s/%d" % (y if rng.random() < 0.5 else x, rng.randint(0, x.max_prefixlen)))
        emit("ifacepair", "%s %s" % (i, j), [("lt", b(i < j)), ("eq", b(i == j))])
    for _ in range(150):
        v6 = rng.random() < 0.5
        make = ip.IPv6Address if v6 else ip.IPv4Address
        top = 2 ** (128 if v6 else 32) - 1
        x = make(rng.choice([0, 1, top, top - 1, rng.randrange(top)]))
        offset = rng.choice([0, 1, -1, 2, -2, 1000, -1000, rng.randint(-2 ** 40, 2 ** 40)])
        try:
            emit("arith", "%s %d" % (x, offset), [("sum", str(x + offset))])
        except ValueError:
            emit("arith", "%s %d" % (x, offset), [("err", "addressOverflow")])

    # Invalid and near-valid inputs: curated, then random mutations of valid texts.
    seeds = list(texts_seen)
    for text in CURATED_BAD:
        for op in CONSTRUCTORS:
            case(op, text, rng, full=False)
    for _ in range(2600):
        text = mutate(rng.choice(seeds), rng)
        op = rng.choice(list(CONSTRUCTORS))
        case(op, text, rng, full=False)

    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        out.write("# Oracle for Tests/IPAddressTests: generated by scripts/gen-ipaddress-cases.py with Python %s, "
                  "seed %d. Do not edit.\n" % (sys.version.split()[0], SEED))
        out.write("# %d cases. Format: see the script's docstring.\n" % len(rows))
        for row in rows:
            out.write(row + "\n")
    print("wrote %d cases to %s" % (len(rows), OUT))


if __name__ == "__main__":
    main()
