"""Client/server pairs (and socketpair): run on loopback, checked line by line or, where timing
decides the interleaving, for what must hold in any order."""

import ast
import os
import re
import tempfile
import time

from .running import LOCAL, TIMEOUT, Failure, Program, all_allowed, expect_lines, in_order, pair, pat, run

MESSAGE = "b'This is the message.  It will be repeated.'"

ECHO_CHUNKS = ["received b'This is the mess'", "received b'age.  It will be'", "received b' repeated.'"]


def echo_server_lines(port, label, verbose, start="starting up on localhost port {P}"):
    lines = [pat(start, P=port), "waiting for a connection", pat(label + " {LOCAL}")]
    for chunk in ECHO_CHUNKS:
        lines.append(re.escape(chunk))
        if verbose:
            lines.append("sending data back to the client")
    lines.append(re.escape("received b''"))
    if verbose:
        lines.append(pat("no data from {LOCAL}"))
    return lines + ["waiting for a connection"]


def echo_client_lines(port, host="localhost", closing=True):
    lines = [pat("connecting to %s port {P}" % host, P=port), re.escape("sending " + MESSAGE)]
    return lines + [re.escape(c) for c in ECHO_CHUNKS] + (["closing socket"] if closing else [])


def check_tcp_echo(binary):
    server, client, port = pair(binary, ["socket_echo_server"], ["socket_echo_client"])
    expect_lines("socket_echo_server", server.out, echo_server_lines(port, "connection from", True))
    expect_lines("socket_echo_client", client.out, echo_client_lines(port))


def check_tcp_echo_easy(binary):
    server, client, port = pair(binary, ["socket_echo_server"], ["socket_echo_client_easy"])
    expect_lines("socket_echo_server", server.out, echo_server_lines(port, "connection from", True))
    expect_lines("socket_echo_client_easy", client.out,
                 ["Family  : AF_INET", "Type    : SOCK_STREAM", "Protocol: IPPROTO_TCP", ""]
                 + echo_client_lines(port)[1:])


def check_tcp_echo_explicit(binary):
    server, client, port = pair(binary, ["socket_echo_server_explicit", "localhost"],
                                ["socket_echo_client_explicit", "localhost"])
    expect_lines("socket_echo_server_explicit", server.out, echo_server_lines(port, "client connected:", False))
    expect_lines("socket_echo_client_explicit", client.out, echo_client_lines(port, closing=False))


def check_tcp_echo_any(binary):
    server, client, port = pair(binary, ["socket_echo_server_any"], ["socket_echo_client_explicit", "127.0.0.1"])
    expect_lines("socket_echo_server_any", server.out,
                 echo_server_lines(port, "client connected:", False, start="starting up on 0.0.0.0 port {P}"))
    expect_lines("socket_echo_client_explicit", client.out, echo_client_lines(port, "127.0.0.1", closing=False))


def check_udp_echo(binary):
    server, client, port = pair(binary, ["socket_echo_server_dgram"], ["socket_echo_client_dgram"])
    expect_lines("socket_echo_server_dgram", server.out, [
        pat("starting up on localhost port {P}", P=port), "", "waiting to receive message",
        pat("received 42 bytes from {LOCAL}"), re.escape(MESSAGE), pat("sent 42 bytes back to {LOCAL}"),
        "", "waiting to receive message"])
    expect_lines("socket_echo_client_dgram", client.out, [
        re.escape("sending " + MESSAGE), "waiting to receive", re.escape("received " + MESSAGE), "closing socket"])


def check_uds_echo(binary):
    with tempfile.TemporaryDirectory(prefix="seeds-") as directory:
        refused = run(binary, ["socket_echo_client_uds"], cwd=directory, status=1)
        expect_lines("socket_echo_client_uds (no server)", refused.out,
                     ["connecting to ./uds_socket", re.escape("[Errno 2] No such file or directory")])
        server = Program(binary, ["socket_echo_server_uds", "--requests", "1", "--lifetime", str(TIMEOUT)], directory)
        deadline = time.monotonic() + TIMEOUT
        while not os.path.exists(os.path.join(directory, "uds_socket")) and time.monotonic() < deadline:
            time.sleep(0.01)
        client = run(binary, ["socket_echo_client_uds"], cwd=directory)
        if server.finish() != 0:
            raise Failure("socket_echo_server_uds exited %s: %s" % (server.process.returncode, server.err))
        lines = echo_server_lines(0, "connection from", True, start="starting up on ./uds_socket")
        lines[2] = "connection from "  # an unnamed client: print('connection from', '')
        lines[-2] = "no data from "
        expect_lines("socket_echo_server_uds", server.out, lines)
        client_lines = echo_client_lines(0)
        client_lines[0] = "connecting to ./uds_socket"
        expect_lines("socket_echo_client_uds", client.out, client_lines)


