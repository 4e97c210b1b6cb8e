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
