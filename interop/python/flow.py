#!/usr/bin/env python3
"""Interop check: Python's zeep against the simulator, used the way a shop uses
it: a zeep Client built from a WSDL, a `requests` session with
HTTPBasicAuth(merchantId, accessKey), plain dicts for the request objects.

Usage: python3 flow.py <simulatorUrl> <wsdlDir|served>
  <wsdlDir>  loads <wsdlDir>/<API>.wsdl (Monext's official WSDL) and binds the
             service to <simulatorUrl>/V4/services/<API> with
             client.create_service(binding, address);
  served     loads <simulatorUrl>/V4/services/<API>?wsdl and uses client.service.

Environment:
  ZEEP_STRICT=1  build the clients with zeep's default Settings(strict=True).
                 The default here is Settings(strict=False): Monext's own
                 recorded getWebPaymentDetails and getTransactionDetails
                 responses skip required elements, which zeep's strict parser
                 rejects ("Unexpected element ..."), so a shop talking to the
                 real platform with zeep has to turn strict mode off.
                 Either way the report's `diagnostics` section says, for each
                 response received, whether zeep's strict mode accepts it and
                 whether it is valid against the WSDL's XML Schema
                 (informational unless ZEEP_STRICT=1).

Prints one JSON object (each step's outcome) on stdout; exits 0 only when every
check passed, 1 otherwise (the failing checks are listed in `failed`).
"""
import json
import os
import sys
import tempfile
import traceback
from datetime import datetime

try:
    import requests
    from lxml import etree
    from requests.auth import HTTPBasicAuth
    import zeep
    from zeep import Client, Settings
    from zeep.exceptions import Error as ZeepError, TransportError
    from zeep.helpers import serialize_object
    from zeep.plugins import Plugin
    from zeep.transports import Transport
except ImportError as e:  # reported to the caller
    sys.stderr.write(f"flow.py: {e} (apt-get install python3-zeep)\n")
    sys.exit(2)

MERCHANT_ID = "12345678901234"
ACCESS_KEY = "DEMOACCESSKEY"
CONTRACT = "BANCONTACT"
IMPL_NS = "http://impl.ws.payline.experian.com"
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/"
VERSION = "34"
TIMEOUT = 10

if len(sys.argv) < 3:
    sys.stderr.write("usage: python3 flow.py <simulatorUrl> <wsdlDir|served>\n")
    sys.exit(2)

BASE = sys.argv[1].rstrip("/")
WSDL = sys.argv[2]
STRICT = os.environ.get("ZEEP_STRICT", "0") == "1"
if WSDL != "served" and not os.path.isfile(os.path.join(WSDL, "WebPaymentAPI.wsdl")):
    sys.stderr.write(f"flow.py: no WebPaymentAPI.wsdl in {WSDL}\n")
    sys.exit(2)

steps = {}
failed = []
# (step, api, operation, response envelope) of every SOAP response received
received = []


def jsonable(v):
    try:
        v = serialize_object(v)
    except Exception:  # noqa: BLE001
        pass
    return json.loads(json.dumps(v, default=str))


def check(step, what, ok, got=None):
    entry = steps.setdefault(step, {}).setdefault("checks", {})
    entry[what] = "ok" if ok else {"failed": True, "got": jsonable(got)}
    if not ok:
        failed.append(f"{step}: {what}" + ("" if got is None else f" (got {json.dumps(jsonable(got), default=str)[:600]})"))
    return ok


def note(step, key, value):
    steps.setdefault(step, {})[key] = jsonable(value)


def items(v):
    """Always a list (zeep gives a maxOccurs>1 element as a list; be lenient anyway)."""
    if v is None:
        return []
    return list(v) if isinstance(v, (list, tuple)) else [v]


def get(obj, *path):
    for name in path:
        if obj is None:
            return None
        try:
            obj = obj[name]
        except (KeyError, TypeError, IndexError, AttributeError):
            obj = getattr(obj, name, None)
    return obj


def wsdl_location(api):
    if WSDL == "served":
        return f"{BASE}/V4/services/{api}?wsdl"
    return os.path.join(WSDL, f"{api}.wsdl")


class Recorder(Plugin):
    """Keeps the last envelope sent and received (zeep's HistoryPlugin, without its IndexError on transport errors)."""

    def __init__(self):
        self.sent = None
        self.received = None

    def egress(self, envelope, http_headers, operation, binding_options):
        self.sent, self.received = envelope, None
        return envelope, http_headers

    def ingress(self, envelope, http_headers, operation):
        self.received = envelope
        return envelope, http_headers