def check_socketpair(binary):
    lines = run(binary, ["socket_socketpair"]).out
    expected = ["in parent, sending message", "in child, waiting for message",
                "message from parent: b'ping'", "response from child: b'pong'"]
    if sorted(lines) != sorted(expected):
        raise Failure("socket_socketpair printed:\n" + "\n".join(lines))
    # The parent's and the child's first lines race; the exchange itself is ordered.
    in_order("socket_socketpair", lines, [re.escape(line) for line in expected[1:]])


def check_multicast(binary):
    receiver, sender, port = pair(binary, ["socket_multicast_receiver"], ["socket_multicast_sender"])
    expect_lines("socket_multicast_receiver", receiver.out, [
        "", "waiting to receive message", pat("received 19 bytes from {ANY}"), re.escape("b'very important data'"),
        pat("sending acknowledgement to {ANY}"), "", "waiting to receive message"])
    expect_lines("socket_multicast_sender", sender.out, [
        re.escape("sending b'very important data'"), "waiting to receive",
        r"received b'ack' from \('\d+\.\d+\.\d+\.\d+', %d\)" % port, "waiting to receive",
        "timed out, no more responses", "closing socket"])


def check_binary(binary):
    server, client, port = pair(binary, ["socket_binary_server"], ["socket_binary_client"])
    expect_lines("socket_binary_server", server.out, [
        "", "waiting for a connection", re.escape("received b'0100000061620000cdcc2c40'"),
        re.escape("unpacked: (1, b'ab', 2.700000047683716)"), "", "waiting for a connection"])
    expect_lines("socket_binary_client", client.out, [
        re.escape("values = (1, b'ab', 2.7)"), re.escape("sending b'0100000061620000cdcc2c40'"), "closing socket"])


# Pairs whose interleaving depends on timing.


def payloads(lines, prefix):
    """The bytes of every line `prefix b'...'` (a received/sent message), in order."""
    found = []
    for line in lines:
        match = re.fullmatch(re.escape(prefix) + r"(b'.*'|b\".*\")( (from|to) .*)?", line)
        if match:
            found.append(ast.literal_eval(match.group(1)))
    return found


def check_selectors(binary):
    server, client, port = pair(binary, ["selectors_echo_server"], ["selectors_echo_client"])
    whole = b"This is the message. It will be repeated."
    # Server: what the seed shows, except that the two messages may arrive in one read or two.
    lines = server.out
    expect_lines("selectors_echo_server (first line)", lines[:1], [pat("starting up on localhost port {P}", P=port)])
    all_allowed("selectors_echo_server", lines[1:], [
        "waiting for I/O", pat("accept({LOCAL})"), pat("read({LOCAL})"), "  received b'.*'", "  closing", "shutting down"])
    if lines[-2:] != ["  closing", "shutting down"] or sum(l.startswith("accept(") for l in lines) != 1:
        raise Failure("selectors_echo_server does not accept once, then close and shut down:\n" + "\n".join(lines))
    if b"".join(payloads(lines, "  received ")) != whole:
        raise Failure("selectors_echo_server did not receive the whole message:\n" + "\n".join(lines))
    # Client: sends both parts in order, stops at its first echo (the seed's condition), and what it
    # received is the start of what it sent.
    lines = client.out
    expect_lines("selectors_echo_client (first line)", lines[:1], [pat("connecting to localhost port {P}", P=port)])
    all_allowed("selectors_echo_client", lines[1:], [
        "waiting for I/O", pat("client(('127.0.0.1', {P}))", P=port), "  ready to read", "  ready to write",
        "  switching to read-only", "  sending b'.*'", "  received b'.*'", "shutting down"])
    in_order("selectors_echo_client", lines, [
        re.escape("  sending b'This is the message. '"), re.escape("  sending b'It will be repeated.'"), "shutting down"])
    received = b"".join(payloads(lines, "  received "))
    if not received or not whole.startswith(received):
        raise Failure("selectors_echo_client received %r" % received)


