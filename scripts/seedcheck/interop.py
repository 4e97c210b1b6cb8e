"""The interop suite's engine: each seed program against its Swift counterpart.

A pair (a server and its client) runs four ways: the seed's Python server with the seed's Python
client (the reference), the Swift server with the Python client, the Python server with the Swift
client, and Swift with Swift. The client reaches the server through a recording proxy, so every run
yields the bytes exchanged each way; each run must match the reference on those bytes, on both
programs' exit status, on what each program prints (ports, descriptors and process ids left out,
timing-only lines as the pair's `canon` says) and on the files it leaves. A one-shot program runs
once in Python and once in Swift with the same arguments and must print the same and exit the same.
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from typing import Callable, Optional

from .recorder import DatagramRecorder, StreamRecorder

SEEDS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")
TIMEOUT = 30  # seconds a client may run
PYTHON = ["python3", "-u", "-W", "ignore::DeprecationWarning"]  # unbuffered; no setDaemon() notes


class Failure(Exception):
    """A run that could not be compared: the reference itself failed, or a server never listened."""


def normalize(lines):
    """Ports, descriptors and peer ports as `N`: what changes from run to run."""
    result = []
    for line in lines:
        line = re.sub(r"(\('[\d.]+', )\d+\)", r"\1N)", line)
        line = re.sub(r"\b(port |fd=|127\.0\.0\.1:)\d+", r"\1N", line)
        result.append(line)
    return result


def plain(out, err, status):
    """The default view of a run: standard output, and standard error, or only its last line
    (Python's exception) when the program failed."""
    return normalize(out), normalize(err if status == 0 else err[-1:])


@dataclass
class Program:
    """One program in its two implementations: the seed's Python file and the Swift command."""
    python: str
    swift: list
    args: list = field(default_factory=list)
    swift_args: Optional[list] = None   # when the Swift program needs other arguments than Python's
    canon: Optional[Callable] = plain   # (out, err, status) -> what must match; None: not compared
    cwd_files: Optional[Callable] = None  # (directory, implementation) -> prepares the directory

    def command(self, implementation, binaries, directory, port):
        if implementation == "python":
            script = os.path.join(directory, os.path.basename(self.python))
            shutil.copy(os.path.join(SEEDS, self.python), script)  # some seeds use their own folder
            return PYTHON + [script] + self.args
        binary = binaries[self.swift[0]]
        args = self.swift_args if self.swift_args is not None else self.args
        return [binary] + self.swift[1:] + args + ([] if port is None else ["--port", str(port)])


class Run:
    """A started program, its output read on threads."""

    def __init__(self, command, directory, port, stdin=b""):
        env = dict(os.environ, SEED_PORT=str(port or 0), PYTHONIOENCODING="utf-8")
        self.process = subprocess.Popen(command, cwd=directory, env=env, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.raw = {"out": bytearray(), "err": bytearray()}
        self.changed = time.monotonic()
        self.readers = [self._read(self.process.stdout, "out"), self._read(self.process.stderr, "err")]
        try:
            self.process.stdin.write(stdin)
            self.process.stdin.close()
        except OSError:
            pass

    def _read(self, stream, key):
        def pump():
            for chunk in iter(lambda: stream.read1(65536), b""):
                self.raw[key] += chunk
                self.changed = time.monotonic()
        thread = threading.Thread(target=pump, daemon=True)
        thread.start()
        return thread

    def finish(self, timeout=TIMEOUT):
        try:
            status = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            status = "timed out"
        for reader in self.readers:
            reader.join(5)
        return status

    def stop_when_quiet(self):
        """For a server that serves forever: waits until it has printed nothing for 0.3 s (at most
        2 s), then kills it. Its status is `running` if it was still running, as it should be.

        The quiet is counted from this call at the earliest: a server whose last line came long
        before (while a client started slowly) may not have printed what the client just sent it."""
        self.changed = max(self.changed, time.monotonic())
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and self.process.poll() is None:
            if time.monotonic() - self.changed > 0.3:
                break
            time.sleep(0.05)
        if self.process.poll() is not None:
            return self.finish()
        self.process.kill()
        self.finish()
        return "running"

    def lines(self, key):
        text = self.raw[key].decode("utf-8", "replace")
        return text.split("\n")[:-1] + ([text.rsplit("\n", 1)[-1]] if not text.endswith("\n") and text else [])


_ports_lock = threading.Lock()
_ports_used = set()


def free_port(kind=socket.SOCK_STREAM):
    """A port no other run of this suite has, free on 127.0.0.1 for TCP and UDP."""
    with _ports_lock:
        while True:
            probe = socket.socket(socket.AF_INET, kind)
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
            probe.close()
            if port not in _ports_used:
                _ports_used.add(port)
                return port


def listening(transport, port, directory):
    """Whether a server listens: a TCP port in LISTEN, a UDP port bound, a Unix socket file."""
    if transport == "unix":
        return os.path.exists(os.path.join(directory, "uds_socket"))
    tables = ["/proc/net/tcp", "/proc/net/tcp6"] if transport == "tcp" else ["/proc/net/udp", "/proc/net/udp6"]
    for table in tables:
        try:
            with open(table) as handle:
                rows = handle.read().split("\n")[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if len(fields) > 3 and int(fields[1].split(":")[1], 16) == port and (transport != "tcp" or fields[3] == "0A"):
                return True
    return False


@dataclass
class Pair:
    """A server and its client, as the seeds pair them."""
    name: str
    server: Program
    client: Program
    transport: str = "tcp"              # tcp, udp, unix, or multicast (no proxy: the group is the address)
    stdin: bytes = b""                  # the client's standard input
    server_ends: bool = False           # the server exits by itself once its client is done
    exchanges: Callable = lambda exchanges: exchanges   # what of the bytes must match
    files: Optional[Callable] = None    # (server directory, client directory) -> what the run left
    seed_race: Optional[str] = None     # the last line of a failure of the seed's server that timing
                                        # alone decides (its own bug), tolerated as its normal end


@dataclass
class Outcome:
    client: tuple
    server: tuple
    exchanges: object
    files: object


def run_pair(pair, server_impl, client_impl, binaries):
    with tempfile.TemporaryDirectory(prefix="interop-") as work:
        server_dir, client_dir = os.path.join(work, "server"), os.path.join(work, "client")
        os.mkdir(server_dir)
        os.mkdir(client_dir)
        for program, directory, implementation in [(pair.server, server_dir, server_impl), (pair.client, client_dir, client_impl)]:
            if program.cwd_files:
                program.cwd_files(directory, implementation)
        udp = pair.transport in ("udp", "multicast")
        port = None if pair.transport == "unix" else free_port(socket.SOCK_DGRAM if udp else socket.SOCK_STREAM)
        server = Run(pair.server.command(server_impl, binaries, server_dir, port), server_dir, port)
        try:
            deadline = time.monotonic() + 10
            while not listening("udp" if udp else pair.transport, port, server_dir):
                if server.process.poll() is not None or time.monotonic() > deadline:
                    server.stop_when_quiet()
                    raise Failure("%s (%s) did not start listening:\n%s" % (
                        pair.name, server_impl, "\n".join(server.lines("out") + server.lines("err"))))
                time.sleep(0.02)
            recorder = None
            if pair.transport in ("tcp", "unix"):
                listen = os.path.join(client_dir, "uds_socket") if pair.transport == "unix" else 0
                target = os.path.join(server_dir, "uds_socket") if pair.transport == "unix" else port
                recorder = StreamRecorder(listen, target)
            elif pair.transport == "udp":
                recorder = DatagramRecorder(port)
            client_port = None if pair.transport == "unix" else (recorder.port if recorder else port)
            client = Run(pair.client.command(client_impl, binaries, client_dir, client_port), client_dir, client_port, pair.stdin)
            client_status = client.finish()
            server_status = server.finish(10) if pair.server_ends else server.stop_when_quiet()
        finally:
            if server.process.poll() is None:
                server.process.kill()
                server.finish()
        if recorder:
            recorder.close()
        return Outcome(
            client=(client_status, client.lines("out"), client.lines("err")),
            server=(server_status, server.lines("out"), server.lines("err")),
            exchanges=pair.exchanges(recorder.exchanges()) if recorder else None,
            files=pair.files(server_dir, client_dir) if pair.files else None)


def differences(pair, reference, candidate):
    """What differs between a run and the reference, in words; empty when they match."""
    found = []
    for role, program in [("client", pair.client), ("server", pair.server)]:
        ours, theirs = getattr(candidate, role), getattr(reference, role)
        if ours[0] != theirs[0]:
            found.append("%s exit status %s, the reference's %s" % (role, ours[0], theirs[0]))
        if program.canon is not None:
            got, expected = program.canon(ours[1], ours[2], ours[0]), program.canon(theirs[1], theirs[2], theirs[0])
            if got != expected:
                found.append("%s prints %r\n  the reference prints %r" % (role, got, expected))
    if candidate.exchanges != reference.exchanges:
        found.append("bytes exchanged %r\n  the reference's %r" % (candidate.exchanges, reference.exchanges))
    if candidate.files != reference.files:
        found.append("files left %r\n  the reference's %r" % (candidate.files, reference.files))
    return found


def seed_race_lost(pair, outcome):
    """Whether the seed's server failed with the race `pair.seed_race` names."""
    status, _, err = outcome.server
    return bool(pair.seed_race and status == 1 and err and re.fullmatch(pair.seed_race, err[-1]))


COMBINATIONS = [("swift", "python"), ("python", "swift"), ("swift", "swift")]


def check_pair(pair, binaries):
    """Runs the reference and the three other combinations; returns [(label, differences)]."""
    reference = run_pair(pair, "python", "python", binaries)
    for _ in range(2):  # a reference spoilt by the seed server's own race is run again
        if not seed_race_lost(pair, reference):
            break
        reference = run_pair(pair, "python", "python", binaries)
    if reference.client[0] not in (0, 1):
        raise Failure("%s: the Python reference itself failed: %r" % (pair.name, reference.client))
    results = []
    for server_impl, client_impl in COMBINATIONS:
        outcome = run_pair(pair, server_impl, client_impl, binaries)
        label = "%s server, %s client" % (server_impl, client_impl)
        if server_impl == "python" and seed_race_lost(pair, outcome):
            label += " (the seed's server failed with its own race, %s: tolerated)" % outcome.server[2][-1].split(":")[0]
            outcome.server = reference.server
        results.append((label, differences(pair, reference, outcome)))
    return results


@dataclass
class OneShot:
    """A program that runs to its end by itself; `args` go to both implementations."""
    name: str
    program: Program

    def run(self, implementation, binaries):
        with tempfile.TemporaryDirectory(prefix="interop-") as directory:
            run = Run(self.program.command(implementation, binaries, directory, None), directory, None)
            status = run.finish()
            return status, run.lines("out"), run.lines("err")


def check_one_shot(shot, binaries):
    reference = shot.run("python", binaries)
    ours = shot.run("swift", binaries)
    found = []
    if ours[0] != reference[0]:
        found.append("exit status %s, Python's %s" % (ours[0], reference[0]))
    got, expected = shot.program.canon(ours[1], ours[2], ours[0]), shot.program.canon(*reference[1:], reference[0])
    if got != expected:
        found.append("prints %r\n  Python prints %r" % (got, expected))
    return [("swift", found)]
