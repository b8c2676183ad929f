#!/usr/bin/env python3
"""Fault rules as Python's zeep sees them: an HTTP error (TransportError with
the status) for a proxy's 503, the platform's SOAP Fault for 500, a connection
error for a reset, a read time-out for a hang, the result for a code; and
`times` counting down (the next call answers normally).

Usage: python3 faults.py <simulatorUrl>
Sets its own fault rules through the admin API. Prints one JSON object (each
step's outcome) on stdout; exits 0 only when every check passed.
"""
import json
import sys
import time

try:
    import requests
    from requests.auth import HTTPBasicAuth
    from zeep import Client, Settings
    from zeep.exceptions import Fault, TransportError
    from zeep.transports import Transport
except ImportError as e:  # reported to the caller
    sys.stderr.write(f"faults.py: {e} (apt-get install python3-zeep)\n")
    sys.exit(2)

MERCHANT_ID = "12345678901234"
ACCESS_KEY = "DEMOACCESSKEY"
VERSION = "34"
# the client's own time-out for an answer: short, so that a hang shows at once
READ_TIMEOUT = 1

if len(sys.argv) < 2:
    sys.stderr.write("usage: python3 faults.py <simulatorUrl>\n")
    sys.exit(2)
BASE = sys.argv[1].rstrip("/")

steps = {}
failed = []


def check(step, what, ok, got=None):
    steps.setdefault(step, {}).setdefault("checks", {})[what] = "ok" if ok else {"failed": True, "got": repr(got)}
    if not ok:
        failed.append(f"{step}: {what} (got {got!r})")


def admin(method, path, body=None):
    r = requests.request(method, f"{BASE}{path}", json=body, timeout=10)
    return r.status_code, r.json()


def rule(step, r):
    status, body = admin("POST", "/_simulator/faults", r)
    check(step, "the rule is created (201)", status == 201, (status, body))


session = requests.Session()
session.auth = HTTPBasicAuth(MERCHANT_ID, ACCESS_KEY)
transport = Transport(session=session, timeout=10, operation_timeout=READ_TIMEOUT)
# zeep's default Settings(strict=True); the lenient client is how many shops set zeep up for Monext
client = Client(f"{BASE}/V4/services/WebPaymentAPI?wsdl", transport=transport)
lenient = Client(f"{BASE}/V4/services/WebPaymentAPI?wsdl", transport=transport, settings=Settings(strict=False))


def details(c=None):
    return (c or client).service.getWebPaymentDetails(version=VERSION, token="NO-SUCH-TOKEN")


def failing(step, c=None):
    """One call expected to fail: the exception, and the seconds it took."""
    t = time.monotonic()
    try:
        r = details(c)
        check(step, "the call fails", False, r.result.code)
        return None, 0
    except Exception as e:  # noqa: BLE001 (the kind is what is checked)
        seconds = round(time.monotonic() - t, 2)
        steps.setdefault(step, {})["error"] = f"{type(e).__name__}: {e}"
        steps[step]["seconds"] = seconds
        return e, seconds


def normal_after(step):
    try:
        code = details().result.code
        check(step, "the next call answers normally (times counted down)", code == "02304", code)
    except Exception as e:  # noqa: BLE001
        check(step, "the next call answers normally (times counted down)", False, e)


admin("POST", "/_simulator/reset", {})

rule("http503", {"operation": "getWebPaymentDetails", "kind": "http", "status": 503, "times": 1})
e, _ = failing("http503")
check("http503", "TransportError with status 503", isinstance(e, TransportError) and e.status_code == 503, e)
normal_after("http503")
# with strict=False zeep reads the proxy's HTML page leniently and reports a Fault, as it does for a real proxy's page
rule("http503-lenient", {"operation": "getWebPaymentDetails", "kind": "http", "status": 503, "times": 1})
e, _ = failing("http503-lenient", lenient)
check("http503-lenient", "a Fault (zeep's lenient parser reads the HTML page)", isinstance(e, Fault), e)

rule("http500", {"operation": "getWebPaymentDetails", "kind": "http", "status": 500, "times": 1})
e, _ = failing("http500")
check("http500", "the SOAP Fault (Internal Error)", isinstance(e, Fault) and e.message == "Internal Error", e)

rule("reset", {"operation": "getWebPaymentDetails", "kind": "reset", "times": 1})
e, _ = failing("reset")
check("reset", "a connection error", isinstance(e, requests.exceptions.ConnectionError), e)
normal_after("reset")

rule("hang", {"operation": "getWebPaymentDetails", "kind": "hang", "times": 1})
e, seconds = failing("hang")
check("hang", "a read time-out", isinstance(e, requests.exceptions.ReadTimeout), e)
check("hang", "after the client's time-out, not at once", seconds >= 0.9, seconds)
normal_after("hang")

rule("code", {"operation": "getWebPaymentDetails", "kind": "code", "code": "02101", "times": 1})
try:
    r = details()
    check("code", "result 02101 ERROR System internal error", (r.result.code, r.result.shortMessage, r.result.longMessage) == ("02101", "ERROR", "System internal error"), r.result)
except Exception as e:  # noqa: BLE001
    check("code", "result 02101 ERROR System internal error", False, e)
normal_after("code")

print(json.dumps({"failed": failed, "steps": steps}, indent=2))
sys.exit(0 if not failed else 1)
