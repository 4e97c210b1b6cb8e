"""The socketserver programs in the interop suite: seed 004's four PyMOTW programs (one-shot), seed
000's 10086 menu service (its two servers under every processing model, with its client) and seed
001's selectors put/get server, with a client for its protocol (the seed has none)."""

import os
import re

from .interop import OneShot, Pair, Program, normalize, plain

EXAMPLES = "socketserver-examples"


def threads(out, err, status):
    """socketserver_echo: the client's thread and the serving thread each log in order, but their
    lines interleave as the threads run; each thread's lines are compared in order."""
    lines = normalize(err)
    main = ("client: ", "EchoServer: __init__", "EchoServer: server_activate", "EchoServer: shutdown()")
    return out, [line for line in lines if line.startswith(main)], [line for line in lines if not line.startswith(main)]


def process_ids(out, err, status):
    """socketserver_forking: process ids vary; that the handler ran in another process does not."""
    out, err = plain(out, err, status)
    ids = [re.search(r"\d+", line).group() for line in out if re.search(r"process: \d+|b'\d+: ", line)]
    return [re.sub(r"\d{2,}", "PID", line) for line in out], err, len(set(ids)) == 2


# Programs that no seed has, so nothing to compare with: scripts/check-socketserver-examples and the
# tests check them instead.
WITHOUT_SEED = {"chat_server"}

ONE_SHOTS = [
    OneShot("socketserver_echo", Program("socketserver_echo.py", [EXAMPLES, "socketserver_echo"], canon=threads)),
    OneShot("socketserver_echo_simple", Program("socketserver_echo_simple.py", [EXAMPLES, "socketserver_echo_simple"])),
    OneShot("socketserver_threaded", Program("socketserver_threaded.py", [EXAMPLES, "socketserver_threaded"])),
    OneShot("socketserver_forking", Program("socketserver_forking.py", [EXAMPLES, "socketserver_forking"], canon=process_ids)),
]



def without(*patterns):
    """A canon that leaves out lines matching `patterns`: `listening tcp ...` (the Swift servers'
    announcement, for scripts), `looping` (once a second: timing)."""
    def canon(out, err, status):
        out, err = plain(out, err, status)
        return tuple([line for line in lines if not any(re.fullmatch(p, line) for p in patterns)] for lines in (out, err))
    return canon


MENU_INPUT = "0\nhello\n0\nexit\n".encode()
MENU_CLIENT = Program("menu_client.py", [EXAMPLES, "menu_client"])

PAIRS = [
    Pair("menu_server.py + menu_client (Swift: menu_server --model %s)" % model,
         Program(seed, [EXAMPLES, "menu_server"], swift_args=["--model", model], canon=without(r"listening tcp .*")),
         MENU_CLIENT, stdin=MENU_INPUT)
    for seed, model in [("menu_server.py", "threading"), ("menu_forking_server.py", "forking"), ("menu_server.py", "reactor")]
]
PAIRS.append(Pair("menu_select_server + menu_client",
                  Program("menu_select_server.py", [EXAMPLES, "menu_select_server"], canon=without(r"listening tcp .*", "looping")),
                  MENU_CLIENT, stdin=MENU_INPUT))


# Seed 001's server keeps uploads in upload/ and serves downloads from download/, beside itself;
# ftp_server serves one --root (here the same folder the seed's server would use).
FTP_FILE = bytes(range(256)) * 12 + b"\nthe last line\n"


def ftp_folders(directory, implementation):
    for folder in ["upload", "download"]:
        os.mkdir(os.path.join(directory, folder))
    with open(os.path.join(directory, "download", "hello.bin"), "wb") as f:
        f.write(FTP_FILE)


def ftp_local_file(directory, implementation):
    with open(os.path.join(directory, "local.bin"), "wb") as f:
        f.write(FTP_FILE)


def ftp_files(server_dir, client_dir):
    """What a put stored and what a get wrote: the bytes of every file the run made."""
    found = {}
    for folder, names in [(os.path.join(server_dir, "upload"), None), (client_dir, ["copy.bin"])]:
        for name in sorted(names or os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.exists(path):
                with open(path, "rb") as f:
                    found[name] = f.read()
    return found


def ftp_pair(label, folder, client_args):
    return Pair("select_ftp_server + ftp client: " + label,
                Program("select_ftp_server.py", [EXAMPLES, "ftp_server"], swift_args=["--root", folder],
                        canon=None, cwd_files=ftp_folders),
                Program("../ftp_seed_client.py", [EXAMPLES, "ftp_client"], client_args, cwd_files=ftp_local_file),
                files=ftp_files)


# The seed's server is compared on the bytes it exchanges, not on what it prints (its log has no
# counterpart worth copying: `error not enough values to unpack` for each client that leaves).
PAIRS += [
    ftp_pair("put", "upload", ["put", "local.bin", "stored.bin"]),
    ftp_pair("get", "download", ["get", "hello.bin", "copy.bin"]),
    ftp_pair("get a missing file", "download", ["get", "missing.bin", "copy.bin"]),
]
