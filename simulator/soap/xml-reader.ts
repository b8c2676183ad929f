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

const NAME = /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_.\-:\u00B7\u00C0-\uFFFF]*$/;

/**
 * ASCII characters by what they are in a name: 1 ends it (white space, '/', '>',
 * '=', '<', quotes), 2 may be in it (as the NAME rule says for ASCII), 0 is not allowed.
 */
const ENDS_NAME = new Uint8Array(128);
for (const c of [32, 10, 13, 9, 47, 62, 61, 60, 34, 39]) ENDS_NAME[c] = 1;
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-:') ENDS_NAME[c.charCodeAt(0)] = 2;

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

/** Where the first character XML 1.0 does not allow is in `s`, or -1. */
export function notXmlCharAt(s: string): number {
  // a quick scan for anything suspicious first (controls, surrogates, U+FFFE/F); the exact
  // rule, which lets surrogate pairs through, runs only when it finds one
  if (!MAYBE_NOT_XML_CHAR.test(s)) return -1;
  return NOT_XML_CHAR.exec(s)?.index ?? -1;
}

/** `U+0001`: the UTF-16 unit at `at`, as messages name it. */
export function codePointName(s: string, at: number): string {
  return `U+${s.charCodeAt(at).toString(16).toUpperCase().padStart(4, '0')}`;
}

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

// ---------------------------------------------------------------------------
// Names. The same few hundred element and attribute names come in every request:
// each is checked, split and interned once, and found again by a hash worked out
// while scanning it, without cutting it out of the text.

/** What the reader needs to know of a (valid) name. */
interface NameInfo {
  qname: string;
  /** Local part (after the first colon), interned: property keys of the read values. */
  local: string;
  prefix: string;
  /** As an element name: an empty local part or a second colon. */
  badElement: boolean;
  /** As an attribute: 1 for a namespace declaration (`xmlns`, `xmlns:p`), 2 for `nil` (any prefix). */
  attr: 0 | 1 | 2;
  /** For a namespace declaration: the prefix it declares ('' for the default namespace). */
  declares: string;
}

/** The interned copy of a string (property keys are interned: lookups with it are the fastest). */
function interned(s: string): string {
  return Object.keys({ [s]: 0 })[0]!;
}

function nameInfo(qname: string): NameInfo {
  const colon = qname.indexOf(':');
  const local = colon >= 0 ? qname.slice(colon + 1) : qname;
  const isXmlns = qname === 'xmlns' || qname.startsWith('xmlns:');
  return {
    qname: interned(qname),
    local: interned(local),
    prefix: colon >= 0 ? qname.slice(0, colon) : '',
    badElement: local === '' || (colon >= 0 && local.includes(':')),
    attr: isXmlns ? 1 : qname === 'nil' || qname.endsWith(':nil') ? 2 : 0,
    declares: isXmlns ? (qname === 'xmlns' ? '' : qname.slice(6)) : '',
  };
}

/** Open-addressing table of the names met so far (bounded: past NAME_LIMIT, names are not kept). */
const NAME_SLOTS = 2048;
const NAME_LIMIT = 1536;
const nameHashes = new Int32Array(NAME_SLOTS);
const nameTable: (NameInfo | undefined)[] = new Array<NameInfo | undefined>(NAME_SLOTS).fill(undefined);
let nameCount = 0;

/** Set by scanName: the hash of the name scanned, and whether it is a plain ASCII name (valid without the regex). */
let scannedHash = 0;
let scannedPlain = false;

/** The end of the name starting at `start` (its hash and plainness in scannedHash / scannedPlain). */
function scanName(xml: string, start: number): number {
  const n = xml.length;
  let i = start;
  let plain = true;
  let h = 0;
  for (; i < n; i++) {
    const c = xml.charCodeAt(i);
    if (c < 128) {
      const t = ENDS_NAME[c];
      if (t === 1) break;
      if (t === 0) plain = false;
    } else plain = false;
    h = (Math.imul(h, 31) + c) | 0;
  }
  // a plain name starts with a letter or '_'
  const c0 = xml.charCodeAt(start) | 0x20;
  scannedPlain = plain && i > start && ((c0 >= 0x61 && c0 <= 0x7a) || c0 === 0x7f /* '_' | 0x20 */);
  scannedHash = h;
  return i;
}

