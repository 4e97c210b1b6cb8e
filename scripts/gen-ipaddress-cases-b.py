#!/usr/bin/env python3
"""Writes Tests/IPAddressTests/Resources/ipaddress-cases-b.tsv: what Python's `ipaddress` says about
thousands of addresses, networks and interfaces, valid and invalid. IPAddressTests checks the Swift
module against it row for row.

    python3 scripts/gen-ipaddress-cases-b.py            # rewrites the table (same seed, same rows)
    python3 scripts/gen-ipaddress-cases-b.py --check    # exits 1 if the committed table is stale

The oracle is the `ipaddress` of the `python3` on PATH (3.11.7 here). Python 3.11.10 and 3.12.4
changed `is_private`/`is_global` (CVE-2024-4032); the header records the version, and the Swift
ranges in Sources/IPAddress/AddressRanges.swift follow the version that wrote the table.

Row format (tab-separated, UTF-8): `op  input  key=value ...`, or `op  input  !kind  py=message`
when Python raises. Inputs and values escape `\\`, tab, CR, LF and other control characters
(`\\t`, `\\n`, `\\r`, `\\xHH`). A `dev=key,...` field names the keys where the Swift module deliberately
differs: Python raises for `exploded` and `reverse_pointer` of a scoped IPv6 address (Swift keeps
the scope in `exploded` and ignores it in the reverse pointer), and Python's IPv4Interface is never
unspecified (Swift: `0.0.0.0/32` is). The value given for those keys is what Swift promises instead.

ops: A4/A6/A address text (IPv4Address, IPv6Address, ip_address); A4i/A6i/Ai integer;
A4p/A6p/Ap packed bytes in hex; N4/N6/N network text, strict; N4l/N6l/Nl non-strict;
I4/I6/I interface text; PA address pairs, PN network pairs, PAN address in network,
PI interface pairs (input `left right`, separated by one space).
"""

import ipaddress
import random
import sys
from itertools import islice
from pathlib import Path

SEED = 20240611
OUT = Path(__file__).resolve().parent.parent / "Tests/IPAddressTests/Resources/ipaddress-cases-b.tsv"
rng = random.Random(SEED)

# --------------------------------------------------------------------------- error kinds

KINDS = [  # (substring of Python's message, kind); the first match wins, in this order.
    ("does not appear to be an IPv4 or IPv6 address", "notAnIPAddress"),
    ("does not appear to be an IPv4 or IPv6 network", "notAnIPNetwork"),
    ("does not appear to be an IPv4 or IPv6 interface", "notAnIPInterface"),
    ("Address cannot be empty", "empty"),
    ("Unexpected '/'", "unexpectedSlash"),
    ("Only one '/' permitted", "multipleSlashes"),
    ("Invalid IPv6 address:", "invalidScopeID"),
    ("Expected 4 octets", "octetCount"),
    ("Empty octet not permitted", "emptyOctet"),
    ("Only decimal digits permitted", "octetNotDecimal"),
    ("At most 3 characters permitted", "octetTooLong"),
    ("Leading zeros are not permitted", "octetLeadingZeros"),
    ("(> 255) not permitted", "octetOutOfRange"),
    ("At least 3 parts expected", "tooFewParts"),
    ("At most 8 colons permitted", "tooManyColons"),
    ("At most one '::' permitted", "multipleDoubleColons"),
    ("Leading ':' only permitted", "leadingColon"),
    ("Trailing ':' only permitted", "trailingColon"),
    ("Expected at most 7 other parts", "tooManyPartsWithDoubleColon"),
    ("Exactly 8 parts expected", "partCount"),
    ("Only hex digits permitted", "hextetNotHex"),
    ("At most 4 characters permitted", "hextetTooLong"),
    ("is not a valid netmask", "netmask"),
    ("has host bits set", "hostBitsSet"),
    ("is not permitted as an IPv", "outOfRange"),  # integers (< 0, >= 2**n) and packed lengths
    ("new prefix must be", "newPrefix"),
    ("prefix length diff", "newPrefix"),
    ("cannot have a prefixlen_diff", "newPrefix"),
    ("negative shift count", "newPrefix"),
    ("not contained in", "notASubnet"),
]


def kind(exc):
    message = str(exc)
    for needle, name in KINDS:
        if needle in message:
            return name
    raise SystemExit(f"unclassified Python error {type(exc).__name__}: {message!r}")


