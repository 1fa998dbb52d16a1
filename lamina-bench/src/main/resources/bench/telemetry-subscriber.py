#!/usr/bin/env python3
"""The telemetry benchmark's subscriber extension (standard library only).

Registers for no events, listens on 127.0.0.1 (HTTP, or TCP with BENCH_SUB_PROTOCOL=TCP) on a port it picks,
subscribes to the Telemetry API (platform and function records; maxItems 10,000, maxBytes 1 MiB, timeoutMs 25), and
counts the function records "tm <i>". When the function writes /tmp/bench-telemetry-expect (a record count) before
a flood, the subscriber times the flood from the arrival of its first record to that of its last and writes
{"records","dropped","firstBatch","nanos"} to /tmp/bench-telemetry-result, which the function hands back to the bench.
"""
import json
import os
import re
import socket
import socketserver
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAME = sys.argv[1]
API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"]
PROTOCOL = os.environ.get("BENCH_SUB_PROTOCOL", "HTTP")
MARK = b'"record":"tm '
DROPPED = re.compile(rb'"droppedRecords":(\d+)')
lock = threading.Lock()
state = {"records": 0, "dropped": 0, "first": None, "firstBatch": 0, "done": False}


def expected():
    try:
        with open("/tmp/bench-telemetry-expect") as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def seen(records, dropped):
    now = time.monotonic_ns()
    with lock:
        if records and state["first"] is None:
            state["first"] = now
            state["firstBatch"] = records
        state["records"] += records
        state["dropped"] += dropped
        want = expected()
        if not state["done"] and want and state["records"] + state["dropped"] >= want and state["first"]:
            state["done"] = True
            result = {"records": state["records"], "dropped": state["dropped"], "firstBatch": state["firstBatch"],
                      "nanos": now - state["first"]}
            with open("/tmp/bench-telemetry-result.part", "w") as f:
                json.dump(result, f)
            os.rename("/tmp/bench-telemetry-result.part", "/tmp/bench-telemetry-result")


class Http(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()
        seen(body.count(MARK), sum(int(x) for x in DROPPED.findall(body)))

    def log_message(self, *args):
        pass


class Tcp(socketserver.BaseRequestHandler):
    def handle(self):
        carry = b""
        while True:
            chunk = self.request.recv(1 << 20)
            if not chunk:
                return
            data = carry + chunk
            cut = data.rfind(b"\n") + 1  # count whole NDJSON lines only
            complete, carry = data[:cut], data[cut:]
            if complete:
                seen(complete.count(MARK), sum(int(x) for x in DROPPED.findall(complete)))


class TcpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def call(method, path, body=None, headers=None):
    req = urllib.request.Request(API + path, data=None if body is None else json.dumps(body).encode(),
                                 method=method, headers=headers or {})
    with urllib.request.urlopen(req) as r:
        return r.headers, r.read()


server = ThreadingHTTPServer(("127.0.0.1", 0), Http) if PROTOCOL == "HTTP" else TcpServer(("127.0.0.1", 0), Tcp)
threading.Thread(target=server.serve_forever, daemon=True).start()
port = server.server_address[1]
headers, _ = call("POST", "/2020-01-01/extension/register", {"events": []}, {"Lambda-Extension-Name": NAME})
ident = headers["Lambda-Extension-Identifier"]
destination = ({"protocol": "HTTP", "URI": "http://sandbox.localdomain:%d/" % port} if PROTOCOL == "HTTP"
               else {"protocol": "TCP", "port": port})
call("PUT", "/2022-07-01/telemetry", {"schemaVersion": "2022-12-13", "types": ["platform", "function"],
                                      "buffering": {"maxItems": 10000, "maxBytes": 1048576, "timeoutMs": 25},
                                      "destination": destination}, {"Lambda-Extension-Identifier": ident})
while True:  # registered for no events: next returns only at shutdown
    call("GET", "/2020-01-01/extension/event/next", headers={"Lambda-Extension-Identifier": ident})