/**
 * The name from `start` to `end`, just scanned by scanName, checked: fails at
 * `end` when it is empty, at `start` when it is not a valid name.
 */
function nameFrom(xml: string, start: number, end: number): NameInfo {
  const len = end - start;
  const h = scannedHash;
  let slot = h & (NAME_SLOTS - 1);
  for (;;) {
    const e = nameTable[slot];
    if (e === undefined) break;
    // (a short copy compared with ===: cheaper than startsWith at an offset)
    if (nameHashes[slot] === h && e.qname.length === len && xml.substring(start, end) === e.qname) return e;
    slot = (slot + 1) & (NAME_SLOTS - 1);
  }
  if (len === 0) fail(xml, 'expected a name', end);
  const name = xml.slice(start, end);
  if (!scannedPlain && !NAME.test(name)) fail(xml, `invalid name ${JSON.stringify(name.slice(0, 40))}`, start);
  const info = nameInfo(name);
  if (nameCount < NAME_LIMIT) {
    nameTable[slot] = info;
    nameHashes[slot] = h;
    nameCount++;
  }
  return info;
}

/** The name at `start` (for messages: fails as a name read there would). */
function nameAt(xml: string, start: number): string {
  return nameFrom(xml, start, scanName(xml, start)).qname;
}

function skipSpace(xml: string, i: number): number {
  const n = xml.length;
  while (i < n && isSpace(xml.charCodeAt(i))) i++;
  return i;
}

// ---------------------------------------------------------------------------
// References

/** The end of a reference the reader knows starting at '&' (`&amp;`, `&#38;`, `&#x26;`...), or -1. */
function referenceEnd(raw: string, amp: number): number {
  const n = raw.length;
  let k = amp + 1;
  if (raw.charCodeAt(k) === 35 /* # */) {
    k++;
    const hex = raw.charCodeAt(k) === 120; /* x */
    if (hex) k++;
    const first = k;
    for (; k < n; k++) {
      const c = raw.charCodeAt(k);
      const digit = (c >= 48 && c <= 57) || (hex && ((c >= 65 && c <= 70) || (c >= 97 && c <= 102)));
      if (!digit) break;
    }
    return k > first && raw.charCodeAt(k) === 59 /* ; */ ? k + 1 : -1;
  }
  for (const name of PREDEFINED_NAMES) if (raw.startsWith(name, k)) return k + name.length;
  return -1;
}
const PREDEFINED_NAMES = Object.keys(PREDEFINED).map((name) => `${name};`);

/** The code point of a character reference `&#…;` / `&#x…;` from `amp` to `end`. */
function charRefValue(raw: string, amp: number, end: number): number {
  return raw.charCodeAt(amp + 2) === 120 ? parseInt(raw.slice(amp + 3, end - 1), 16) : parseInt(raw.slice(amp + 2, end - 1), 10);
}

/**
 * Checks that every '&' in raw text (at offset `at` of xml) starts a reference the
 * reader knows and that character references name characters XML allows, then decodes.
 */
function decoded(xml: string, raw: string, at: number): string {
  let amp = raw.indexOf('&');
  if (amp < 0) return raw;
  // the first '&' that starts no known reference is the error, wherever it is
  let badRef = -1;
  let out = '';
  let from = 0;
  while (amp >= 0) {
    const end = referenceEnd(raw, amp);
    if (end < 0) {
      const ref = /^&[A-Za-z_][\w.-]*;/.exec(raw.slice(amp));
      fail(xml, ref ? `undefined entity ${ref[0]} (only &amp; &lt; &gt; &quot; &apos; and character references)` : "'&' must be written &amp;", at + amp);
    }
    let ch: string;
    if (raw.charCodeAt(amp + 1) === 35) {
      const cp = charRefValue(raw, amp, end);
      if (!isXmlChar(cp)) {
        if (badRef < 0) badRef = amp;
        ch = '';
      } else ch = String.fromCodePoint(cp);
    } else ch = PREDEFINED[raw.slice(amp + 1, end - 1)]!;
    out += raw.slice(from, amp) + ch;
    from = end;
    amp = raw.indexOf('&', end);
  }
  if (badRef >= 0) {
    const end = referenceEnd(raw, badRef);
    fail(xml, `character reference ${raw.slice(badRef, end)} names a character XML does not allow`, at + badRef);
  }
  return out + raw.slice(from);
}

