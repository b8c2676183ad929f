/**
 * A small, strict, non-validating XML reader for SOAP messages: one pass over the
 * text, elements with their local names (prefixes dropped), the namespace
 * declarations and `nil` attribute kept, text decoded. It is much faster than a
 * general parser on the hot path and knows nothing it does not need: no DTD (a
 * DOCTYPE is an error), no entities beyond the five predefined ones and character
 * references.
 *
 * Well-formedness it checks: one root element, matching start and end tags,
 * quoted attribute values, no duplicate attribute, closed comments, CDATA and
 * processing instructions, nothing but white space, comments and processing
 * instructions outside the root, and a nesting depth limit.
 *
 * The outer levels (`keep`, 2 by default: Envelope and Body) are returned as
 * elements with their children; the elements of the next level (the Body's
 * children) with their value as the simulator reads it (see XmlElement.value),
 * read straight from the text without building a tree of what is below first.
 */

/** A read value: text, an object of children (repeated children as arrays). */
export type XmlValue = string | XmlRecord | XmlValue[];
export interface XmlRecord {
  [name: string]: XmlValue;
}

export interface XmlElement {
  /** Local name (prefix removed). */
  local: string;
  /** Prefix, or '' when none. */
  prefix: string;
  /** Namespace declarations on this element: prefix ('' for the default) → URI. */
  ns?: Record<string, string>;
  /** True when the element carries `…:nil="true"` (or `"1"`). */
  nil: boolean;
  /** Child elements, for the elements above the `keep` level only (empty at that level). */
  children: XmlElement[];
  /**
   * For the elements at the `keep` level (the Body's children): the element as the simulator
   * reads it. A nil or empty element is undefined; a leaf is its trimmed text; an
   * element with children is an object of their values (children whose value is
   * undefined left out, repeated names as arrays), or undefined when none is left.
   */
  value?: XmlValue;
}

export class XmlError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = 'XmlError';
  }
}

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The characters XML 1.0 allows (Char production). */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}

/** Decodes the five predefined entities and character references; anything else is left as written. */
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

/** Names already checked (the same few hundred come in every request). */
const validNames = new Set<string>();
const NAME = /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\-:\u00B7\u00C0-\uFFFF]*$/;

/**
 * ASCII characters by what they are in a name: 1 ends it (white space, '/', '>',
 * '=', '<', quotes), 2 may be in it (as the NAME rule says for ASCII), 0 is not allowed.
 */
const ENDS_NAME = new Uint8Array(128);
for (const c of [32, 10, 13, 9, 47, 62, 61, 60, 34, 39]) ENDS_NAME[c] = 1;
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-:') ENDS_NAME[c.charCodeAt(0)] = 2;
/** Whether the last name nameEnd scanned was all ASCII name characters (then the NAME rule needs no regex). */
let plainName = false;

