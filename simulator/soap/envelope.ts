/**
 * SOAP 1.1 envelopes: lenient parsing of what real clients send, and rendering of
 * responses and faults in the platform's namespaces and element order.
 *
 * Parsing is deliberately forgiving, as real clients are noisy: any namespace
 * prefix (or none), `xsi:nil` on optional elements, empty elements, unknown
 * elements. A nil or empty element reads as absent. DOCTYPE declarations are
 * refused before parsing and entities are never expanded (only the five
 * predefined XML entities and character references are decoded).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { IMPL_NS, IMPL_TYPES, implTypeName, OBJ_NS, OBJ_TYPES, OPERATIONS, objTypeName, type FieldDef } from './schema.js';

export const SOAP11_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** A parsed element: text, an object of children (repeated children as arrays). */
export type XNode = string | XObj | XNode[];
export interface XObj {
  [name: string]: XNode;
}

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

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  trimValues: true,
  maxNestedTags: 64,
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the five predefined entities and character references; nothing else. */
export function decodeText(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return isXmlChar(cp) ? String.fromCodePoint(cp) : whole;
    }
    return PREDEFINED[ref] ?? whole;
  });
}

/** The characters XML 1.0 allows (Char production): a reference to any other is left as written. */
function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/**
 * The namespace of the root element, read from its own start tag: the SOAP
 * version is decided by the Envelope's namespace, not by text found elsewhere.
 */