class Api:
    """One zeep service for one API, built as a shop builds it."""

    def __init__(self, api, password=ACCESS_KEY):
        self.api = api
        session = requests.Session()
        session.auth = HTTPBasicAuth(MERCHANT_ID, password)
        session.headers["version"] = f"interop - zeep {zeep.__version__}"
        self.recorder = Recorder()
        transport = Transport(session=session, timeout=TIMEOUT, operation_timeout=TIMEOUT)
        self.client = Client(wsdl_location(api), transport=transport, settings=Settings(strict=STRICT), plugins=[self.recorder])
        if WSDL == "served":
            self.service = self.client.service
        else:
            self.service = self.client.create_service(f"{{{IMPL_NS}}}{api}SoapBinding", f"{BASE}/V4/services/{api}")

    @staticmethod
    def xml(envelope):
        return None if envelope is None else etree.tostring(envelope, encoding="unicode")[:4000]

    def call(self, step, operation, **request):
        try:
            response = getattr(self.service, operation)(**request)
        except Exception as e:  # noqa: BLE001
            note(step, "error", f"{type(e).__name__}: {e}")
            note(step, "lastRequest", self.xml(self.recorder.sent))
            note(step, "lastResponse", self.xml(self.recorder.received))
            if not isinstance(e, (ZeepError, requests.RequestException)):
                note(step, "traceback", traceback.format_exc()[-2000:])
            check(step, "the call succeeded", False, f"{type(e).__name__}: {e}")
            if self.recorder.received is not None:
                received.append((step, self.api, operation, self.recorder.received))
            return None
        received.append((step, self.api, operation, self.recorder.received))
        note(step, "code", get(response, "result", "code"))
        return response


def payment(amount, action):
    return {"amount": amount, "currency": "978", "action": action, "mode": "CPT", "contractNumber": CONTRACT}


def web_payment_request(email):
    return {
        "version": VERSION,
        "payment": payment("1000", "101"),
        "returnURL": f"{BASE}/interop-shop/return?url_type=return",
        "cancelURL": f"{BASE}/interop-shop/cancel?url_type=cancel",
        "order": {
            "ref": "0042",
            "country": "BE",
            "amount": "1000",
            "currency": "978",
            "date": datetime.now().strftime("%d/%m/%Y %H:%M"),
        },
        "selectedContractList": {"selectedContract": [CONTRACT]},
        "privateDataList": {"privateData": [{"key": "OrderSaleChannel", "value": "DESKTOP"}]},
        "languageCode": "fr",
        "buyer": {"lastName": "Dupont", "firstName": "Jean", "email": email},
    }


def refund_request(transaction_id, amount):
    return {
        "version": VERSION,
        "transactionID": transaction_id,
        "payment": payment(amount, "421"),
        "comment": "interop refund",
    }