def client_names(what, lines, count):
    """The `('127.0.0.1', N)` names a multi-socket client printed, in order of first use."""
    names = []
    for line in lines:
        match = re.match(r"(\('127\.0\.0\.1', \d+\)): ", line)
        if match and match.group(1) not in names:
            names.append(match.group(1))
    if len(names) != count:
        raise Failure("%s: expected %d client sockets:\n%s" % (what, count, "\n".join(lines)))
    return names


def check_echo_transcript(what, lines, port, clients, messages, poll=False, timeouts=False):
    """A select()/poll() server's log: each client connects, has each message received and sent back
    once and in order, and closes; every line is one the program prints; it ends waiting."""
    expect_lines(what + " (first line)", lines[:1], [pat("starting up on localhost port {P}", P=port)])
    if lines[-1] != "waiting for the next event":
        raise Failure("%s does not end waiting for the next event" % what)
    allowed = ["waiting for the next event", "  received b'.*' from " + LOCAL, "  sending b'.*' to " + LOCAL,
               ("  connection " if poll else "  connection from ") + LOCAL, "  closing " + LOCAL,
               ("" if poll else "   ") + LOCAL + " queue empty"]
    if timeouts:
        allowed.append("  timed out, do some other work here")
    all_allowed(what, lines[1:], allowed)
    for name in clients:
        expected = [re.escape(("  connection " if poll else "  connection from ") + name)]
        for message in messages:
            text = repr(message.encode())
            expected += [re.escape("  received %s from %s" % (text, name)), re.escape("  sending %s to %s" % (text, name))]
        in_order(what, lines, expected + [re.escape("  closing " + name)])
    if timeouts and "  timed out, do some other work here" not in lines:
        raise Failure("%s never timed out" % what)


MULTI = ["This is the message. ", "It will be sent ", "in parts."]


def check_multiclient(lines, port):
    names = client_names("select_echo_multiclient", lines, 2)
    expected = [pat("connecting to localhost port {P}", P=port)]
    for message in MULTI:
        text = repr(message.encode())
        expected += [re.escape("%s: sending %s" % (name, text)) for name in names]
        expected += [re.escape("%s: received %s" % (name, text)) for name in names]
    expect_lines("select_echo_multiclient", lines, expected)
    return names


def check_select(binary):
    server, client, port = pair(binary, ["select_echo_server"], ["select_echo_multiclient"], requests=2)
    names = check_multiclient(client.err, port)
    check_echo_transcript("select_echo_server", server.err, port, names, MULTI)


def check_poll(binary):
    for backend in ["poll", "select"]:
        server, client, port = pair(binary, ["select_poll_echo_server", "--backend", backend],
                                    ["select_echo_multiclient"], requests=2)
        names = check_multiclient(client.err, port)
        check_echo_transcript("select_poll_echo_server --backend " + backend, server.err, port, names, MULTI, poll=True)


def check_select_timeout(binary):
    server, client, port = pair(binary, ["select_echo_server_timeout", "--select-timeout", "0.1"],
                                ["select_echo_slow_client", "--pace", "0.3"])
    expect_lines("select_echo_slow_client", client.err, [
        pat("connecting to localhost port {P}", P=port), re.escape("sending b'Part one of the message.'"),
        re.escape("sending b'Part two of the message.'"), re.escape("received b'Part one of the '"),
        re.escape("received b'message.Part two'"), re.escape("received b' of the message.'"), "closing socket"])
    match = re.search(r"connection from (%s)" % LOCAL, "\n".join(server.err))
    if not match:
        raise Failure("select_echo_server_timeout accepted no connection:\n" + "\n".join(server.err))
    check_echo_transcript("select_echo_server_timeout", server.err, port, [match.group(1)],
                          ["Part one of the message.", "Part two of the message."], timeouts=True)