export function rootNamespace(xml: string): { local: string; ns: string | undefined } | undefined {
  // skip the XML declaration, processing instructions, comments and white space
  const m = /^(?:\uFEFF)?(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(xml);
  if (!m) return undefined;
  const prefix = m[1] ? m[1].slice(0, -1) : undefined;
  const attrs = m[3] ?? '';
  const decl = prefix === undefined ? /\sxmlns\s*=\s*(["'])(.*?)\1/.exec(attrs) : new RegExp(`\\sxmlns:${prefix.replace(/[.-]/g, '\\$&')}\\s*=\\s*(["'])(.*?)\\1`).exec(attrs);
  return { local: m[2]!, ns: decl?.[2] };
}

function isNil(attrs: Record<string, unknown>): boolean {
  const v = attrs['@nil'];
  return v === 'true' || v === '1';
}

/** Normalizes fast-xml-parser output: drops attributes, nil and empty elements; decodes text. */
function normalize(node: unknown): XNode | undefined {
  if (node === null || node === undefined) return undefined;
  if (typeof node === 'string') {
    return node === '' ? undefined : decodeText(node);
  }
  if (Array.isArray(node)) {
    const items = node.map(normalize).filter((x): x is XNode => x !== undefined);
    return items.length === 0 ? undefined : items.length === 1 ? items[0] : items;
  }
  if (typeof node === 'object') {
    const obj = node as Record<string, unknown>;
    if (isNil(obj)) return undefined;
    const out: XObj = {};
    let any = false;
    for (const key of Object.keys(obj)) {
      if (key[0] === '@') continue;
      if (key === '#text') continue;
      const v = normalize(obj[key]);
      if (v !== undefined) {
        out[key] = v;
        any = true;
      }
    }
    if (any) return out;
    const text = obj['#text'];
    return typeof text === 'string' && text !== '' ? decodeText(text) : undefined;
  }
  return String(node);
}

/**
 * Parses a SOAP 1.1 request envelope. Throws SoapFault on anything that is not
 * a well-formed SOAP 1.1 envelope with one element in its Body.
 */
export function parseRequest(xml: string): ParsedRequest {
  if (/<!DOCTYPE/i.test(xml) || /<!ENTITY/i.test(xml)) {
    throw new SoapFault('Client', 'DOCTYPE and entity declarations are not allowed in a SOAP message');
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const e = valid.err;
    const where = e.line !== undefined ? ` at line ${e.line}${e.col !== undefined ? `, column ${e.col}` : ''}` : '';
    throw new SoapFault('Client', `Malformed XML${where}: ${e.msg}`);
  }
  const root = rootNamespace(xml);
  if (!root || root.local !== 'Envelope') {
    throw new SoapFault('Client', 'The message is not a SOAP envelope: the root element must be soapenv:Envelope');
  }
  if (root.ns === SOAP12_NS) {
    throw new SoapFault('VersionMismatch', `SOAP 1.2 envelopes are not supported: use SOAP 1.1 (${SOAP11_NS})`);
  }
  if (root.ns !== SOAP11_NS) {
    throw new SoapFault('VersionMismatch', `The Envelope must be in the SOAP 1.1 namespace ${SOAP11_NS}, got ${root.ns === undefined ? 'no namespace' : root.ns}`);
  }
  let doc: Record<string, unknown>;
  try {
    doc = parser.parse(xml) as Record<string, unknown>;
  } catch (err) {
    throw new SoapFault('Client', `Malformed XML: ${(err as Error).message}`);
  }
  const envelope = doc['Envelope'];
  if (envelope === undefined || Array.isArray(envelope)) {
    throw new SoapFault('Client', 'The message is not a SOAP envelope: the root element must be soapenv:Envelope');
  }
  const body = envelope && typeof envelope === 'object' ? (envelope as Record<string, unknown>)['Body'] : undefined;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new SoapFault('Client', 'The SOAP envelope has no Body');
  }
  const names = Object.keys(body).filter((k) => k[0] !== '@' && k !== '#text');
  if (names.length !== 1 || Array.isArray((body as Record<string, unknown>)[names[0]!])) {
    throw new SoapFault('Client', `The SOAP Body must hold exactly one request element, found ${names.length === 0 ? 'none' : names.join(', ')}`);
  }
  const request = names[0]!;
  const operation = request.endsWith('Request') ? request.slice(0, -'Request'.length) : request;
  const content = normalize((body as Record<string, unknown>)[request]);
  const parsed: XObj = content !== undefined && typeof content === 'object' && !Array.isArray(content) ? content : {};
  return { operation, body: parsed };
}

// ---------------------------------------------------------------------------
// Reading values out of a parsed request

/** The first value at a dotted path (`payment.amount`); arrays are entered at their first item. */
export function pick(obj: XNode | undefined, path: string): XNode | undefined {
  let cur: XNode | undefined = obj;
  for (const part of path.split('.')) {
    if (Array.isArray(cur)) cur = cur[0];
    if (cur === undefined || typeof cur === 'string') return undefined;
    cur = (cur as XObj)[part];
  }
  return Array.isArray(cur) ? cur[0] : cur;
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

export function escapeXml(s: string): string {
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
function placeholder(f: FieldDef): OutValue {
  if (f.nillable) return null;
  if (objTypeName(f.type) || implTypeName(f.type)) return {};
  if (f.type === 'xsd:boolean') return 'false';
  if (f.type === 'xsd:int' || f.type === 'xsd:integer' || f.type === 'xsd:long') return '0';
  return '';
}

function renderFields(fields: readonly FieldDef[], value: OutObj | XObj, prefix: 'impl' | 'obj', out: string[]): void {
  for (const f of fields) {
    let v = (value as Record<string, OutValue | XNode>)[f.name];
    if (v === undefined) {
      if (f.minOccurs === 0) continue;
      v = placeholder(f);
    }
    const items = Array.isArray(v) ? v : [v];
    for (const item of items) renderElement(f, item as OutValue, prefix, out);
  }
}

function renderElement(f: FieldDef, v: OutValue, prefix: 'impl' | 'obj', out: string[]): void {
  const tag = `${prefix}:${f.name}`;
  if (v === undefined) return;
  if (v === null) {
    out.push(`<${tag} xsi:nil="true"/>`);
    return;
  }
  // complex types live in the obj schema, except one inline type of the impl schema
  // (getMerchantSettingsResponse/listPointOfSell) whose children are impl-qualified
  const objName = objTypeName(f.type);
  const implName = objName ? undefined : implTypeName(f.type);
  const fields = objName ? OBJ_TYPES[objName] : implName ? IMPL_TYPES[implName] : undefined;
  if (typeof v === 'string') {
    // text for a complex type cannot be rendered meaningfully: skip it
    if (fields?.length) return;
    out.push(`<${tag}>${escapeXml(v)}</${tag}>`);
    return;
  }
  if (Array.isArray(v)) {
    for (const item of v) renderElement(f, item, prefix, out);
    return;
  }
  if (!fields) return;
  const inner: string[] = [];
  renderFields(fields, v, implName ? 'impl' : 'obj', inner);
  out.push(inner.length === 0 ? `<${tag}/>` : `<${tag}>${inner.join('')}</${tag}>`);
}

const ENVELOPE_OPEN = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP11_NS}"><soapenv:Body>`;
const ENVELOPE_CLOSE = '</soapenv:Body></soapenv:Envelope>';

/** Renders `impl:<op>Response` with its children in the WSDL's sequence order. */
export function renderResponse(operation: string, value: OutObj): string {
  const op = OPERATIONS[operation];
  if (!op) throw new Error(`no schema for operation ${operation}`);
  const out: string[] = [];
  renderFields(op.response, value, 'impl', out);
  const root = `impl:${operation}Response`;
  return `${ENVELOPE_OPEN}<${root} xmlns:impl="${IMPL_NS}" xmlns:obj="${OBJ_NS}" xmlns:xsi="${XSI_NS}">${out.join('')}</${root}>${ENVELOPE_CLOSE}`;
}

/** A SOAP 1.1 Fault envelope. */
export function renderFault(code: FaultCode, message: string): string {
  return `${ENVELOPE_OPEN}<soapenv:Fault><faultcode>soapenv:${code}</faultcode><faultstring>${escapeXml(message)}</faultstring></soapenv:Fault>${ENVELOPE_CLOSE}`;
}