def flow():
    try:
        web = Api("WebPaymentAPI")
        direct = Api("DirectPaymentAPI")
        extended = Api("ExtendedAPI")
    except Exception as e:  # noqa: BLE001
        check("clients", "zeep Client built from the WSDL", False, f"{type(e).__name__}: {e}")
        return

    # 1. doWebPayment, as a shop does at checkout
    token = None
    r = web.call("doWebPayment", "doWebPayment", **web_payment_request("jean.dupont@example.com"))
    if r is not None:
        check("doWebPayment", "result.code 00000", get(r, "result", "code") == "00000", get(r, "result"))
        token = get(r, "token") or None
        check("doWebPayment", "token present", token is not None, get(r, "token"))
        check("doWebPayment", "redirectURL carries the token", token is not None and token in (get(r, "redirectURL") or ""), get(r, "redirectURL"))
        note("doWebPayment", "token", token)
        note("doWebPayment", "redirectURL", get(r, "redirectURL"))

    # 2. the buyer pays on the hosted page (the simulator's admin API stands in for the browser)
    if token is not None:
        resp = requests.post(f"{BASE}/_simulator/sessions/{requests.utils.quote(token, safe='')}/outcome", json={"code": "00000"}, timeout=TIMEOUT)
        note("outcome", "httpStatus", resp.status_code)
        body = resp.json() if resp.headers.get("content-type", "").startswith("application/json") else resp.text
        check("outcome", "HTTP 200", resp.status_code == 200, body)
        check("outcome", "result 00000", get(body, "result", "code") == "00000", body)
    else:
        check("outcome", "a token to finish", False)

    # 3. getWebPaymentDetails: what the shop reads on return
    transaction_id = None
    if token is not None:
        r = web.call("getWebPaymentDetails", "getWebPaymentDetails", version=VERSION, token=token)
        if r is not None:
            check("getWebPaymentDetails", "result.code 00000", get(r, "result", "code") == "00000", get(r, "result"))
            transaction_id = get(r, "transaction", "id")
            check("getWebPaymentDetails", "transaction.id present", isinstance(transaction_id, str) and transaction_id != "", transaction_id)
            ref = get(r, "order", "ref")
            check("getWebPaymentDetails", 'order.ref is the string "0042"', isinstance(ref, str) and ref == "0042", ref)
            check("getWebPaymentDetails", "payment.amount 1000", get(r, "payment", "amount") == "1000", get(r, "payment", "amount"))
            pd = items(get(r, "privateDataList", "privateData"))
            check("getWebPaymentDetails", "privateDataList echoed", len(pd) == 1 and get(pd[0], "key") == "OrderSaleChannel", pd)
            note("getWebPaymentDetails", "transactionId", transaction_id)

    # 4. refunds: a partial one, then one exceeding what is left
    refund_id = None
    if isinstance(transaction_id, str) and transaction_id:
        r = direct.call("doRefund.partial", "doRefund", **refund_request(transaction_id, "400"))
        if r is not None:
            check("doRefund.partial", "result.code 00000", get(r, "result", "code") == "00000", get(r, "result"))
            refund_id = get(r, "transaction", "id")
            check("doRefund.partial", "transaction.id present", isinstance(refund_id, str) and refund_id != "", refund_id)
            note("doRefund.partial", "transactionId", refund_id)
        r = direct.call("doRefund.exceeding", "doRefund", **refund_request(transaction_id, "700"))
        if r is not None:
            code = get(r, "result", "code")
            check("doRefund.exceeding", "refused (result.code not 00000)", isinstance(code, str) and code != "00000", get(r, "result"))
            note("doRefund.exceeding", "longMessage", get(r, "result", "longMessage"))

        # 5. getTransactionDetails lists the refunds
        r = extended.call("getTransactionDetails", "getTransactionDetails", version=VERSION, transactionId=transaction_id)
        if r is not None:
            check("getTransactionDetails", "result.code 00000", get(r, "result", "code") == "00000", get(r, "result"))
            check("getTransactionDetails", 'order.ref "0042"', get(r, "order", "ref") == "0042", get(r, "order", "ref"))
            assoc = items(get(r, "associatedTransactionsList", "associatedTransactions"))
            ids = [get(a, "transactionId") for a in assoc]
            note("getTransactionDetails", "associatedTransactions", [[get(a, k) for k in ("transactionId", "type", "amount", "status")] for a in assoc])
            check("getTransactionDetails", "the partial refund is listed", refund_id is not None and refund_id in ids, ids)
            refunds = [a for a in assoc if get(a, "originTransactionId") == transaction_id and get(a, "transactionId") != transaction_id]
            check("getTransactionDetails", "two refund attempts listed", len(refunds) == 2, len(refunds))
    else:
        check("doRefund.partial", "a transaction id to refund", False)

    # 6. getMerchantSettings: the shop's contract import
    r = direct.call("getMerchantSettings", "getMerchantSettings", version=VERSION)
    if r is not None:
        check("getMerchantSettings", "result.code 00000", get(r, "result", "code") == "00000", get(r, "result"))
        contracts = []
        for pos in items(get(r, "listPointOfSell", "pointOfSell")):
            for c in items(get(pos, "contracts", "contract")):
                contracts.append({"contractNumber": get(c, "contractNumber"), "cardType": get(c, "cardType"), "pointOfSell": get(pos, "label")})
        note("getMerchantSettings", "contracts", contracts)
        found = [c for c in contracts if c["contractNumber"] == CONTRACT and c["cardType"] == "BANCONTACT_MNXT"]
        check("getMerchantSettings", "contract BANCONTACT with cardType BANCONTACT_MNXT", len(found) == 1, contracts)

    # 7. getEncryptionKey: WooCommerce's credentials test
    r = direct.call("getEncryptionKey", "getEncryptionKey", version=VERSION)
    if r is not None:
        check("getEncryptionKey", "result.code 00000", get(r, "result", "code") == "00000", get(r, "result"))
        modulus = get(r, "key", "modulus")
        check("getEncryptionKey", "key.modulus present", isinstance(modulus, str) and modulus != "", get(r, "key"))

    # 8. a wrong access key: HTTP 401, which zeep raises as TransportError(status_code=401)
    try:
        bad = Api("WebPaymentAPI", password="WRONGKEY")
        try:
            r = bad.service.getWebPaymentDetails(version=VERSION, token=token or "x")
            check("wrongPassword", "an error is raised", False, r)
        except TransportError as e:
            note("wrongPassword", "error", f"{type(e).__name__}: {e}")
            check("wrongPassword", "an error is raised", True)
            check("wrongPassword", "it says HTTP 401", e.status_code == 401, e.status_code)
        except requests.HTTPError as e:
            note("wrongPassword", "error", f"{type(e).__name__}: {e}")
            check("wrongPassword", "an error is raised", True)
            check("wrongPassword", "it says HTTP 401", e.response is not None and e.response.status_code == 401, str(e))
    except Exception as e:  # noqa: BLE001
        note("wrongPassword", "traceback", traceback.format_exc()[-1500:])
        check("wrongPassword", "the 401 surfaces as zeep TransportError or requests HTTPError", False, f"{type(e).__name__}: {e}")

    # 9. doWebPayment without buyer.email: a result code naming the field
    r = web.call("doWebPayment.missingEmail", "doWebPayment", **web_payment_request(None))
    if r is not None:
        code = get(r, "result", "code")
        long_message = get(r, "result", "longMessage") or ""
        note("doWebPayment.missingEmail", "longMessage", long_message)
        check("doWebPayment.missingEmail", "refused (result.code not 00000)", isinstance(code, str) and code != "00000", get(r, "result"))
        check("doWebPayment.missingEmail", "longMessage names buyer.email", "buyer.email" in long_message, long_message)


