"""Running seed-examples programs and matching what they print."""

import re
import subprocess
import threading
import time

TIMEOUT = 20  # seconds any one program may run
LOCAL = r"\('127\.0\.0\.1', \d+\)"
ANY_IPV4 = r"\('\d+\.\d+\.\d+\.\d+', \d+\)"


class Failure(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Running programs


class Program:
    """A running example: stdout and stderr read line by line on threads, so neither pipe fills."""

    def __init__(self, binary, args, cwd=None):
        self.args = args
        self.process = subprocess.Popen(
            [binary] + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd)
        self.out, self.err = [], []
        self.readers = [self._reader(self.process.stdout, self.out), self._reader(self.process.stderr, self.err)]

    @staticmethod
    def _reader(stream, lines):
        def run():
            for raw in stream:
                lines.append(raw.decode("utf-8", "replace").rstrip("\n"))
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    def wait_for_port(self):
        """The port a server printed: `... port N` or `listening on HOST:N`."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            for line in self.out + self.err:
                match = re.search(r"(?:port |listening on \S+:)(\d+)$", line)
                if match:
                    return int(match.group(1))
            if self.process.poll() is not None:
                time.sleep(0.05)  # let the readers drain
                raise Failure("server exited (%s) before printing its port:\n%s" % (
                    self.process.returncode, "\n".join(self.out + self.err)))
            time.sleep(0.01)
        raise Failure("server printed no port within %d s" % TIMEOUT)

    def finish(self):
        try:
            status = self.process.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise Failure("%s did not finish within %d s" % (" ".join(self.args), TIMEOUT))
        for reader in self.readers:
            reader.join(5)
        return status


def run(binary, args, cwd=None, status=0):
    program = Program(binary, args, cwd)
    got = program.finish()
    if got != status:
        raise Failure("%s exited %s (expected %s); stderr:\n%s" % (" ".join(args), got, status, "\n".join(program.err)))
    return program


def pair(binary, server_args, client_args, requests=1, cwd=None):
    """Runs a server on a free port and its client; returns both finished programs."""
    server = Program(binary, server_args + ["--port", "0", "--requests", str(requests), "--lifetime", str(TIMEOUT)], cwd)
    try:
        port = server.wait_for_port()
        client = run(binary, client_args + ["--port", str(port)], cwd)
        if server.finish() != 0:
            raise Failure("server exited %s; stderr:\n%s" % (server.process.returncode, "\n".join(server.err)))
        return server, client, port
    finally:
        if server.process.poll() is None:
            server.process.kill()


# ---------------------------------------------------------------------------------------------
# Matching


def expect_lines(what, lines, patterns):
    """Each line fully matches its pattern, in order; `{P}`, `{LOCAL}`, `{ANY}` are placeholders."""
    if len(lines) != len(patterns):
        raise Failure("%s: %d lines, expected %d:\n%s" % (what, len(lines), len(patterns), "\n".join(lines)))
    for number, (line, pattern) in enumerate(zip(lines, patterns), 1):
        if not re.fullmatch(pattern, line):
            raise Failure("%s line %d: %r does not match %r" % (what, number, line, pattern))


def pat(text, **values):
    """A literal line with placeholders: {P} a given port, {LOCAL} a loopback tuple, {ANY} any IPv4 tuple."""
    escaped = re.escape(text)
    for name, value in values.items():
        escaped = escaped.replace(re.escape("{%s}" % name), str(value))
    return escaped.replace(re.escape("{LOCAL}"), LOCAL).replace(re.escape("{ANY}"), ANY_IPV4)


def expect_same(what, lines, expected):
    if lines != expected:
        diff = "\n".join("  got %r\n  exp %r" % (g, e) for g, e in zip(lines + [""] * len(expected), expected + [""] * len(lines))
                         if g != e)
        raise Failure("%s differs from the seed's Python:\n%s" % (what, diff))


def all_allowed(what, lines, patterns):
    for line in lines:
        if not any(re.fullmatch(pattern, line) for pattern in patterns):
            raise Failure("%s: unexpected line %r" % (what, line))


def in_order(what, lines, patterns):
    """Each pattern matches exactly one line, and those lines come in the patterns' order."""
    last = -1
    for pattern in patterns:
        found = [i for i, line in enumerate(lines) if re.fullmatch(pattern, line)]
        if len(found) != 1:
            raise Failure("%s: %d lines match %r (expected 1):\n%s" % (what, len(found), pattern, "\n".join(lines)))
        if found[0] < last:
            raise Failure("%s: %r comes too early:\n%s" % (what, pattern, "\n".join(lines)))
        last = found[0]