// ---------------------------------------------------------------------------
// The open elements while reading, by depth (the reader is not re-entered: one
// set of arrays serves every call, and nothing is allocated per element).

let capacity = 0;
/** Name of the open element. */
let openName: NameInfo[] = [];
/** The element returned, for the outer levels. */
let openEl: (XmlElement | undefined)[] = [];
/** Whether it carries nil="true", and whether it has a child element (its text is then not read). */
let openNil = new Uint8Array(0);
let openParent = new Uint8Array(0);
/** Its text so far (decoded), or a range of the text not cut out yet (openTextStart ≥ 0: one plain chunk). */
let openText: string[] = [];
let openTextStart = new Int32Array(0);
let openTextEnd = new Int32Array(0);
/** Values of its children, below the outer levels. */
let openObj: (XmlRecord | undefined)[] = [];
/**
 * Names of the attributes of the start tag being read (duplicate check): compared one
 * by one while there are few (real tags have a handful), in a set past SEEN_LIST_MAX
 * (comparing each with all the others made a tag of 100,000 attributes take 20 s).
 */
const SEEN_LIST_MAX = 16;
const seenAttrs: string[] = [];
const seenAttrSet = new Set<string>();

function ensureCapacity(depth: number): void {
  if (depth <= capacity) return;
  const c = Math.max(depth, 2 * capacity, 72);
  const grow = <T>(a: T[], fill: T): T[] => a.concat(new Array<T>(c - a.length).fill(fill));
  openName = grow(openName, undefined as unknown as NameInfo);
  openEl = grow(openEl, undefined);
  openText = grow(openText, '');
  openObj = grow(openObj, undefined);
  const nil = new Uint8Array(c);
  nil.set(openNil);
  openNil = nil;
  const parent = new Uint8Array(c);
  parent.set(openParent);
  openParent = parent;
  const ts = new Int32Array(c).fill(-1);
  ts.set(openTextStart);
  openTextStart = ts;
  const te = new Int32Array(c);
  te.set(openTextEnd);
  openTextEnd = te;
  capacity = c;
}

/** The text of the open element at depth d, decoded (a pending plain range is cut out now). */
function textOf(xml: string, d: number): string {
  const s = openTextStart[d]!;
  if (s < 0) return openText[d]!;
  openTextStart[d] = -1;
  return (openText[d] = xml.slice(s, openTextEnd[d]));
}

/** The plain text from s to e trimmed as String.prototype.trim does, without cutting the white space out first. */
function trimmedSlice(xml: string, s: number, e: number): string {
  while (s < e && isSpace(xml.charCodeAt(s))) s++;
  while (e > s && isSpace(xml.charCodeAt(e - 1))) e--;
  // other characters trim() removes (U+00A0, U+2028, ...) are all beyond ASCII
  if (s < e && (xml.charCodeAt(s) > 0x7e || xml.charCodeAt(e - 1) > 0x7e)) return xml.slice(s, e).trim();
  return xml.slice(s, e);
}

/** Adds a child's value to its parent's object: repeated names become arrays. */
function addValue(d: number, local: string, v: XmlValue): void {
  // no Payline element has this name; as a property it would set the object's prototype
  if (local === '__proto__') return;
  let out = openObj[d];
  if (out === undefined) out = openObj[d] = {};
  const prev = out[local];
  if (prev === undefined) out[local] = v;
  else if (Array.isArray(prev) && !Array.isArray(v)) prev.push(v);
  else out[local] = [prev, v];
}

/** The value of the element at depth d, being closed (below the outer levels). */
function valueOf(xml: string, d: number): XmlValue | undefined {
  if (openNil[d]) return undefined;
  if (!openParent[d]) {
    const s = openTextStart[d]!;
    const t = s >= 0 ? trimmedSlice(xml, s, openTextEnd[d]!) : openText[d]!.trim();
    return t === '' ? undefined : t;
  }
  return openObj[d];
}

