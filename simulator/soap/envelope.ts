/**
 * SOAP 1.1 envelopes: lenient parsing of what real clients send, and rendering of
 * responses and faults in the platform's namespaces and element order.
 *
 * Parsing is deliberately forgiving, as real clients are noisy: any namespace
 * prefix (or none), `xsi:nil` on optional elements, empty elements, unknown
 * elements. A nil or empty element reads as absent. The reader (xml-reader.ts)
 * refuses a DOCTYPE where it starts and never expands entities (only the five
 * predefined XML entities and character references are decoded).
 */
import { namespaceOf, readXml, XmlError, type XmlElement, type XmlRecord, type XmlValue } from './xml-reader.js';
import { IMPL_NS, IMPL_TYPES, implTypeName, OBJ_NS, OBJ_TYPES, OPERATIONS, objTypeName, type FieldDef } from './schema.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** A parsed element: text, an object of children (repeated children as arrays), as xml-reader.ts reads it. */
export type XNode = XmlValue;
export type XObj = XmlRecord;

export type FaultCode = 'Client' | 'Server' | 'VersionMismatch';

/** A request the simulator answers with a SOAP Fault (HTTP 500, as SOAP 1.1 requires). */
export class SoapFault extends Error {
  constructor(
    readonly faultCode: FaultCode,
    message: string,
  ) {
    super(message);
    this.name = 'SoapFault';
  }
}

export interface ParsedRequest {
  /** Operation name, e.g. `doWebPayment` (from the Body root `doWebPaymentRequest`). */
  operation: string;
  /** The Body root's children, nil and empty elements removed. */
  body: XObj;
}

/**
 * Parses a SOAP 1.1 request envelope. Throws SoapFault on anything that is not
 * a well-formed SOAP 1.1 envelope with one element in its Body.
 */
export function parseRequest(xml: string): ParsedRequest {
  // the reader refuses a DOCTYPE (and so any entity declaration) where it starts
  let root: XmlElement;
  try {
    root = readXml(xml);
  } catch (e) {
    if (e instanceof XmlError) throw new SoapFault('Client', `Malformed XML: ${e.message}`);
    throw e;
  }
  if (root.local !== 'Envelope') {
    throw new SoapFault('Client', 'The message is not a SOAP envelope: the root element must be soapenv:Envelope');
  }
  const ns = namespaceOf(root.prefix, [root]);
  if (ns === SOAP12_NS) {
    throw new SoapFault('VersionMismatch', `SOAP 1.2 envelopes are not supported: use SOAP 1.1 (${SOAP11_NS})`);
  }
  if (ns !== SOAP11_NS) {
    throw new SoapFault('VersionMismatch', `The Envelope must be in the SOAP 1.1 namespace ${SOAP11_NS}, got ${ns === undefined ? 'no namespace' : ns}`);
  }
  const bodies = root.children.filter((c) => c.local === 'Body');
  if (bodies.length !== 1) throw new SoapFault('Client', bodies.length === 0 ? 'The SOAP envelope has no Body' : 'The SOAP envelope has more than one Body');
  const items = bodies[0]!.children;
  if (items.length !== 1) {
    throw new SoapFault('Client', `The SOAP Body must hold exactly one request element, found ${items.length === 0 ? 'none' : items.map((c) => c.local).join(', ')}`);
  }
  const request = items[0]!;
  const operation = request.local.endsWith('Request') ? request.local.slice(0, -'Request'.length) : request.local;
  // the reader gives the request element as the simulator reads it: nil and empty
  // elements absent, text trimmed, repeated elements as arrays
  const content = request.value;
  const body: XObj = content !== undefined && typeof content === 'object' && !Array.isArray(content) ? content : {};
  return { operation, body };
}

// ---------------------------------------------------------------------------
// Reading values out of a parsed request

const splitPaths = new Map<string, string[]>();

/** The first value at a dotted path (`payment.amount`); arrays are entered at their first item. */
export function pick(obj: XNode | undefined, path: string): XNode | undefined {
  // one name (the common case): no split path to look up
  if (!path.includes('.')) return first(member(obj, path));
  let parts = splitPaths.get(path);
  if (!parts) {
    parts = path.split('.');
    // paths come from the code and from scenario files: a bounded set
    if (splitPaths.size < 10_000) splitPaths.set(path, parts);
  }
  return pickParts(obj, parts);
}