def esc(text):
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif code < 0x20 or code == 0x7F:
            out.append("\\x%02x" % code)
        else:
            out.append(ch)
    return "".join(out)


def call(fn):
    """fn()'s value, or the kind of the ValueError it raises, as `!kind`."""
    try:
        return fn()
    except ValueError as exc:
        return "!" + kind(exc)


# --------------------------------------------------------------------------- row fields

FLAGS = [("private", "is_private"), ("global", "is_global"), ("loopback", "is_loopback"),
         ("multicast", "is_multicast"), ("linklocal", "is_link_local"), ("reserved", "is_reserved"),
         ("unspecified", "is_unspecified"), ("sitelocal", "is_site_local")]  # IPv4 has no is_site_local


def flags(obj):
    return ",".join(name for name, attribute in FLAGS if getattr(obj, attribute, False))


def joined(items):
    return ",".join(str(x) for x in items)


def opt(value):
    return "-" if value is None else str(value)


FULL = set()  # values already given in full: another spelling of one gets the brief fields only


def first_time(key):
    if key in FULL:
        return False
    FULL.add(key)
    return True


def address_fields(a, dev):
    f = {"v": a.version, "str": str(a), "int": int(a)}
    if not first_time(("A", a.version, int(a), getattr(a, "scope_id", None))):
        return f
    f.update(packed=a.packed.hex(), flags=flags(a))
    try:
        f["exploded"] = a.exploded
        f["rev"] = a.reverse_pointer
    except ValueError:  # Python 3.11 cannot explode an address with a scope ID
        plain = ipaddress.IPv6Address(int(a))
        f["exploded"] = plain.exploded + "%" + a.scope_id
        f["rev"] = plain.reverse_pointer
        dev += ["exploded", "rev"]
    if a.version == 6:
        f["scope"] = opt(a.scope_id)
        f["mapped"] = opt(a.ipv4_mapped)
        f["6to4"] = opt(a.sixtofour)
        f["teredo"] = "-" if a.teredo is None else joined(a.teredo)
    for n in sorted({rng.choice([1, -1]), rng.choice([rng.randrange(-(1 << 20), 1 << 20), 1 << 31, -(1 << 31)])}):
        f[f"add@{n}"] = call(lambda: str(a + n))
    return f


def network_fields(n, dev):
    f = {"v": n.version, "str": str(n)}
    if not first_time(("N", n.version, int(n.network_address), n.prefixlen, getattr(n.network_address, "scope_id", None))):
        return f
    f.update(net=str(n.network_address), bcast=str(n.broadcast_address), mask=str(n.netmask), hmask=str(n.hostmask),
             plen=n.prefixlen, num=n.num_addresses, wpl=n.with_prefixlen, wnm=n.with_netmask, whm=n.with_hostmask,
             flags=flags(n))
    try:
        f["exploded"] = n.exploded
    except ValueError:
        plain = ipaddress.IPv6Address(int(n.network_address))
        f["exploded"] = "%s%%%s/%d" % (plain.exploded, n.network_address.scope_id, n.prefixlen)
        dev.append("exploded")
    f["hosts"] = joined(islice(n.hosts(), 3))
    f["addrs"] = joined(islice(iter(n), 3))
    if n.num_addresses <= 1 << 16:
        hosts = list(n.hosts())
        f["hostslast"] = opt(hosts[-1] if hosts else None)
        f["hostscount"] = len(hosts)
        f["addrslast"] = str(list(n)[-1])
    f["sub"] = call(lambda: joined(islice(n.subnets(), 3)))
    f["super"] = call(lambda: str(n.supernet()))
    for p in sorted({n.prefixlen + rng.randrange(0, 4), rng.randrange(-2, n.max_prefixlen + 3)}):
        f[f"sub@{p}"] = call(lambda: joined(islice(n.subnets(new_prefix=p), 3)))
        if not str(f[f"sub@{p}"]).startswith("!") and p - n.prefixlen <= 10:
            subnets = list(n.subnets(new_prefix=p))
            f[f"sublast@{p}"] = str(subnets[-1])
            f[f"subcount@{p}"] = len(subnets)
    d = rng.randrange(-1, 6)
    f[f"subd@{d}"] = call(lambda: joined(islice(n.subnets(prefixlen_diff=d), 3)))
    f[f"superd@{d}"] = call(lambda: str(n.supernet(prefixlen_diff=d)))
    for p in sorted({rng.choice([0, n.prefixlen]), rng.randrange(-2, n.max_prefixlen + 3)}):
        f[f"super@{p}"] = call(lambda: str(n.supernet(new_prefix=p)))
    return f


