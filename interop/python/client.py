"""Runs every row of interop/scenarios.json with the Python `websockets` client.

Written for websockets 10.4 as Debian packages it (python3-websockets), with its defaults
(permessage-deflate offered); run it with /usr/bin/python3. Usage: client.py 127.0.0.1:PORT.
Prints one line per row and exits 1 if any row failed; INTEROP_ONLY (comma-separated
names) runs only those rows. The rules mirror node/scenarios.mjs.
"""

import asyncio
import json
import math
import os
import pathlib
import re
import sys
import urllib.request

import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatusCode
from websockets.frames import Opcode

CLIENT = "python"
TABLE = pathlib.Path(__file__).resolve().parent.parent / "scenarios.json"


def text_of(data):
    """Returns the text a step's data stands for: a string, or {repeat, bytes} (ASCII)."""
    if isinstance(data, str):
        return data
    repeat = data["repeat"]
    return (repeat * math.ceil(data["bytes"] / len(repeat)))[: data["bytes"]]


def concrete_steps(steps):
    """Turns a row's steps into (op, value) pairs; a receive of 'sent' means the last text sent."""
    last_sent = None
    concrete = []
    for step in steps:
        if step.get("send") == "text":
            last_sent = text_of(step["data"])
            concrete.append(("text", last_sent))
        elif step.get("send") in ("binary", "invalidText"):
            concrete.append((step["send"], bytes.fromhex(step["data"])))
        elif step.get("receive") == "text":
            concrete.append(("receive", last_sent if step["data"] == "sent" else step["data"]))
        elif "close" in step:
            concrete.append(("close", step["close"]))
        else:
            raise ValueError(f"unknown step {step!r}")
    return concrete


def brief(text):
    """Describes a text briefly: long texts by length and start."""
    if not isinstance(text, str):
        return repr(text)
    if len(text) <= 40:
        return json.dumps(text, ensure_ascii=False)
    return f"{len(text)} chars starting {json.dumps(text[:16], ensure_ascii=False)}"


def target_url(base, row, timeout):
    """Returns the URL a row connects to; a 'spare' row asks the app for a fresh server."""
    if not row.get("spare"):
        return f"ws://{base}{row['path']}"
    with urllib.request.urlopen(f"http://{base}/spare-server", timeout=timeout) as response:
        port = int(response.read().decode().strip())
    return f"ws://127.0.0.1:{port}{row['path']}"


def new_seen():
    return {
        "status": None, "headers": None, "body": None, "subprotocol": None, "extensions": [],
        "close": None, "reason": None, "problems": [], "notes": [],
    }


async def run(row, url, timeout):
    """Connects, runs the row's steps and returns what this client saw."""
    seen = new_seen()
    # The handshake: websockets 10.4 gives a refusal's status and headers, not its body.
    try:
        ws = await websockets.connect(
            url, subprotocols=row.get("subprotocols"), open_timeout=timeout,
            close_timeout=timeout, ping_interval=None)
    except InvalidStatusCode as refused:
        seen["status"] = refused.status_code
        seen["headers"] = {name.lower(): value for name, value in refused.headers.raw_items()}
        return seen
    seen["status"] = 101
    seen["subprotocol"] = ws.subprotocol
    seen["extensions"] = [extension.name for extension in ws.extensions]

    try:
        await run_steps(ws, concrete_steps(row.get("steps", [])), seen, timeout)
        if seen["problems"]:
            # A step failed: end the row now rather than wait for a close that may not come.
            await ws.close()
    except ConnectionClosed:
        pass

    # Whoever closed, the connection must end with a closing handshake within the timeout.
    try:
        await asyncio.wait_for(ws.wait_closed(), timeout)
    except asyncio.TimeoutError:
        seen["problems"].append(f"the close took more than {timeout} s")
    if ws.close_rcvd is None:
        seen["problems"].append("no Close frame came from the server")
    seen["close"] = ws.close_code
    seen["reason"] = ws.close_reason
    return seen


async def run_steps(ws, steps, seen, timeout):
    for op, value in steps:
        if op == "text":
            await ws.send(value)
        elif op == "binary":
            await ws.send(value)
        elif op == "invalidText":
            # send() encodes str and sends bytes as binary, so a text frame of invalid UTF-8
            # goes through write_frame, a method of the protocol object outside the
            # documented API; extensions (deflate) still apply to it.
            await ws.write_frame(True, Opcode.TEXT, value)
        elif op == "receive":
            try:
                message = await asyncio.wait_for(ws.recv(), timeout)
            except ConnectionClosed:
                seen["problems"].append(
                    f"expected message {brief(value)} but the connection closed")
                return
            except asyncio.TimeoutError:
                seen["problems"].append(f"expected message {brief(value)}; nothing in {timeout} s")
                return
            if message != value:
                seen["problems"].append(f"expected message {brief(value)} got {brief(message)}")
                return
        elif op == "close":
            await ws.close(code=value)