/** pick with the path already split. */
function pickParts(obj: XNode | undefined, parts: readonly string[]): XNode | undefined {
  let cur: XNode | undefined = obj;
  for (let k = 0; k < parts.length && cur !== undefined; k++) cur = member(cur, parts[k]!);
  return first(cur);
}

/** The child `name` of a node (an array is entered at its first item; text has no children). */
function member(node: XNode | undefined, name: string): XNode | undefined {
  if (Array.isArray(node)) node = node[0];
  return node === undefined || typeof node === 'string' ? undefined : (node as XObj)[name];
}

function first(node: XNode | undefined): XNode | undefined {
  return Array.isArray(node) ? node[0] : node;
}

/** text with the path already split (for paths read again and again). */
export function textAtParts(obj: XNode | undefined, parts: readonly string[]): string | undefined {
  const v = pickParts(obj, parts);
  return typeof v === 'string' ? v : undefined;
}

/** Text at a dotted path, or undefined when absent or not text. */
export function text(obj: XNode | undefined, path: string): string | undefined {
  const v = pick(obj, path);
  return typeof v === 'string' ? v : undefined;
}

/** An object at a dotted path, or undefined. */
export function child(obj: XNode | undefined, path: string): XObj | undefined {
  const v = pick(obj, path);
  return v !== undefined && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

/** Always an array: absent gives [], one gives [it]. */
export function list(node: XNode | undefined): XNode[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}

/** privateDataList as key/value pairs. */
export function privateData(body: XObj): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const item of list(child(body, 'privateDataList')?.['privateData'])) {
    const key = text(item, 'key');
    if (key !== undefined) out.push({ key, value: text(item, 'value') ?? '' });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Rendering

const XML_SPECIAL = /[&<>"']/;

export function escapeXml(s: string): string {
  if (!XML_SPECIAL.test(s)) return s;
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&apos;'));
}

/**
 * A value to render: text, null (rendered `xsi:nil="true"`), an object of fields
 * (rendered in the schema's order, unknown keys ignored) or an array (repeated
 * element). `undefined` fields are omitted, as the platform does.
 */
export type OutValue = string | null | undefined | OutObj | OutValue[];
export interface OutObj {
  [name: string]: OutValue;
}

/**
 * The value a required element takes when the simulator has none, so that every
 * response is valid against the WSDL (strict clients such as zeep's default mode
 * refuse a missing required element): nil where the schema allows it, else an
 * empty complex element (filled the same way), `false`, `0` or an empty string.
 */
function placeholder(f: FieldDef, complex: boolean): OutValue {
  if (f.nillable) return null;
  if (complex) return {};
  if (f.type === 'xsd:boolean') return 'false';
  if (f.type === 'xsd:int' || f.type === 'xsd:integer' || f.type === 'xsd:long') return '0';
  return '';
}

/** What rendering needs to know of a field, worked out once per field and prefix. */
interface FieldPlan {
  name: string;
  open: string;
  close: string;
  empty: string;
  nil: string;
  required: boolean;
  /** Children of a complex type, and the prefix they take. */
  fields?: readonly FieldDef[];
  childPrefix: 'impl' | 'obj';
  placeholder: OutValue;
  /** The plans of `fields`, worked out on first use. */
  children?: readonly FieldPlan[];
  /** The renderer of `children`, compiled on first use. */
  render?: FieldsRenderer;
}

const plans = { impl: new WeakMap<FieldDef, FieldPlan>(), obj: new WeakMap<FieldDef, FieldPlan>() };

function plan(f: FieldDef, prefix: 'impl' | 'obj'): FieldPlan {
  let p = plans[prefix].get(f);
  if (!p) {
    // complex types live in the obj schema, except one inline type of the impl schema
    // (getMerchantSettingsResponse/listPointOfSell) whose children are impl-qualified
    const objName = objTypeName(f.type);
    const implName = objName ? undefined : implTypeName(f.type);
    const fields = objName ? OBJ_TYPES[objName] : implName ? IMPL_TYPES[implName] : undefined;
    const tag = `${prefix}:${f.name}`;
    p = {
      name: f.name,
      open: `<${tag}>`,
      close: `</${tag}>`,
      empty: `<${tag}/>`,
      nil: `<${tag} xsi:nil="true"/>`,
      required: f.minOccurs !== 0,
      ...(fields && { fields }),
      childPrefix: implName ? 'impl' : 'obj',
      placeholder: placeholder(f, fields !== undefined),
    };
    plans[prefix].set(f, p);
  }
  return p;
}

/** The plans of a complex field's children (worked out once). */
function childPlans(p: FieldPlan & { fields: readonly FieldDef[] }): readonly FieldPlan[] {
  return (p.children ??= p.fields.map((f) => plan(f, p.childPrefix)));
}

/** Renders the children of a complex value, in the schema's order. */
type FieldsRenderer = (value: OutObj | XObj) => string;

/**
 * The renderer of a list of fields, generated once per list: one property read per
 * field, with the field's name written in the code, so that each read has its own
 * inline cache (one loop reading value[name] for the fields of every type was
 * megamorphic, and cost as much as all the rest of rendering). The names and
 * tags come from the schema, written as JSON string literals.
 * The answer is built by concatenation: V8 joins the pieces once, when it is written.
 */
function compileFields(plans: readonly FieldPlan[]): FieldsRenderer {
  let body = "let out = '';\nlet x;\n";
  plans.forEach((p, k) => {
    body += `x = v[${JSON.stringify(p.name)}];\n`;
    body += p.required ? `if (x === undefined) x = P[${k}].placeholder;\n` : 'if (x !== undefined) ';
    body += p.fields
      ? `out += E(P[${k}], x);\n`
      : `out += typeof x === 'string' ? ${JSON.stringify(p.open)} + X(x) + ${JSON.stringify(p.close)} : E(P[${k}], x);\n`;
  });
  body += 'return out;';
  const make = new Function('P', 'E', 'X', `return function renderFields(v) {\n${body}\n};`) as (p: readonly FieldPlan[], e: typeof renderElement, x: typeof escapeXml) => FieldsRenderer;
  return make(plans, renderElement, escapeXml);
}

/** The element(s) for a value; '' when there is nothing to render. */
function renderElement(p: FieldPlan, v: OutValue): string {
  if (v === undefined) return '';
  if (v === null) return p.nil;
  if (typeof v === 'string') {
    // text for a complex type cannot be rendered meaningfully: skip it
    if (p.fields?.length) return '';
    return p.open + escapeXml(v) + p.close;
  }
  if (Array.isArray(v)) {
    let out = '';
    for (const item of v) out += renderElement(p, item);
    return out;
  }
  if (!p.fields) return '';
  const render = (p.render ??= compileFields(childPlans(p as FieldPlan & { fields: readonly FieldDef[] })));
  const inner = render(v);
  return inner === '' ? p.empty : p.open + inner + p.close;
}

/** The renderer of each operation's response children. */
const responseRenderers = new Map<string, FieldsRenderer>();

const ENVELOPE_OPEN = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11_NS}"><soapenv:Body>`;
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

/** Renders `impl:<op>Response` with its children in the WSDL's sequence order. */
export function renderResponse(operation: string, value: OutObj): string {
  const op = Object.hasOwn(OPERATIONS, operation) ? OPERATIONS[operation] : undefined;
  if (!op) throw new Error(`no schema for operation ${operation}`);
  let render = responseRenderers.get(operation);
  if (!render) {
    render = compileFields(op.response.map((f) => plan(f, 'impl')));
    responseRenderers.set(operation, render);
  }
  const root = `impl:${operation}Response`;
  return `${ENVELOPE_OPEN}<${root} xmlns:impl="${IMPL_NS}" xmlns:obj="${OBJ_NS}" xmlns:xsi="${XSI_NS}">${render(value)}</${root}>${ENVELOPE_CLOSE}`;
}

/** A SOAP 1.1 Fault envelope. */
export function renderFault(code: FaultCode, message: string): string {
  return `${ENVELOPE_OPEN}<soapenv:Fault><faultcode>soapenv:${code}</faultcode><faultstring>${escapeXml(message)}</faultstring></soapenv:Fault>${ENVELOPE_CLOSE}`;
}

