#!/usr/bin/env python3
"""An external extension in Python (standard library only) that follows only the Extensions API contract:
registers for INVOKE and SHUTDOWN and appends every event body, verbatim, to $EXT_LOG/<name>.log."""
import json
import os
import sys
import urllib.request

API = "http://%s/2020-01-01/extension" % os.environ["AWS_LAMBDA_RUNTIME_API"]
NAME = sys.argv[1] if len(sys.argv) > 1 else os.path.basename(sys.argv[0])
LOG = os.path.join(os.environ["EXT_LOG"], NAME + ".log")


def record(line):
    with open(LOG, "a") as f:
        f.write(line + "\n")


request = urllib.request.Request(API + "/register", method="POST",
                                 data=json.dumps({"events": ["INVOKE", "SHUTDOWN"]}).encode(),
                                 headers={"Lambda-Extension-Name": NAME})
with urllib.request.urlopen(request) as response:
    identifier = response.headers["Lambda-Extension-Identifier"]
    record("REGISTER " + response.read().decode())

while True:
    request = urllib.request.Request(API + "/event/next", headers={"Lambda-Extension-Identifier": identifier})
    with urllib.request.urlopen(request) as response:
        event = response.read().decode()
    record(event)
    if json.loads(event)["eventType"] == "SHUTDOWN":
        sys.exit(0)
