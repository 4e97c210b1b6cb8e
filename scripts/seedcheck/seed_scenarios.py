"""The seed 004 programs (ipaddress, socket, select, selectors) in the interop suite: every pair the
seed runs together and every one-shot program, with what of their output timing may change."""

import ast
import re
import socket

from .interop import OneShot, Pair, Program, normalize, plain

SEED = "seed-examples"


def drop(*patterns, sort=False):
    """A canon that leaves out lines only timing decides (`waiting for I/O`), and with `sort`
    ignores the order, for servers whose clients interleave."""
    def canon(out, err, status):
        out, err = plain(out, err, status)
        out = [line for line in out if not any(re.fullmatch(p, line) for p in patterns)]
        err = [line for line in err if not any(re.fullmatch(p, line) for p in patterns)]
        return (sorted(out), sorted(err)) if sort else (out, err)
    return canon


def payload(lines, prefix):
    """The bytes of every `prefix b'...'` line, joined: what was received, however it was split."""
    found = b""
    for line in lines:
        if line.startswith(prefix + "b"):
            found += ast.literal_eval(line[len(prefix):])
    return found


def selectors_server(out, err, status):
    # The two messages arrive in one read or two: the bytes received count, not the reads.
    out = normalize(out)
    events = [line for line in out if line.startswith(("accept(", "  closing", "shutting down"))]
    return out[0], events, payload(out, "  received "), err


def selectors_client(out, err, status):
    # The client stops at its first echo, which holds the first message or both.
    out = normalize(out)
    received = payload(out, "  received ")
    sends = [line for line in out if line.startswith("  sending ")]
    whole = b"This is the message.  It will be repeated."
    return out[0], sends, bool(received) and whole.startswith(received), out[-1], err


def selectors_exchanges(exchanges):
    # The echo of the second message may still be on its way when the client closes.
    return [(up, up.startswith(down) and len(down) > 0) for up, down in exchanges]


def program(name, *args, canon=plain):
    return Program(name + ".py", [SEED, name], list(args), canon=canon)


WAITING = r"waiting for the next event"
QUEUE_EMPTY = r" *\('127\.0\.0\.1', N\) queue empty"

PAIRS = [
    Pair("socket_echo_server + socket_echo_client", program("socket_echo_server"), program("socket_echo_client")),
    Pair("socket_echo_server + socket_echo_client_easy", program("socket_echo_server"), program("socket_echo_client_easy")),
    Pair("socket_echo_server_explicit + socket_echo_client_explicit",
         program("socket_echo_server_explicit", "localhost"), program("socket_echo_client_explicit", "localhost")),
    Pair("socket_echo_server_any + socket_echo_client_explicit",
         program("socket_echo_server_any"), program("socket_echo_client_explicit", "127.0.0.1")),
    Pair("socket_echo_server_dgram + socket_echo_client_dgram",
         program("socket_echo_server_dgram"), program("socket_echo_client_dgram"), transport="udp"),
    Pair("socket_echo_server_uds + socket_echo_client_uds",
         Program("socket_echo_server_uds.py", [SEED, "socket_echo_server_uds"]),
         Program("socket_echo_client_uds.py", [SEED, "socket_echo_client_uds"]), transport="unix"),
    Pair("socket_multicast_receiver + socket_multicast_sender",
         program("socket_multicast_receiver"), program("socket_multicast_sender"), transport="multicast"),
    Pair("socket_binary_server + socket_binary_client", program("socket_binary_server"), program("socket_binary_client")),
    Pair("selectors_echo_server + selectors_echo_client",
         program("selectors_echo_server", canon=selectors_server), program("selectors_echo_client", canon=selectors_client),
         server_ends=True, exchanges=selectors_exchanges),
    # The seed's select() server fails with KeyError when a client's end-of-file and its socket's
    # writability come in one select() (it closes the socket, then looks up its queue): a client that
    # exits faster than the Python interpreter does makes that likelier.
    Pair("select_echo_server + select_echo_multiclient",
         program("select_echo_server", canon=drop(WAITING, QUEUE_EMPTY, sort=True)), program("select_echo_multiclient"),
         seed_race=r"KeyError: <socket\.socket \[closed\].*"),
    Pair("select_echo_server_timeout + select_echo_slow_client",
         program("select_echo_server_timeout", canon=drop(WAITING, r"  timed out, do some other work here")),
         program("select_echo_slow_client")),
    Pair("select_poll_echo_server + select_echo_multiclient",
         program("select_poll_echo_server", canon=drop(WAITING, QUEUE_EMPTY, sort=True)), program("select_echo_multiclient")),
]

HOSTS = ["localhost", socket.gethostname(), "nosuchname"]

ONE_SHOTS = [OneShot(" ".join([name] + args), Program(name + ".py", [SEED, name], list(args))) for name, args in [
    ("ipaddress_addresses", []), ("ipaddress_addresses", ["192.168.0.1", "10.9.0.256"]),
    ("ipaddress_networks", []), ("ipaddress_networks", ["10.9.0.1/24"]),
    ("ipaddress_network_iterate", []), ("ipaddress_network_iterate_hosts", []),
    ("ipaddress_network_membership", []), ("ipaddress_interfaces", []), ("ipaddress_interfaces", ["10.9.0.6/33"]),
    ("socket_gethostname", []), ("socket_gethostbyname", HOSTS), ("socket_gethostbyname_ex", HOSTS),
    ("socket_getfqdn", HOSTS), ("socket_gethostbyaddr", ["127.0.0.1"]), ("socket_gethostbyaddr", ["nosuchname"]),
    ("socket_gethostbyaddr", ["10.9.0.10"]),
    ("socket_getservbyname", []), ("socket_getservbyname", ["http://x", "nosuchscheme://x"]),
    ("socket_getservbyport", []), ("socket_getservbyport", ["80", "4"]),
    ("socket_getprotobyname", []), ("socket_getprotobyname", ["tcp", "nosuchprotocol"]),
    ("socket_getaddrinfo", ["localhost", "http"]), ("socket_getaddrinfo", ["nosuchname", "http"]),
    ("socket_getaddrinfo_extra_args", ["localhost", "http"]), ("socket_getaddrinfo_extra_args", ["nosuchname", "http"]),
    ("socket_address_packing", []), ("socket_ipv6_address_packing", []),
]]


def socketpair(out, err, status):
    """The parent's and the child's first lines race (Python's `-u` even interleaves them within a
    line): the four messages, in any order, and nothing else."""
    text = "".join(out)
    messages = re.findall(r"in parent, sending message|in child, waiting for message|"
                          r"message from parent: b'ping'|response from child: b'pong'", text)
    return sorted(messages), sum(map(len, messages)) == len(text), err


ONE_SHOTS.append(OneShot("socket_socketpair", Program("socket_socketpair.py", [SEED, "socket_socketpair"], canon=socketpair)))
# The Unix client with no server: Python prints the error and exits 1 (the seed's own `except`).
ONE_SHOTS.append(OneShot("socket_echo_client_uds (no server)",
                         Program("socket_echo_client_uds.py", [SEED, "socket_echo_client_uds"])))
# The Swift poll server on the other backends, against the same reference.
PAIRS += [Pair("select_poll_echo_server --backend %s + select_echo_multiclient" % backend,
               Program("select_poll_echo_server.py", [SEED, "select_poll_echo_server"], swift_args=["--backend", backend],
                       canon=drop(WAITING, QUEUE_EMPTY, sort=True)),
               program("select_echo_multiclient")) for backend in ["poll", "select"]]
