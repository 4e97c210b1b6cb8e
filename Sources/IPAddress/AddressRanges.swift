// The special-purpose ranges behind the `is…` properties, copied from Python 3.11.7's
// `ipaddress` (`_IPv4Constants`, `_IPv6Constants`): that module on this machine is the oracle,
// and `scripts/gen-ipaddress-cases.py` and `scripts/gen-ipaddress-cases-b.py` check every
// property against it. Python 3.12.4 and 3.11.10 changed these tables (CVE-2024-4032); follow a
// newer oracle by editing them here.

/// A block of addresses written as base/prefix-length.
struct AddressBlock<Value: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    let base: Value
    let prefixLength: Int

    init(_ base: Value, _ prefixLength: Int) {
        self.base = base
        self.prefixLength = prefixLength
    }

    @inline(__always)
    func contains(_ value: Value) -> Bool {
        value & ~(Value.max >> prefixLength) == base
    }

    /// Python's network test: both the first and the last address lie in the block.
    @inline(__always)
    func contains(first: Value, last: Value) -> Bool {
        contains(first) && contains(last)
    }
}

enum IPv4Blocks {
    static let linkLocal = AddressBlock<UInt32>(0xA9FE_0000, 16)  // 169.254.0.0/16
    static let loopback = AddressBlock<UInt32>(0x7F00_0000, 8)  // 127.0.0.0/8
    static let multicast = AddressBlock<UInt32>(0xE000_0000, 4)  // 224.0.0.0/4
    static let sharedAddressSpace = AddressBlock<UInt32>(0x6440_0000, 10)  // 100.64.0.0/10, Python's _public_network
    static let reserved = AddressBlock<UInt32>(0xF000_0000, 4)  // 240.0.0.0/4

    static let `private`: [AddressBlock<UInt32>] = [
        .init(0x0000_0000, 8),  // 0.0.0.0/8
        .init(0x0A00_0000, 8),  // 10.0.0.0/8
        .init(0x7F00_0000, 8),  // 127.0.0.0/8
        .init(0xA9FE_0000, 16),  // 169.254.0.0/16
        .init(0xAC10_0000, 12),  // 172.16.0.0/12
        .init(0xC000_0000, 29),  // 192.0.0.0/29
        .init(0xC000_00AA, 31),  // 192.0.0.170/31
        .init(0xC000_0200, 24),  // 192.0.2.0/24
        .init(0xC0A8_0000, 16),  // 192.168.0.0/16
        .init(0xC612_0000, 15),  // 198.18.0.0/15
        .init(0xC633_6400, 24),  // 198.51.100.0/24
        .init(0xCB00_7100, 24),  // 203.0.113.0/24
        .init(0xF000_0000, 4),  // 240.0.0.0/4
        .init(0xFFFF_FFFF, 32),  // 255.255.255.255/32
    ]
}

enum IPv6Blocks {
    static let linkLocal = AddressBlock<UInt128>(0xFE80 << 112, 10)  // fe80::/10
    static let siteLocal = AddressBlock<UInt128>(0xFEC0 << 112, 10)  // fec0::/10
    static let multicast = AddressBlock<UInt128>(0xFF00 << 112, 8)  // ff00::/8

    static let `private`: [AddressBlock<UInt128>] = [
        .init(1, 128),  // ::1/128
        .init(0, 128),  // ::/128
        .init(0xFFFF << 32, 96),  // ::ffff:0:0/96
        .init(0x0100 << 112, 64),  // 100::/64
        .init(0x2001 << 112, 23),  // 2001::/23
        .init(0x2001_0002 << 96, 48),  // 2001:2::/48
        .init(0x2001_0DB8 << 96, 32),  // 2001:db8::/32
        .init(0x2001_0010 << 96, 28),  // 2001:10::/28
        .init(0xFC00 << 112, 7),  // fc00::/7
        .init(0xFE80 << 112, 10),  // fe80::/10
    ]

    static let reserved: [AddressBlock<UInt128>] = [
        .init(0x0000 << 112, 8), .init(0x0100 << 112, 8),  // ::/8, 100::/8
        .init(0x0200 << 112, 7), .init(0x0400 << 112, 6),  // 200::/7, 400::/6
        .init(0x0800 << 112, 5), .init(0x1000 << 112, 4),  // 800::/5, 1000::/4
        .init(0x4000 << 112, 3), .init(0x6000 << 112, 3),  // 4000::/3, 6000::/3
        .init(0x8000 << 112, 3), .init(0xA000 << 112, 3),  // 8000::/3, a000::/3
        .init(0xC000 << 112, 3), .init(0xE000 << 112, 4),  // c000::/3, e000::/4
        .init(0xF000 << 112, 5), .init(0xF800 << 112, 6),  // f000::/5, f800::/6
        .init(0xFE00 << 112, 9),  // fe00::/9
    ]
}