export function readXml(xml: string, maxDepth = 64, keep = 2): XmlElement {
  let i = 0;
  const n = xml.length;
  let depth = 0;
  /** The deepest level used (cleared at the end). */
  let high = 0;
  let root: XmlElement | undefined;
  ensureCapacity(maxDepth + 1);

  if (xml.charCodeAt(0) === 0xfeff) i = 1;
  const bad = notXmlCharAt(xml);
  if (bad >= 0) fail(xml, `character ${codePointName(xml, bad)} is not allowed in XML`, bad);

  // where the next '&', ']]>' and '<' are (found again only once passed): text and
  // attribute values are checked for them without reading each of their characters
  let nextAmp = xml.indexOf('&');
  let nextCdataEnd = xml.indexOf(']]>');
  let nextLt = 0;

  try {
    while (i < n) {
      let lt = xml.indexOf('<', i);
      // the text after the last tag is only checked as text (it is an error anyway: unclosed, or after the root)
      const last = lt < 0;
      if (last) lt = n;
      if (lt > i) {
        // text: white space between elements is the common case, and is only skipped
        const d = depth - 1;
        const leafText = d >= keep && openParent[d] === 0;
        let k = i;
        while (k < lt && isSpace(xml.charCodeAt(k))) k++;
        if (k < lt || leafText) {
          if (nextAmp >= 0 && nextAmp < i) nextAmp = xml.indexOf('&', i);
          const amp = nextAmp >= 0 && nextAmp < lt;
          if (!last) {
            if (nextCdataEnd >= 0 && nextCdataEnd < i) nextCdataEnd = xml.indexOf(']]>', i);
            if (nextCdataEnd >= 0 && nextCdataEnd < lt) fail(xml, "']]>' is not allowed in text", nextCdataEnd);
          }
          if (d < 0) {
            if (xml.slice(i, lt).trim() !== '') fail(xml, 'text outside the root element', i);
          } else if (!leafText) {
            if (amp) decoded(xml, xml.slice(i, lt), i); // still checked for well-formedness
          } else if (!amp && openTextStart[d]! < 0 && openText[d] === '') {
            openTextStart[d] = i;
            openTextEnd[d] = lt;
          } else {
            const before = textOf(xml, d);
            const add = decoded(xml, xml.slice(i, lt), i);
            openText[d] = before === '' ? add : before + add;
          }
        }
        if (last) break;
      }
      i = lt;
      const next = xml.charCodeAt(i + 1);
      if (next === 47 /* / */) {
        // end tag: must repeat the name of the open element
        i += 2;
        if (depth === 0) fail(xml, `end tag </${nameAt(xml, i)}> without a start tag`, lt);
        const d = --depth;
        const qname = openName[d]!.qname;
        if (xml.substring(i, i + qname.length) !== qname || !endsName(xml.charCodeAt(i + qname.length))) {
          fail(xml, `end tag </${nameAt(xml, i)}> does not match <${qname}>`, lt);
        }
        i = skipSpace(xml, i + qname.length);
        if (xml.charCodeAt(i) !== 62) fail(xml, `expected '>' to close </${qname}`, i);
        i++;
        if (d >= keep) {
          const v = valueOf(xml, d);
          const el = openEl[d];
          if (el) el.value = v;
          else if (v !== undefined) addValue(d - 1, openName[d]!.local, v);
        }
        openEl[d] = undefined;
        openObj[d] = undefined;
        openText[d] = '';
        openTextStart[d] = -1;
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
          if (depth === 0) fail(xml, 'CDATA outside the root element', i);
          const d = depth - 1;
          if (d >= keep && openParent[d] === 0) openText[d] = textOf(xml, d) + xml.slice(i + 9, end);
          i = end + 3;
          continue;
        }
        if (/^<!DOCTYPE/i.test(xml.slice(i, i + 9))) fail(xml, 'DOCTYPE and entity declarations are not allowed in a SOAP message', i);
        fail(xml, "'<!' must start a comment or a CDATA section", i);
      }
      // start tag
      if (root && depth === 0) fail(xml, 'a second root element', i);
      i++;
      const nameStart = i;
      i = scanName(xml, i);
      const name = nameFrom(xml, nameStart, i);
      if (name.badElement) fail(xml, `invalid element name ${name.qname}`, lt + 1);
      const el: XmlElement | undefined = depth <= keep ? { local: name.local, prefix: name.prefix, nil: false, children: [] } : undefined;
      let nil = false;
      let attrs = 0;
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
        if (i >= n) fail(xml, `unclosed start tag <${name.qname}`, lt);
        if (i === before) fail(xml, `expected white space before an attribute in <${name.qname}`, i);
        const attrStart = i;
        i = scanName(xml, i);
        const attr = nameFrom(xml, attrStart, i);
        i = skipSpace(xml, i);
        if (xml.charCodeAt(i) !== 61 /* = */) fail(xml, `expected '=' after attribute ${attr.qname}`, i);
        i = skipSpace(xml, i + 1);
        const q = xml.charCodeAt(i);
        if (q !== 34 && q !== 39) fail(xml, `the value of attribute ${attr.qname} must be quoted`, i);
        const end = xml.indexOf(q === 34 ? '"' : "'", i + 1);
        if (end < 0) fail(xml, `unclosed value of attribute ${attr.qname}`, i);
        const valueStart = i + 1;
        if (nextLt >= 0 && nextLt < valueStart) nextLt = xml.indexOf('<', valueStart);
        if (nextLt >= 0 && nextLt < end) fail(xml, `'<' in the value of attribute ${attr.qname}`, nextLt);
        if (nextAmp >= 0 && nextAmp < valueStart) nextAmp = xml.indexOf('&', valueStart);
        const amp = nextAmp >= 0 && nextAmp < end;
        if (amp) decoded(xml, xml.slice(valueStart, end), valueStart);
        i = end + 1;
        if (attrs < SEEN_LIST_MAX) {
          for (let a = 0; a < attrs; a++) if (seenAttrs[a] === attr.qname) fail(xml, `duplicate attribute ${attr.qname}`, i);
          seenAttrs[attrs] = attr.qname;
        } else {
          if (attrs === SEEN_LIST_MAX) {
            seenAttrSet.clear();
            for (let a = 0; a < attrs; a++) seenAttrSet.add(seenAttrs[a]!);
          }
          if (seenAttrSet.has(attr.qname)) fail(xml, `duplicate attribute ${attr.qname}`, i);
          seenAttrSet.add(attr.qname);
        }
        attrs++;
        if (attr.attr === 1) {
          if (el) (el.ns ??= {})[attr.declares] = decoded(xml, xml.slice(valueStart, end), valueStart);
        } else if (attr.attr === 2) {
          const v = decoded(xml, xml.slice(valueStart, end), valueStart).trim();
          nil = v === 'true' || v === '1';
        }
      }
      if (attrs > SEEN_LIST_MAX) seenAttrSet.clear();
      if (el) el.nil = nil;
      if (depth > 0) {
        const p = depth - 1;
        if (openParent[p] === 0) {
          openParent[p] = 1;
          openText[p] = '';
          openTextStart[p] = -1;
        }
        const parentEl = openEl[p];
        if (parentEl && el) parentEl.children.push(el);
      } else root = el;
      if (!selfClosing) {
        if (depth >= maxDepth) fail(xml, `elements nested deeper than ${maxDepth} levels`, lt);
        const d = depth++;
        if (depth > high) high = depth;
        openName[d] = name;
        openEl[d] = el;
        openNil[d] = nil ? 1 : 0;
        openParent[d] = 0;
        openText[d] = '';
        openTextStart[d] = -1;
        openObj[d] = undefined;
      }
      // a self-closing element (no text, no children) has no value
    }
    if (depth > 0) fail(xml, `unclosed element <${openName[depth - 1]!.local}>`, n);
    if (!root) fail(xml, 'no root element', 0);
    return root;
  } finally {
    // nothing of this text stays reachable from the arrays
    for (let d = 0; d < high; d++) {
      openEl[d] = undefined;
      openObj[d] = undefined;
      openText[d] = '';
      openTextStart[d] = -1;
    }
    seenAttrs.length = 0;
  }
}

/** The namespace URI bound to `prefix` at `el`, looking up through `ancestors` (innermost last). */
export function namespaceOf(prefix: string, path: readonly XmlElement[]): string | undefined {
  for (let k = path.length - 1; k >= 0; k--) {
    const uri = path[k]!.ns?.[prefix];
    if (uri !== undefined) return uri;
  }
  return undefined;
}