def interface_fields(i, dev):
    f = {"v": i.version, "str": str(i), "ip": str(i.ip), "net": str(i.network)}
    if not first_time(("I", i.version, int(i), i.network.prefixlen, getattr(i, "scope_id", None))):
        return f
    f.update(mask=str(i.netmask), hmask=str(i.hostmask), plen=i.network.prefixlen, wpl=i.with_prefixlen,
             wnm=i.with_netmask, whm=i.with_hostmask, exploded=i.exploded, flags=flags(i))
    if i.version == 4 and int(i) == 0 and i.network.prefixlen == 32:
        # Python 3.11's IPv4Interface.is_unspecified is always False (it inherits IPv4Address's
        # `self == IPv4Address('0.0.0.0')`, and an interface never equals an address). Swift uses
        # IPv6Interface's rule: the unspecified address alone on its network.
        f["flags"] = ",".join(n for n, _ in FLAGS if n == "unspecified" or n in f["flags"].split(","))
        dev.append("flags")
    if i.version == 6:
        f["scope"] = opt(i.scope_id)
    return f


# --------------------------------------------------------------------------- rows

rows = []
seen = set()


def emit(op, shown, make, fields):
    key = (op, shown)
    if key in seen:
        return
    seen.add(key)
    try:
        obj = make()
    except ValueError as exc:
        rows.append([op, esc(shown), "!" + kind(exc), "py=" + esc(str(exc))])
        return
    dev = []
    f = fields(obj, dev)
    if op in ("A", "Ai", "Ap", "N", "Nl", "I"):
        f = {"v": f.pop("v"), **f}
    cells = [op, esc(shown)] + ["%s=%s" % (k, esc(str(v))) for k, v in f.items()]
    if dev:
        cells.append("dev=" + ",".join(dev))
    rows.append(cells)


def address_text(op, text):
    cls = {"A4": ipaddress.IPv4Address, "A6": ipaddress.IPv6Address, "A": ipaddress.ip_address}[op]
    emit(op, text, lambda: cls(text), address_fields)


def network_text(op, text):
    cls = {"N4": ipaddress.IPv4Network, "N6": ipaddress.IPv6Network, "N": ipaddress.ip_network}[op[:2].rstrip("l")]
    strict = not op.endswith("l")
    emit(op, text, lambda: cls(text, strict=strict), network_fields)


def interface_text(op, text):
    cls = {"I4": ipaddress.IPv4Interface, "I6": ipaddress.IPv6Interface, "I": ipaddress.ip_interface}[op]
    emit(op, text, lambda: cls(text), interface_fields)


# --------------------------------------------------------------------------- inputs

V4_BLOCKS = ["0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
             "192.0.0.0/29", "192.0.0.170/31", "192.0.2.0/24", "192.168.0.0/16", "198.18.0.0/15",
             "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4", "255.255.255.255/32"]
V6_BLOCKS = ["::1/128", "::/128", "::ffff:0:0/96", "100::/64", "2001::/23", "2001::/32", "2001:2::/48",
             "2001:db8::/32", "2001:10::/28", "2002::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
             "::/8", "100::/8", "200::/7", "400::/6", "800::/5", "1000::/4", "4000::/3", "6000::/3", "8000::/3",
             "a000::/3", "c000::/3", "e000::/4", "f000::/5", "f800::/6", "fe00::/9"]


def edge_values(blocks, bits):
    values = {0, 1, (1 << bits) - 1, (1 << bits) - 2}
    for block in blocks:
        n = ipaddress.ip_network(block)
        first, last = int(n.network_address), int(n.broadcast_address)
        for v in (first - 1, first, first + 1, last - 1, last, last + 1, rng.randint(first, last)):
            if 0 <= v < 1 << bits:
                values.add(v)
    return sorted(values)


def random_v4():
    return rng.choice([rng.getrandbits(32), rng.getrandbits(8) << 24, rng.getrandbits(32) & 0xFFFFFF00])