/** Ends a name: white space, '/', '>', '=', '<', quotes (false for NaN, past the end). */
function endsName(c: number): boolean {
  return c < 128 && ENDS_NAME[c] === 1;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

const MAYBE_NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
/** A character XML 1.0 does not allow (controls, U+FFFE/U+FFFF, unpaired surrogates). */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Throws an XmlError at offset `at` of `xml`. */
function fail(xml: string, message: string, at: number): never {
  const n = xml.length;
  let line = 1;
  let col = 1;
  for (let k = 0; k < at && k < n; k++) {
    if (xml.charCodeAt(k) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  throw new XmlError(message, line, col);
}

/** The end of the name starting at `start` (and whether it is a plain ASCII name, in plainName). */
function nameEnd(xml: string, start: number): number {
  const n = xml.length;
  let i = start;
  let plain = true;
  for (; i < n; i++) {
    const c = xml.charCodeAt(i);
    if (c < 128) {
      const t = ENDS_NAME[c];
      if (t === 1) break;
      if (t === 0) plain = false;
    } else plain = false;
  }
  // a plain name starts with a letter or '_'
  const c0 = xml.charCodeAt(start) | 0x20;
  plainName = plain && i > start && ((c0 >= 0x61 && c0 <= 0x7a) || c0 === 0x7f /* '_' | 0x20 */);
  return i;
}

/** The name from `start` to `end` (just scanned by nameEnd), checked (fails at `end` when empty, at `start` when invalid). */
function checkedName(xml: string, start: number, end: number): string {
  const name = xml.slice(start, end);
  if (!plainName && !validNames.has(name)) {
    if (name === '') fail(xml, 'expected a name', end);
    if (!NAME.test(name)) fail(xml, `invalid name ${JSON.stringify(name.slice(0, 40))}`, start);
    if (validNames.size < 10_000) validNames.add(name);
  }
  return name;
}

/** The name at `start` (for messages: fails as a name read there would). */
function nameAt(xml: string, start: number): string {
  return checkedName(xml, start, nameEnd(xml, start));
}

function skipSpace(xml: string, i: number): number {
  const n = xml.length;
  while (i < n && isSpace(xml.charCodeAt(i))) i++;
  return i;
}

const BAD_AMP = /&(?!(?:#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);)/;
const CHAR_REF = /&#(x[0-9a-fA-F]+|[0-9]+);/g;

/** Checks that every '&' in raw text (at offset `at` of xml) starts a reference the reader knows, then decodes. */
function decoded(xml: string, raw: string, at: number): string {
  if (!raw.includes('&')) return raw;
  const bad = BAD_AMP.exec(raw);
  if (bad) {
    const ref = /^&[A-Za-z_][\w.-]*;/.exec(raw.slice(bad.index));
    fail(xml, ref ? `undefined entity ${ref[0]} (only &amp; &lt; &gt; &quot; &apos; and character references)` : "'&' must be written &amp;", at + bad.index);
  }
  for (const m of raw.matchAll(CHAR_REF)) {
    const cp = m[1]![0] === 'x' ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!, 10);
    if (!isXmlChar(cp)) fail(xml, `character reference ${m[0]} names a character XML does not allow`, at + m.index!);
  }
  return decodeText(raw);
}

/** Local names by qualified name, already checked (the same few hundred come in every request). */
const localNames = new Map<string, string>();

/** An open element while reading. */
interface Frame {
  qname: string;
  /** Where the name of its start tag is in the text. */
  qstart: number;
  local: string;
  /** The element returned, for the outer levels. */
  el: XmlElement | undefined;
  /** Whether its value is read (at the `keep` level and below). */
  valued: boolean;
  nil: boolean;
  /** Whether it has a child element (its text is then not read). */
  parent: boolean;
  text: string;
  /** Values of its children, below the outer levels. */
  obj: XmlRecord | undefined;
}

/** Adds a child's value to its parent's object: repeated names become arrays. */
function addValue(parent: Frame, local: string, v: XmlValue): void {
  const out = (parent.obj ??= {});
  const prev = out[local];
  if (prev === undefined) out[local] = v;
  else if (Array.isArray(prev) && !Array.isArray(v)) prev.push(v);
  else out[local] = [prev, v];
}

/** The value of a closed element (below the outer levels). */
function valueOf(f: Frame): XmlValue | undefined {
  if (f.nil) return undefined;
  if (!f.parent) {
    const t = f.text.trim();
    return t === '' ? undefined : t;
  }
  return f.obj;
}

export function readXml(xml: string, maxDepth = 64, keep = 2): XmlElement {
  let i = 0;
  const n = xml.length;
  const stack: Frame[] = [];
  let root: XmlElement | undefined;

  if (xml.charCodeAt(0) === 0xfeff) i = 1;
  // a quick scan for anything suspicious first (controls, surrogates, U+FFFE/F); the exact
  // rule, which lets surrogate pairs through, runs only when it finds one
  const badChar = MAYBE_NOT_XML_CHAR.test(xml) ? NOT_XML_CHAR.exec(xml) : null;
  if (badChar) fail(xml, `character U+${badChar[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, badChar.index);

  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      addText(xml, stack, xml.slice(i), i);
      i = n;
      break;
    }
    if (lt > i) {
      // text: white space between elements is the common case, and needs no slice
      let k = i;
      while (k < lt && isSpace(xml.charCodeAt(k))) k++;
      const top = stack.length > 0 ? stack[stack.length - 1]! : undefined;
      if (k < lt || (top !== undefined && top.valued && !top.parent)) {
        const raw = xml.slice(i, lt);
        if (raw.includes('>') && raw.includes(']]>')) fail(xml, "']]>' is not allowed in text", i + raw.indexOf(']]>'));
        addText(xml, stack, raw, i);
      }
    }
    i = lt;
    const next = xml.charCodeAt(i + 1);
    if (next === 47 /* / */) {
      // end tag: must repeat the name of the open element
      i += 2;
      const top = stack.pop();
      if (!top) fail(xml, `end tag </${nameAt(xml, i)}> without a start tag`, lt);
      const qname = top.qname;
      const len = qname.length;
      let same = i + len <= n;
      for (let k = 0; same && k < len; k++) same = xml.charCodeAt(i + k) === xml.charCodeAt(top.qstart + k);
      if (!same || !endsName(xml.charCodeAt(i + len))) {
        fail(xml, `end tag </${nameAt(xml, i)}> does not match <${qname}>`, lt);
      }
      i = skipSpace(xml, i + qname.length);
      if (xml.charCodeAt(i) !== 62) fail(xml, `expected '>' to close </${qname}`, i);
      i++;
      if (top.valued) {
        const v = valueOf(top);
        if (top.el) top.el.value = v;
        else if (v !== undefined) addValue(stack[stack.length - 1]!, top.local, v);
      }
      continue;
    }
    if (next === 63 /* ? */) {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) fail(xml, 'unclosed processing instruction', i);
      i = end + 2;
      continue;
    }
    if (next === 33 /* ! */) {
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i + 4);
        if (end < 0) fail(xml, 'unclosed comment', i);
        i = end + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', i)) {
        const end = xml.indexOf(']]>', i + 9);
        if (end < 0) fail(xml, 'unclosed CDATA section', i);
        if (stack.length === 0) fail(xml, 'CDATA outside the root element', i);
        const top = stack[stack.length - 1]!;
        if (top.valued && !top.parent) top.text += xml.slice(i + 9, end);
        i = end + 3;
        continue;
      }
      if (/^<!DOCTYPE/i.test(xml.slice(i, i + 9))) fail(xml, 'DOCTYPE and entity declarations are not allowed in a SOAP message', i);
      fail(xml, "'<!' must start a comment or a CDATA section", i);
    }
    // start tag
    if (root && stack.length === 0) fail(xml, 'a second root element', i);
    i++;
    const nameStart = i;
    i = nameEnd(xml, i);
    const qname = checkedName(xml, nameStart, i);
    const colon = qname.indexOf(':');
    const local = colon >= 0 ? qname.slice(colon + 1) : qname;
    if (local === '' || (colon >= 0 && local.includes(':'))) fail(xml, `invalid element name ${qname}`, lt + 1);
    const el: XmlElement | undefined = stack.length <= keep ? { local, prefix: colon >= 0 ? qname.slice(0, colon) : '', nil: false, children: [] } : undefined;
    let nil = false;
    let seen: string[] | undefined;
    let selfClosing = false;
    for (;;) {
      const before = i;
      i = skipSpace(xml, i);
      const c = xml.charCodeAt(i);
      if (c === 62 /* > */) {
        i++;
        break;
      }
      if (c === 47 /* / */ && xml.charCodeAt(i + 1) === 62) {
        i += 2;
        selfClosing = true;
        break;
      }
      if (i >= n) fail(xml, `unclosed start tag <${qname}`, lt);
      if (i === before) fail(xml, `expected white space before an attribute in <${qname}`, i);
      const attrStart = i;
      i = nameEnd(xml, i);
      const attr = checkedName(xml, attrStart, i);
      i = skipSpace(xml, i);
      if (xml.charCodeAt(i) !== 61 /* = */) fail(xml, `expected '=' after attribute ${attr}`, i);
      i = skipSpace(xml, i + 1);
      const q = xml.charCodeAt(i);
      if (q !== 34 && q !== 39) fail(xml, `the value of attribute ${attr} must be quoted`, i);
      const end = xml.indexOf(q === 34 ? '"' : "'", i + 1);
      if (end < 0) fail(xml, `unclosed value of attribute ${attr}`, i);
      const raw = xml.slice(i + 1, end);
      if (raw.includes('<')) fail(xml, `'<' in the value of attribute ${attr}`, i + 1 + raw.indexOf('<'));
      if (raw.includes('&')) decoded(xml, raw, i + 1);
      i = end + 1;
      seen ??= [];
      if (seen.includes(attr)) fail(xml, `duplicate attribute ${attr}`, i);
      seen.push(attr);
      if (attr === 'xmlns' || attr.startsWith('xmlns:')) {
        if (el) (el.ns ??= {})[attr === 'xmlns' ? '' : attr.slice(6)] = decoded(xml, raw, end - raw.length);
      } else if (attr === 'nil' || attr.endsWith(':nil')) {
        const v = decoded(xml, raw, end - raw.length).trim();
        nil = v === 'true' || v === '1';
      }
    }
    if (el) el.nil = nil;
    const parent = stack.length > 0 ? stack[stack.length - 1]! : undefined;
    if (parent) {
      if (!parent.parent) {
        parent.parent = true;
        parent.text = '';
      }
      if (parent.el && el) parent.el.children.push(el);
    } else root = el;
    if (!selfClosing) {
      stack.push({ qname, qstart: nameStart, local, el, valued: stack.length >= keep, nil, parent: false, text: '', obj: undefined });
      if (stack.length > maxDepth) fail(xml, `elements nested deeper than ${maxDepth} levels`, lt);
    }
    // a self-closing element (no text, no children) has no value
  }
  if (stack.length > 0) fail(xml, `unclosed element <${stack[stack.length - 1]!.local}>`, n);
  if (!root) fail(xml, 'no root element', 0);
  return root;
}

/**
 * Text between tags: checked for well-formedness wherever it is, kept only for an
 * element below the outer levels that has no child element (yet).
 */
function addText(xml: string, stack: Frame[], raw: string, at: number): void {
  const top = stack.length > 0 ? stack[stack.length - 1] : undefined;
  if (!top) {
    if (raw.trim() !== '') fail(xml, 'text outside the root element', at);
    return;
  }
  if (top.parent || !top.valued) {
    if (raw.includes('&')) decoded(xml, raw, at); // still checked for well-formedness
    return;
  }
  top.text = top.text === '' ? decoded(xml, raw, at) : top.text + decoded(xml, raw, at);
}

/** The namespace URI bound to `prefix` at `el`, looking up through `ancestors` (innermost last). */
export function namespaceOf(prefix: string, path: readonly XmlElement[]): string | undefined {
  for (let k = path.length - 1; k >= 0; k--) {
    const uri = path[k]!.ns?.[prefix];
    if (uri !== undefined) return uri;
  }
  return undefined;
}
