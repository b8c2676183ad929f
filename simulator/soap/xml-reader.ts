/**
 * A small, strict, non-validating XML reader for SOAP messages: one pass over the
 * text, elements with their local names (prefixes dropped), the namespace
 * declarations and `nil` attribute kept, text decoded. It is much faster than a
 * general parser on the hot path (a doWebPayment is parsed in a few µs) and knows
 * nothing it does not need: no DTD (a DOCTYPE is an error), no entities beyond
 * the five predefined ones and character references.
 *
 * Well-formedness it checks: one root element, matching start and end tags,
 * quoted attribute values, no duplicate attribute, closed comments, CDATA and
 * processing instructions, nothing but white space, comments and processing
 * instructions outside the root, and a nesting depth limit.
 */

export interface XmlElement {
  /** Local name (prefix removed). */
  local: string;
  /** Prefix, or '' when none. */
  prefix: string;
  /** Namespace declarations on this element: prefix ('' for the default) → URI. */
  ns?: Record<string, string>;
  /** True when the element carries `…:nil="true"` (or `"1"`). */
  nil: boolean;
  children: XmlElement[];
  /** Character data directly inside the element (decoded, not trimmed). */
  text: string;
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

/** Ends a name: white space, '/', '>', '=', '<', quotes. */
function endsName(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 47 || c === 62 || c === 61 || c === 60 || c === 34 || c === 39;
}

const MAYBE_NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
/** A character XML 1.0 does not allow (controls, U+FFFE/U+FFFF, unpaired surrogates). */
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function readXml(xml: string, maxDepth = 64): XmlElement {
  let i = 0;
  const n = xml.length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const fail = (message: string, at = i): never => {
    let line = 1;
    let col = 1;
    for (let k = 0; k < at && k < n; k++) {
      if (xml.charCodeAt(k) === 10) {
        line++;
        col = 1;
      } else col++;
    }
    throw new XmlError(message, line, col);
  };

  const readName = (): string => {
    const start = i;
    while (i < n && !endsName(xml.charCodeAt(i))) i++;
    const name = xml.slice(start, i);
    if (!validNames.has(name)) {
      if (name === '') fail('expected a name');
      if (!NAME.test(name)) fail(`invalid name ${JSON.stringify(name.slice(0, 40))}`, start);
      if (validNames.size < 10_000) validNames.add(name);
    }
    return name;
  };

  const skipSpace = () => {
    while (i < n) {
      const c = xml.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };

  // text is kept for leaf elements only: the white space between the children of
  // an element is never read, so it is not accumulated
  const addText = (raw: string, at: number) => {
    const top = stack[stack.length - 1];
    if (!top) {
      if (raw.trim() !== '') fail('text outside the root element', at);
      return;
    }
    if (top.children.length > 0) {
      if (raw.includes('&')) decoded(raw, at); // still checked for well-formedness
      return;
    }
    top.text = top.text === '' ? decoded(raw, at) : top.text + decoded(raw, at);
  };

  /** Checks that every '&' in raw text starts a reference the reader knows, then decodes. */
  const decoded = (raw: string, at: number): string => {
    if (!raw.includes('&')) return raw;
    const bad = /&(?!(?:#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);)/.exec(raw);
    if (bad) {
      const ref = /^&[A-Za-z_][\w.-]*;/.exec(raw.slice(bad.index));
      fail(ref ? `undefined entity ${ref[0]} (only &amp; &lt; &gt; &quot; &apos; and character references)` : "'&' must be written &amp;", at + bad.index);
    }
    for (const m of raw.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
      const cp = m[1]![0] === 'x' ? parseInt(m[1]!.slice(1), 16) : parseInt(m[1]!, 10);
      if (!isXmlChar(cp)) fail(`character reference ${m[0]} names a character XML does not allow`, at + m.index!);
    }
    return decodeText(raw);
  };

  if (xml.charCodeAt(0) === 0xfeff) i = 1;
  // a quick scan for anything suspicious first (controls, surrogates, U+FFFE/F); the exact
  // rule, which lets surrogate pairs through, runs only when it finds one
  const badChar = MAYBE_NOT_XML_CHAR.test(xml) ? NOT_XML_CHAR.exec(xml) : null;
  if (badChar) fail(`character U+${badChar[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, badChar.index);

  while (i < n) {
    const lt = xml.indexOf('<', i);
    if (lt < 0) {
      addText(xml.slice(i), i);
      i = n;
      break;
    }
    if (lt > i) {
      const raw = xml.slice(i, lt);
      if (raw.includes('>') && raw.includes(']]>')) fail("']]>' is not allowed in text", i + raw.indexOf(']]>'));
      addText(raw, i);
    }
    i = lt;
    const next = xml[i + 1];
    if (next === '/') {
      // end tag: must repeat the name of the open element
      i += 2;
      const top = stack.pop();
      if (!top) fail(`end tag </${readName()}> without a start tag`, lt);
      const qname = top!.prefix ? `${top!.prefix}:${top!.local}` : top!.local;
      if (!xml.startsWith(qname, i) || !endsName(xml.charCodeAt(i + qname.length))) {
        fail(`end tag </${readName()}> does not match <${qname}>`, lt);
      }
      i += qname.length;
      skipSpace();
      if (xml.charCodeAt(i) !== 62) fail(`expected '>' to close </${qname}`);
      i++;
      continue;
    }
    if (next === '?') {
      const end = xml.indexOf('?>', i + 2);
      if (end < 0) fail('unclosed processing instruction');
      i = end + 2;
      continue;
    }
    if (next === '!') {
      if (xml.startsWith('<!--', i)) {
        const end = xml.indexOf('-->', i + 4);
        if (end < 0) fail('unclosed comment');
        i = end + 3;
        continue;
      }
      if (xml.startsWith('<![CDATA[', i)) {
        const end = xml.indexOf(']]>', i + 9);
        if (end < 0) fail('unclosed CDATA section');
        if (stack.length === 0) fail('CDATA outside the root element');
        stack[stack.length - 1]!.text += xml.slice(i + 9, end);
        i = end + 3;
        continue;
      }
      if (/^<!DOCTYPE/i.test(xml.slice(i, i + 9))) fail('DOCTYPE and entity declarations are not allowed in a SOAP message');
      fail("'<!' must start a comment or a CDATA section");
    }
    // start tag
    if (root && stack.length === 0) fail('a second root element', i);
    i++;
    const qname = readName();
    const colon = qname.indexOf(':');
    const el: XmlElement = {
      local: colon >= 0 ? qname.slice(colon + 1) : qname,
      prefix: colon >= 0 ? qname.slice(0, colon) : '',
      nil: false,
      children: [],
      text: '',
    };
    if (el.local === '' || el.local.includes(':')) fail(`invalid element name ${qname}`, lt + 1);
    let seen: string[] | undefined;
    let selfClosing = false;
    for (;;) {
      const before = i;
      skipSpace();
      const c = xml[i];
      if (c === '>') {
        i++;
        break;
      }
      if (c === '/' && xml[i + 1] === '>') {
        i += 2;
        selfClosing = true;
        break;
      }
      if (i >= n) fail(`unclosed start tag <${qname}`, lt);
      if (i === before) fail(`expected white space before an attribute in <${qname}`);
      const attr = readName();
      skipSpace();
      if (xml[i] !== '=') fail(`expected '=' after attribute ${attr}`);
      i++;
      skipSpace();
      const q = xml[i];
      if (q !== '"' && q !== "'") fail(`the value of attribute ${attr} must be quoted`);
      const end = xml.indexOf(q!, i + 1);
      if (end < 0) fail(`unclosed value of attribute ${attr}`);
      const raw = xml.slice(i + 1, end);
      if (raw.includes('<')) fail(`'<' in the value of attribute ${attr}`, i + 1 + raw.indexOf('<'));
      if (raw.includes('&')) decoded(raw, i + 1);
      i = end + 1;
      seen ??= [];
      if (seen.includes(attr)) fail(`duplicate attribute ${attr}`);
      seen.push(attr);
      if (attr === 'xmlns' || attr.startsWith('xmlns:')) {
        (el.ns ??= {})[attr === 'xmlns' ? '' : attr.slice(6)] = decoded(raw, end - raw.length);
      } else if (attr === 'nil' || attr.endsWith(':nil')) {
        const v = decoded(raw, end - raw.length).trim();
        el.nil = v === 'true' || v === '1';
      }
    }
    const parent = stack[stack.length - 1];
    if (parent) {
      if (parent.children.length === 0) parent.text = '';
      parent.children.push(el);
    }
    else root = el;
    if (!selfClosing) {
      stack.push(el);
      if (stack.length > maxDepth) fail(`elements nested deeper than ${maxDepth} levels`, lt);
    }
  }
  if (stack.length > 0) fail(`unclosed element <${stack[stack.length - 1]!.local}>`, n);
  if (!root) fail('no root element', 0);
  return root!;
}

/** The namespace URI bound to `prefix` at `el`, looking up through `ancestors` (innermost last). */
export function namespaceOf(prefix: string, path: readonly XmlElement[]): string | undefined {
  for (let k = path.length - 1; k >= 0; k--) {
    const uri = path[k]!.ns?.[prefix];
    if (uri !== undefined) return uri;
  }
  return undefined;
}