def random_v6():
    value = rng.getrandbits(128)
    groups = [(value >> (16 * i)) & 0xFFFF for i in range(8)]
    for i in range(8):  # zero runs of every length and place, to exercise `::`
        if rng.random() < 0.45:
            groups[i] = 0
    if rng.random() < 0.3:
        groups[rng.randrange(8)] = rng.choice([1, 0xF, 0xFF, 0xFFF])
    value = sum(g << (16 * i) for i, g in enumerate(groups))
    return rng.choice([value, value, (0xFFFF << 32) | rng.getrandbits(32), (0x2002 << 112) | (rng.getrandbits(32) << 80),
                       (0x20010000 << 96) | rng.getrandbits(96), (0xFE80 << 112) | rng.getrandbits(64)])


def v6_spellings(value):
    """Ways to write one IPv6 address: compressed, exploded, upper case, unpadded, other `::`, IPv4 tail."""
    a = ipaddress.IPv6Address(value)
    groups = a.exploded.split(":")
    out = {str(a), a.exploded, str(a).upper(), ":".join(g.lstrip("0") or "0" for g in groups)}
    zero_runs = [i for i in range(8) if groups[i] == "0000"]
    if zero_runs:  # compress a run that is not the RFC 5952 choice
        i = rng.choice(zero_runs)
        j = i
        while j + 1 < 8 and groups[j + 1] == "0000" and rng.random() < 0.7:
            j += 1
        head, tail = [g.lstrip("0") or "0" for g in groups[:i]], [g.lstrip("0") or "0" for g in groups[j + 1:]]
        out.add(":".join(head) + "::" + ":".join(tail))
    v4 = str(ipaddress.IPv4Address(value & 0xFFFFFFFF))
    head = [g.lstrip("0") or "0" for g in groups[:6]]
    out.add(":".join(head) + ":" + v4)
    if "0" in head:  # the first zero run of the six groups as `::`, then the IPv4 tail
        i = head.index("0")
        j = i
        while j < 6 and head[j] == "0":
            j += 1
        out.add(":".join(head[:i]) + "::" + ":".join(head[j:]) + (":" if j < 6 else "") + v4)
    return sorted(out)


NOISE = list("0123456789abcdefABCDEFgG.:/%% -+_xX") + ["\t", "\n", "\x00", "١", "１", "é", "::", ":::", "..", "0x"]


def mutate(text):
    chars = list(text)
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        op = rng.randrange(4)
        pos = rng.randrange(len(chars) + 1)
        if op == 0 or not chars:
            chars.insert(pos, rng.choice(NOISE))
        elif op == 1:
            del chars[min(pos, len(chars) - 1)]
        elif op == 2:
            chars[min(pos, len(chars) - 1)] = rng.choice(NOISE)
        else:
            chars.insert(pos, "".join(chars[pos:pos + rng.randrange(1, 4)]))
    return "".join(chars)