def mismatches(expect, seen):
    """Compares what was seen with a row's expectations; returns the mismatches."""
    found = list(seen["problems"])
    if seen["status"] != expect["status"]:
        found.append(f"expected status {expect['status']} got {seen['status']}")
        return found
    for name, value in expect.get("headers", {}).items():
        if seen["headers"] is not None and seen["headers"].get(name) != value:
            found.append(f"expected header {name}: {value} got {seen['headers'].get(name)}")
    if "close" in expect and seen["close"] != expect["close"]:
        reason = f" {json.dumps(seen['reason'], ensure_ascii=False)}" if seen["reason"] else ""
        found.append(f"expected close {expect['close']} got {seen['close']}{reason}")
    if "reason" in expect and seen["reason"] != expect["reason"]:
        found.append(f"expected reason {json.dumps(expect['reason'], ensure_ascii=False)}"
                     f" got {json.dumps(seen['reason'], ensure_ascii=False)}")
    if "reasonPrefix" in expect and not (seen["reason"] or "").startswith(expect["reasonPrefix"]):
        found.append(f"expected reason starting {json.dumps(expect['reasonPrefix'])}"
                     f" got {json.dumps(seen['reason'], ensure_ascii=False)}")
    if "subprotocol" in expect and seen["subprotocol"] != expect["subprotocol"]:
        found.append(f"expected subprotocol {expect['subprotocol']} got {seen['subprotocol']!r}")
    if "extension" in expect and expect["extension"] not in seen["extensions"]:
        found.append(f"expected extension {expect['extension']} got {seen['extensions']}")
    return found


def summary(seen, expect):
    parts = [f"status={seen['status']}"]
    if seen["status"] == 101:
        parts.append(f"close={seen['close']}")
        if seen["reason"]:
            parts.append(f"reason={json.dumps(seen['reason'], ensure_ascii=False)}")
        if seen["subprotocol"]:
            parts.append(f"subprotocol={seen['subprotocol']}")
        if seen["extensions"]:
            parts.append(f"extensions={','.join(seen['extensions'])}")
    else:
        for name in expect.get("headers", {}):
            parts.append(f"{name}={json.dumps(seen['headers'].get(name))}")
        if expect.get("body"):
            parts.append("body=(not exposed by websockets 10.4)")
    return " ".join(parts + seen["notes"])


def report(name, verdict, detail):
    print(f"{CLIENT:<9}{name:<26}{verdict:<6}{detail}", flush=True)


async def main(base):
    table = json.loads(TABLE.read_text(encoding="utf-8"))
    timeout = table["timeoutSeconds"]
    only = os.environ.get("INTEROP_ONLY")
    failed = 0
    for row in table["scenarios"]:
        if only and row["name"] not in only.split(","):
            continue
        if CLIENT in row.get("skip", {}):
            report(row["name"], "SKIP", row["skip"][CLIENT])
            continue
        try:
            url = await asyncio.to_thread(target_url, base, row, timeout)
            seen = await asyncio.wait_for(run(row, url, timeout), 2 * timeout)
        except Exception as error:  # noqa: BLE001 - any failure is this row's result
            failed += 1
            report(row["name"], "FAIL", f"error: {type(error).__name__}: {error}")
            continue
        found = mismatches(row["expect"], seen)
        if found:
            failed += 1
            report(row["name"], "FAIL", f"{'; '.join(found)} (saw {summary(seen, row['expect'])})")
        else:
            report(row["name"], "OK", summary(seen, row["expect"]))
    return failed


if __name__ == "__main__":
    # Only the loopback app run.sh started: 127.0.0.1:PORT and nothing else.
    if len(sys.argv) != 2 or not re.fullmatch(r"127\.0\.0\.1:[1-9][0-9]{0,4}", sys.argv[1]):
        print(f"usage: {sys.argv[0]} 127.0.0.1:PORT", file=sys.stderr)
        sys.exit(2)
    sys.exit(1 if asyncio.run(main(sys.argv[1])) else 0)