# ---------------------------------------------------------------------------
# Diagnostics: would zeep's strict mode accept each response, is it schema-valid


def load_schema(tmp):
    """The WSDL's two inline schemas (impl, obj), written out so that lxml can resolve the import."""
    if WSDL == "served":
        doc = etree.fromstring(requests.get(wsdl_location("WebPaymentAPI"), timeout=TIMEOUT).content)
        others = [etree.fromstring(requests.get(wsdl_location(a), timeout=TIMEOUT).content) for a in ("DirectPaymentAPI", "ExtendedAPI")]
    else:
        doc = etree.parse(wsdl_location("WebPaymentAPI")).getroot()
        others = []
    names = {}
    for i, wsdl in enumerate([doc, *others]):
        for schema in wsdl.findall(f"{{{WSDL_NS}}}types/{{{XSD_NS}}}schema"):
            tns = schema.get("targetNamespace")
            kind = "impl" if tns == IMPL_NS else "obj"
            out = etree.Element(f"{{{XSD_NS}}}schema", nsmap={**wsdl.nsmap, **schema.nsmap})
            for k, v in schema.attrib.items():
                out.set(k, v)
            if kind in names:  # served: merge each API's declarations into one schema per namespace
                out = names[kind]
            for child in schema:
                if child.tag == f"{{{XSD_NS}}}import":
                    if out.find(f"{{{XSD_NS}}}import") is not None:
                        continue
                    child.set("schemaLocation", "obj.xsd")
                    out.insert(0, child)
                    continue
                name = child.get("name")
                if name is not None and out.find(f"*[@name='{name}']") is not None:
                    continue
                out.append(child)
            names[kind] = out
    for kind, out in names.items():
        etree.ElementTree(out).write(os.path.join(tmp, f"{kind}.xsd"))
    return etree.XMLSchema(etree.parse(os.path.join(tmp, "impl.xsd")))


def diagnostics():
    out = {}
    strict_clients = {}
    with tempfile.TemporaryDirectory() as tmp:
        try:
            schema = load_schema(tmp)
        except Exception as e:  # noqa: BLE001
            schema = None
            out["schemaError"] = f"{type(e).__name__}: {e}"
        for step, api, operation, envelope in received:
            entry = {}
            try:
                if api not in strict_clients:
                    strict_clients[api] = Client(wsdl_location(api), settings=Settings(strict=True))
                binding = strict_clients[api].wsdl.bindings[f"{{{IMPL_NS}}}{api}SoapBinding"]
                binding.get(operation).process_reply(envelope)
                entry["zeepStrict"] = "accepted"
            except Exception as e:  # noqa: BLE001
                entry["zeepStrict"] = f"{type(e).__name__}: {e}"
            if schema is not None:
                body = envelope.find(f"{{{SOAP_NS}}}Body")
                root = body[0] if body is not None and len(body) else None
                if root is None:
                    entry["xsd"] = "no Body element"
                elif schema.validate(etree.ElementTree(root)):
                    entry["xsd"] = "valid"
                else:
                    entry["xsd"] = [e.message for e in schema.error_log]
            out[step] = entry
    return out


if __name__ == "__main__":
    try:
        flow()
    except Exception:  # noqa: BLE001
        check("flow", "no unexpected exception", False, traceback.format_exc()[-2000:])
    try:
        diag = diagnostics()
    except Exception:  # noqa: BLE001
        diag = {"error": traceback.format_exc()[-2000:]}
    report = {
        "client": f"python {sys.version.split()[0]} zeep {zeep.__version__} (Settings(strict={STRICT}))",
        "wsdl": "served" if WSDL == "served" else os.path.realpath(WSDL),
        "ok": not failed,
        "failed": failed,
        "steps": steps,
        "diagnostics": diag,
    }
    print(json.dumps(report, indent=2, default=str))
    sys.exit(0 if not failed else 1)