HAND_WRITTEN = [  # one row per Python check, and the seed's values
    "", " ", "%", "%eth0", "/", "//", "1.2.3.4/", "1.2.3.4//24", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.",
    "1.2.3.a", "1.2.3.-1", "1.2.3.+1", "1.2.3.0004", "1.2.3.00", "10.09.0.1", "10.9.0.256", "10.9.0.999", "10.9.0.6",
    "1.2.3.４", "1.2.3.٤", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "0.0.0.0", "255.255.255.255",
    "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa", "fe80::3840:c439:b25e:63b0", "::", "::1", "1::", ":", "::::", ":::",
    "1:2", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7:8", "1::2::3", ":1::2", "1::2:", ":1:2:3:4:5:6:7",
    "1:2:3:4:5:6:7:", "1:2:3:4:5:6:7", "1:2:3:4::5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "12345::", "g::",
    "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "::1.2.3.4", "::ffff:1.2.3.4", "::ffff:1.2.3", "::1.2.3.256",
    "::1.2.3.4:5", "1.2.3.4::", "::ffff:01.2.3.4", "fe80::1%eth0", "fe80::1%", "fe80::1%%", "fe80::1%a%b", "fe80::1%1",
    "fe80::1% x", "FE80::ABCD", "0:0:0:0:0:0:0:0", "0000:0000:0000:0000:0000:0000:0000:0001", "2001:db8::1:0:0:1",
    "2001:0:4136:e378:8000:63bf:3fff:fdd2", "2002:c000:204::1", "::ffff:7f00:1", "1:0:0:2:0:0:0:3", "1:0:0:2:0:0:3:4",
    "0:0:1::", "1::1:0:0:0", "::0:0:0:0:0:0:1", "1.2.3.4%x", "1.2.3.4/24/", "fe80::1%eth0/64", "fe80::%eth0/64",
]
NETWORK_HAND_WRITTEN = [
    "10.9.0.0/24", "fdfd:87b5:b475:5e3e::/64", "10.9.0.6/24", "10.9.0.0/255.255.255.0", "10.9.0.0/0.0.0.255",
    "10.9.0.0/255.0.255.0", "10.9.0.0/33", "10.9.0.0/-1", "10.9.0.0/+24", "10.9.0.0/ 24", "10.9.0.0/024",
    "10.9.0.0/0000000000024", "10.9.0.0/", "10.9.0.0/24/", "0.0.0.0/0", "0.0.0.0/0.0.0.0", "0.0.0.0/255.255.255.255",
    "1.2.3.4/255.255.255.255", "1.2.3.4/32", "1.2.3.4/31", "1.2.3.4/30", "10.0.0.0/8", "::/0", "::/128", "::1/127",
    "::/ffff::", "::/64/", "::/129", "::/-0", "::/٤", "1.2.3.4/٤", "10.9.0.0/255.255.255.00", "10.9.0.0/1.2.3",
    "fe80::1%eth0/64", "fe80::%eth0/64", "fe80::1%eth0/128", "fe80::1%eth0/127", "fe80::%eth0/10", "2001:db8::/32",
    "::ffff:0:0/96", "::ffff:10.0.0.0/104", "100.64.0.0/10", "100.64.0.0/11", "100.0.0.0/8", "192.0.0.170/31",
    "255.255.255.255/32", "2001::/23", "2001::/22", "fec0::/10", "ff00::/8", "240.0.0.0/4", "224.0.0.0/3",
]

