"""The seed's Python programs, as oracles for the deterministic examples."""

import binascii
import contextlib
import io
import ipaddress
import socket

from .running import expect_same, run

# The seed's code, with the spacing of the original programs (the seed's text collapses runs of
# spaces); a lookup the seed leaves uncaught prints `ERROR: msg` here, as the Swift examples do
# instead of ending in a traceback.

def python_output(function, *args):
    """What the seed's Python code prints."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        function(*args)
    return buffer.getvalue().split("\n")[:-1]


HOSTS = ["localhost", socket.gethostname(), "nosuchname"]


def py_ipaddress_addresses():
    for ip in ["10.9.0.6", "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa"]:
        addr = ipaddress.ip_address(ip)
        print("{!r}".format(addr))
        print("  IP version:", addr.version)
        print("  is private:", addr.is_private)
        print("  packed form:", binascii.hexlify(addr.packed))
        print("  integer:", int(addr))
        print()


def py_ipaddress_networks():
    for n in ["10.9.0.0/24", "fdfd:87b5:b475:5e3e::/64"]:
        net = ipaddress.ip_network(n)
        print("{!r}".format(net))
        print("  is private:", net.is_private)
        print("  broadcast:", net.broadcast_address)
        print("  compressed:", net.compressed)
        print("  with netmask:", net.with_netmask)
        print("  with hostmask:", net.with_hostmask)
        print("  num addresses:", net.num_addresses)
        print()


def py_ipaddress_network_iterate(hosts_only):
    for n in ["10.9.0.0/24", "fdfd:87b5:b475:5e3e::/64"]:
        net = ipaddress.ip_network(n)
        print("{!r}".format(net))
        for i, ip in zip(range(3), net.hosts() if hosts_only else net):
            print(ip)
        print()


def py_ipaddress_network_membership():
    networks = [ipaddress.ip_network("10.9.0.0/24"), ipaddress.ip_network("fdfd:87b5:b475:5e3e::/64")]
    for text in ["10.9.0.6", "10.7.0.31", "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa", "fe80::3840:c439:b25e:63b0"]:
        ip = ipaddress.ip_address(text)
        for net in networks:
            if ip in net:
                print("{}\nis on {}".format(ip, net))
                break
        else:
            print("{}\nis not on a known network".format(ip))
        print()


def py_ipaddress_interfaces():
    for ip in ["10.9.0.6/24", "fdfd:87b5:b475:5e3e:b1bc:e121:a8eb:14aa/64"]:
        iface = ipaddress.ip_interface(ip)
        print("{!r}".format(iface))
        print("network:\n  ", iface.network)
        print("ip:\n  ", iface.ip)
        print("IP with prefixlen:\n  ", iface.with_prefixlen)
        print("netmask:\n  ", iface.with_netmask)
        print("hostmask:\n  ", iface.with_hostmask)
        print()


def py_gethostname():
    print(socket.gethostname())


def py_gethostbyname(hosts):
    for host in hosts:
        try:
            print("{} : {}".format(host, socket.gethostbyname(host)))
        except socket.error as msg:
            print("{} : {}".format(host, msg))


def py_gethostbyname_ex(hosts):
    for host in hosts:
        print(host)
        try:
            name, aliases, addresses = socket.gethostbyname_ex(host)
            print("  Hostname:", name)
            print("  Aliases :", aliases)
            print(" Addresses:", addresses)
        except socket.error as msg:
            print("ERROR:", msg)
        print()


def py_getfqdn(hosts):
    for host in hosts:
        print("{:>10} : {}".format(host, socket.getfqdn(host)))


def py_gethostbyaddr(address):
    try:
        hostname, aliases, addresses = socket.gethostbyaddr(address)
        print("Hostname :", hostname)
        print("Aliases  :", aliases)
        print("Addresses:", addresses)
    except socket.error as msg:
        print("ERROR:", msg)


def constants(prefix):
    return {getattr(socket, n): n for n in dir(socket) if n.startswith(prefix)}


def py_getservbyname():
    from urllib.parse import urlparse
    for url in ["http://www.python.org", "https://www.mybank.com", "ftp://prep.ai.mit.edu",
                "gopher://gopher.micro.umn.edu", "smtp://mail.example.com", "imap://mail.example.com",
                "imaps://mail.example.com", "pop3://pop.example.com", "pop3s://pop.example.com"]:
        parsed_url = urlparse(url)
        port = socket.getservbyname(parsed_url.scheme)
        print("{:>6} : {}".format(parsed_url.scheme, port))


def py_getservbyport():
    for port in [80, 443, 21, 70, 25, 143, 993, 110, 995]:
        print("{}://example.com/".format(socket.getservbyport(port)))


def py_getprotobyname():
    protocols = constants("IPPROTO_")
    for name in ["icmp", "udp", "tcp"]:
        proto_num = socket.getprotobyname(name)
        const_name = protocols[proto_num]
        print("{:>4} -> {:2d} (socket.{:<12} = {:2d})".format(name, proto_num, const_name, getattr(socket, const_name)))


def py_getaddrinfo(host, service, extra):
    families, types, protocols = constants("AF_"), constants("SOCK_"), constants("IPPROTO_")
    try:
        if extra:
            responses = socket.getaddrinfo(host=host, port=service, family=socket.AF_INET, type=socket.SOCK_STREAM,
                                           proto=socket.IPPROTO_TCP, flags=socket.AI_CANONNAME)
        else:
            responses = socket.getaddrinfo(host, service)
    except socket.error as msg:
        print("ERROR:", msg)
        return
    for family, socktype, proto, canonname, sockaddr in responses:
        print("Family        :", families[family])
        print("Type          :", types[socktype])
        print("Protocol      :", protocols[proto])
        print("Canonical name:", canonname)
        print("Socket address:", sockaddr)
        print()


def py_address_packing():
    for string_address in ["192.168.1.1", "127.0.0.1"]:
        packed = socket.inet_aton(string_address)
        print("Original:", string_address)
        print("Packed  :", binascii.hexlify(packed))
        print("Unpacked:", socket.inet_ntoa(packed))
        print()


def py_ipv6_address_packing():
    string_address = "2002:ac10:10a:1234:21e:52ff:fe74:40e"
    packed = socket.inet_pton(socket.AF_INET6, string_address)
    print("Original:", string_address)
    print("Packed  :", binascii.hexlify(packed))
    print("Unpacked:", socket.inet_ntop(socket.AF_INET6, packed))


# Deterministic examples: name -> [(arguments, oracle)], each run compared line for line.
ORACLES = {
    "ipaddress_addresses": [([], lambda: python_output(py_ipaddress_addresses))],
    "ipaddress_networks": [([], lambda: python_output(py_ipaddress_networks))],
    "ipaddress_network_iterate": [([], lambda: python_output(py_ipaddress_network_iterate, False))],
    "ipaddress_network_iterate_hosts": [([], lambda: python_output(py_ipaddress_network_iterate, True))],
    "ipaddress_network_membership": [([], lambda: python_output(py_ipaddress_network_membership))],
    "ipaddress_interfaces": [([], lambda: python_output(py_ipaddress_interfaces))],
    "socket_gethostname": [([], lambda: python_output(py_gethostname))],
    "socket_gethostbyname": [(HOSTS, lambda: python_output(py_gethostbyname, HOSTS))],
    "socket_gethostbyname_ex": [(HOSTS, lambda: python_output(py_gethostbyname_ex, HOSTS))],
    "socket_getfqdn": [(HOSTS, lambda: python_output(py_getfqdn, HOSTS))],
    "socket_gethostbyaddr": [(["127.0.0.1"], lambda: python_output(py_gethostbyaddr, "127.0.0.1")),
                             (["nosuchname"], lambda: python_output(py_gethostbyaddr, "nosuchname"))],
    "socket_getservbyname": [([], lambda: python_output(py_getservbyname))],
    "socket_getservbyport": [([], lambda: python_output(py_getservbyport))],
    "socket_getprotobyname": [([], lambda: python_output(py_getprotobyname))],
    "socket_getaddrinfo": [(["localhost", "http"], lambda: python_output(py_getaddrinfo, "localhost", "http", False)),
                           (["nosuchname", "http"], lambda: python_output(py_getaddrinfo, "nosuchname", "http", False))],
    "socket_getaddrinfo_extra_args": [
        (["localhost", "http"], lambda: python_output(py_getaddrinfo, "localhost", "http", True))],
    "socket_address_packing": [([], lambda: python_output(py_address_packing))],
    "socket_ipv6_address_packing": [([], lambda: python_output(py_ipv6_address_packing))],
}


def check_oracle(binary, name):
    for args, oracle in ORACLES[name]:
        expect_same("%s %s" % (name, " ".join(args)), run(binary, [name] + args).out, oracle())
