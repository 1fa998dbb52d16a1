#!/usr/bin/env python3
"""A Logs API / Telemetry API subscriber extension in Python (standard library only).

Registers for INVOKE and SHUTDOWN, listens on 127.0.0.1 (HTTP or TCP, a port it chooses), subscribes with
http://sandbox.localdomain:PORT (Lamina resolves the name itself) and appends what it receives to
$EXT_LOG/<name>.out (or POSTs them to $EXT_SINK/<name>.out): "B <json array>" per HTTP batch, "R <json>" per TCP line, "SUBSCRIBE <status> <body>",
"LATE <status> <body>" (a subscribe after init), "EVENT <type>" per Extensions API event.
Settings (environment): SUB_API telemetry|logs, SUB_PROTOCOL HTTP|TCP, SUB_SCHEMA, SUB_TYPES (comma separated),
SUB_MAX_BYTES, SUB_STALL (a file: every delivery waits until it exists).
"""
import json
import os
import socketserver
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

NAME = sys.argv[1]
API = "http://" + os.environ["AWS_LAMBDA_RUNTIME_API"]
KIND = os.environ.get("SUB_API", "telemetry")
PROTOCOL = os.environ.get("SUB_PROTOCOL", "HTTP")
SCHEMA = os.environ.get("SUB_SCHEMA")
TYPES = os.environ.get("SUB_TYPES", "platform,function,extension").split(",")
MAX_BYTES = int(os.environ.get("SUB_MAX_BYTES", "262144"))
STALL = os.environ.get("SUB_STALL")
PATH = "/2022-07-01/telemetry" if KIND == "telemetry" else "/2020-08-15/logs"

SINK = os.environ.get("EXT_SINK")  # sandboxed: POST each line to $EXT_SINK/<name>.out instead of a file
lock = threading.Lock()
out = None if SINK else open(os.path.join(os.environ["EXT_LOG"], NAME + ".out"), "a")


def record(prefix, data):
    with lock:
        if SINK:
            urllib.request.urlopen(urllib.request.Request(SINK + "/" + NAME + ".out",
                                                          data=(prefix + " " + data).encode(), method="POST")).read()
            return
        out.write(prefix + " " + data + "\n")
        out.flush()


def stall():
    while STALL and not os.path.exists(STALL):
        time.sleep(0.02)


class Http(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
        stall()
        record("B", body.replace("\n", " "))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_PUT = do_POST

    def log_message(self, *args):
        pass


class Tcp(socketserver.StreamRequestHandler):
    def handle(self):
        for line in self.rfile:
            stall()
            record("R", line.decode().rstrip("\n"))


class TcpServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


def call(method, path, body=None, headers=None):
    req = urllib.request.Request(API + path, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req) as resp:
            return resp.status, resp.headers, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode()


_, headers, _ = call("POST", "/2020-01-01/extension/register", json.dumps({"events": ["INVOKE", "SHUTDOWN"]}).encode(),
                     {"Lambda-Extension-Name": NAME})
ID = headers["Lambda-Extension-Identifier"]

if PROTOCOL == "TCP":
    server = TcpServer(("127.0.0.1", 0), Tcp)
else:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Http)
    server.daemon_threads = True
port = server.server_address[1]
threading.Thread(target=server.serve_forever, daemon=True).start()

destination = {"protocol": "TCP", "port": port} if PROTOCOL == "TCP" \
    else {"protocol": "HTTP", "URI": "http://sandbox.localdomain:%d/" % port}
subscription = {"types": TYPES, "buffering": {"maxItems": 10000, "maxBytes": MAX_BYTES, "timeoutMs": 25},
                "destination": destination}
if SCHEMA:
    subscription["schemaVersion"] = SCHEMA
subscribe_headers = {"Lambda-Extension-Identifier": ID, "Content-Type": "application/json"}
status, _, body = call("PUT", PATH, json.dumps(subscription).encode(), subscribe_headers)
record("SUBSCRIBE", "%d %s" % (status, body))
print("subscriber %s listening on %d" % (NAME, port), flush=True)

late = True
while True:
    _, _, body = call("GET", "/2020-01-01/extension/event/next", None, {"Lambda-Extension-Identifier": ID})
    event = json.loads(body)
    record("EVENT", event["eventType"])
    if late and event["eventType"] == "INVOKE":
        late = False
        status, _, body = call("PUT", PATH, json.dumps(subscription).encode(), subscribe_headers)
        record("LATE", "%d %s" % (status, body))
    if event["eventType"] == "SHUTDOWN":
        if out:
            out.close()
        sys.exit(0)