if __name__ == "__main__":
    v4_values = edge_values(V4_BLOCKS, 32) + [random_v4() for _ in range(300)]
    v6_values = edge_values(V6_BLOCKS, 128) + [random_v6() for _ in range(300)]

    for text in HAND_WRITTEN:
        for op in ("A4", "A6", "A"):
            address_text(op, text)
    for text in NETWORK_HAND_WRITTEN + HAND_WRITTEN:
        for op in ("N4", "N4l", "N6", "N6l", "N", "Nl", "I4", "I6", "I") if text in NETWORK_HAND_WRITTEN else ("N", "Nl", "I"):
            (interface_text if op[0] == "I" else network_text)(op, text)

    for v in v4_values:
        text = str(ipaddress.IPv4Address(v))
        address_text("A4", text)
        address_text("A", text)
        address_text("A6", "::ffff:" + text)
        for _ in range(2):
            address_text(rng.choice(["A4", "A"]), mutate(text))
    for v in v6_values:
        spellings = v6_spellings(v)
        for text in spellings:
            address_text("A6", text)
        address_text("A", rng.choice(spellings))
        if rng.random() < 0.15:
            address_text("A6", str(ipaddress.IPv6Address(v)) + "%" + rng.choice(["eth0", "1", "lo", "en 0", "a:b"]))
        for _ in range(2):
            address_text(rng.choice(["A6", "A"]), mutate(rng.choice(spellings)))

    for v in [0, 1, 2**32 - 1, 2**32, 2**64, 2**128 - 1, -1, -(2**63), -(2**127)] + \
             [rng.getrandbits(rng.choice([8, 32, 33, 64, 127, 128])) for _ in range(150)]:
        for op, cls in (("A4i", ipaddress.IPv4Address), ("A6i", ipaddress.IPv6Address), ("Ai", ipaddress.ip_address)):
            emit(op, str(v), lambda: cls(v), address_fields)
    for length in [0, 1, 3, 4, 5, 15, 16, 17, 32] + [rng.randrange(0, 20) for _ in range(60)]:
        b = bytes(rng.getrandbits(8) for _ in range(length))
        for op, cls in (("A4p", ipaddress.IPv4Address), ("A6p", ipaddress.IPv6Address), ("Ap", ipaddress.ip_address)):
            emit(op, b.hex(), lambda: cls(b), address_fields)

    def masks(prefix, bits):
        forms = [str(prefix)]
        if bits == 32:
            forms += [str(ipaddress.IPv4Address(((1 << 32) - 1) ^ ((1 << (32 - prefix)) - 1))),
                      str(ipaddress.IPv4Address((1 << (32 - prefix)) - 1))]
        return forms

    for _ in range(450):
        bits = rng.choice([32, 128])
        value = random_v4() if bits == 32 else random_v6()
        prefix = rng.choice([rng.randrange(0, bits + 1), bits, bits - 1, bits - 2, rng.randrange(bits - 17, bits + 1)])
        cls = ipaddress.IPv4Address if bits == 32 else ipaddress.IPv6Address
        hostbits = rng.random() < 0.4
        address = value if hostbits else value & (((1 << bits) - 1) ^ ((1 << (bits - prefix)) - 1))
        for mask in masks(prefix, bits):
            text = "%s/%s" % (cls(address), mask)
            fam = "4" if bits == 32 else "6"
            network_text("N" + fam + rng.choice(["", "l"]), text)
            network_text(rng.choice(["N", "Nl"]), text)
            interface_text("I" + fam, text)
            if rng.random() < 0.3:
                interface_text("I", text)
            if rng.random() < 0.4:
                mutated = mutate(text)
                network_text(rng.choice(["N" + fam, "N" + fam + "l", "N", "Nl"]), mutated)
                interface_text(rng.choice(["I" + fam, "I"]), mutated)

    # Pairs: comparisons, membership, overlap, subnet tests and address_exclude.
    def pair(op, left, right, make, fields):
        emit(op, left + " " + right, lambda: (make(left), make(right)), fields)

    def compare(x, y):
        return {"lt": int(x < y), "eq": int(x == y), "gt": int(x > y)}

    def network_pair(p, dev):
        x, y = p
        f = compare(x, y)
        f.update(overlaps=int(x.overlaps(y)), subnet_of=int(x.subnet_of(y)), supernet_of=int(x.supernet_of(y)))
        if x.prefixlen + 24 >= y.prefixlen:
            f["exclude"] = call(lambda: joined(x.address_exclude(y)))
        return f

    for _ in range(400):
        bits = rng.choice([32, 128])
        make_net = ipaddress.IPv4Network if bits == 32 else ipaddress.IPv6Network
        make_addr = ipaddress.IPv4Address if bits == 32 else ipaddress.IPv6Address
        base = random_v4() if bits == 32 else random_v6()
        near = base ^ rng.getrandbits(rng.randrange(0, 20))
        p1, p2 = rng.randrange(0, bits + 1), rng.randrange(0, bits + 1)
        n1 = make_net((base, p1), strict=False)
        n2 = make_net((near, p2), strict=False) if rng.random() < 0.8 else make_net((base, p1), strict=False)
        pair("PN", str(n1), str(n2), make_net, network_pair)
        a1, a2 = make_addr(base), make_addr(near if rng.random() < 0.8 else base)
        pair("PA", str(a1), str(a2), make_addr, lambda p, dev: compare(*p))
        emit("PAN", str(a2) + " " + str(n1), lambda: (make_addr(str(a2)), n1), lambda p, dev: {"in": int(p[0] in p[1])})
        make_iface = ipaddress.IPv4Interface if bits == 32 else ipaddress.IPv6Interface
        i1, i2 = "%s/%d" % (a1, p1), "%s/%d" % (a2 if rng.random() < 0.7 else a1, p2 if rng.random() < 0.5 else p1)
        pair("PI", i1, i2, make_iface, lambda p, dev: compare(*p))

    header = [
        "# ipaddress cases: written by scripts/gen-ipaddress-cases-b.py (seed %d); do not edit." % SEED,
        "# oracle: Python %s, ipaddress %s" % (sys.version.split()[0], ipaddress.__version__),
        "# %d rows; format and ops: see the script's docstring." % len(rows),
    ]
    text = "\n".join(header + ["\t".join(r) for r in rows]) + "\n"
    if "--check" in sys.argv:
        sys.exit(0 if OUT.read_text(encoding="utf-8") == text else 1)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print("%s: %d rows, %d bytes" % (OUT, len(rows), len(text.encode())))
