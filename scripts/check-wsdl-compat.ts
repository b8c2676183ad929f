// Checks simulator/soap/schema.ts against Monext's official WSDL files.
//
//   node dist/scripts/check-wsdl-compat.js <officialWsdlDir> [--verbose]
//
// For each API, reads <officialWsdlDir>/<API>.wsdl and checks that:
// - each operation of OPERATIONS for that API is in the official portType, with
//   soapAction = operation name, and its request/response children are
//   identical (name, type, minOccurs, maxOccurs, nillable, order);
// - each type we declare that these operations reach (OBJ_TYPES, IMPL_TYPES)
//   is identical to the official one, and no official type they reach is missing;
// - the service is named after the API.
// The official schema is first normalised the way schema.ts is (see its header):
// anonymous complexTypes get the synthetic name '<owner>.<element>', inline
// simpleType restrictions become their base type, an optional nested sequence
// of one particle is flattened. What schema.ts cannot express but does not
// change the element structure (facets, default values, attributes,
// wsdl:required) is ignored and counted in the summary (listed with --verbose);
// any other construct (extension, choice, any, ref, form...) is a difference.
// Prints each difference and exits 1 if any, else prints one summary line.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import {
  IMPL_NS,
  IMPL_TYPES,
  OBJ_TYPES,
  OPERATIONS,
  implTypeName,
  objTypeName,
  type ApiName,
  type FieldDef,
} from '../simulator/soap/schema.js';

const APIS: ApiName[] = ['WebPaymentAPI', 'DirectPaymentAPI', 'ExtendedAPI'];

// ---------------------------------------------------------------------------
// Reading the official WSDL (fast-xml-parser, preserveOrder: document order is
// kept, each node is { <tag>: children, ':@': attributes }).

type XmlNode = Record<string, unknown>;

function tagOf(node: XmlNode): string {
  return Object.keys(node).find((key) => key !== ':@') ?? '';
}
function childrenOf(node: XmlNode): XmlNode[] {
  const children = node[tagOf(node)];
  return Array.isArray(children) ? (children as XmlNode[]) : [];
}
function attrsOf(node: XmlNode): Record<string, string> {
  return (node[':@'] ?? {}) as Record<string, string>;
}
function childrenTagged(node: XmlNode, tag: string): XmlNode[] {
  return childrenOf(node).filter((child) => tagOf(child) === tag);
}

/** Constructs met while normalising one element or type, by kind. */
interface Issues {
  ignored: string[]; // not expressible, structure unchanged
  unsupported: string[]; // would change what documents are valid
}

interface OfficialWsdl {
  elements: Map<string, FieldDef[]>; // impl top-level elements: <op>Request / <op>Response
  objTypes: Map<string, FieldDef[]>; // named obj complexTypes + synthetic obj anonymous ones
  implTypes: Map<string, FieldDef[]>; // synthetic anonymous types declared in the impl schema
  issues: Map<string, Issues>; // key = element or type name (the owner)
  portTypes: Map<string, string[]>; // portType name -> operation names
  soapActions: Map<string, Map<string, string>>; // portType name (binding type) -> operation -> soapAction
  serviceNames: string[];
}

const SCHEMA_ELEMENT_ATTRS = new Set(['name', 'type', 'minOccurs', 'maxOccurs', 'nillable']);
/** Ignored element attributes, by local name (the parser removes prefixes), with the name to print. */
const IGNORED_ELEMENT_ATTRS = new Map([
  ['default', 'default'],
  ['required', 'wsdl:required'],
]);

function parseOfficialWsdl(xml: string): OfficialWsdl {
  const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true });
  const doc = parser.parse(xml) as XmlNode[];
  const definitions = doc.find((node) => tagOf(node) === 'definitions');
  if (definitions === undefined) throw new Error('no wsdl:definitions element');

  const out: OfficialWsdl = {
    elements: new Map(),
    objTypes: new Map(),
    implTypes: new Map(),
    issues: new Map(),
    portTypes: new Map(),
    soapActions: new Map(),
    serviceNames: childrenTagged(definitions, 'service').map((service) => attrsOf(service).name ?? ''),
  };
  const issuesOf = (owner: string): Issues => {
    let issues = out.issues.get(owner);
    if (issues === undefined) {
      issues = { ignored: [], unsupported: [] };
      out.issues.set(owner, issues);
    }
    return issues;
  };

  // Schemas. `inImpl` tells which schema is being read: an anonymous type is
  // stored with the namespace of the schema that declares it.
  let inImpl = false;

  /** Children of a complexType, as fields; `owner` names it in messages and synthetic names. */
  const complexTypeFields = (complexType: XmlNode, owner: string): FieldDef[] => {
    const fields: FieldDef[] = [];
    for (const child of childrenOf(complexType)) {
      const tag = tagOf(child);
      if (tag === 'sequence') readSequence(child, owner, false, fields);
      else if (tag === 'attribute') issuesOf(owner).ignored.push(`attribute "${attrsOf(child).name}"`);
      else if (tag !== 'annotation') issuesOf(owner).unsupported.push(`<${tag}> in complexType`);
    }
    return fields;
  };

  /** Appends the elements of a (possibly nested) sequence; `optional` = inside an optional one-particle sequence. */
  const readSequence = (sequence: XmlNode, owner: string, optional: boolean, fields: FieldDef[]): void => {
    const { minOccurs, maxOccurs } = attrsOf(sequence);
    const particles = childrenOf(sequence).filter((child) => !['annotation', '#text'].includes(tagOf(child)));
    if (maxOccurs !== undefined && maxOccurs !== '1') issuesOf(owner).unsupported.push(`repeated nested <sequence maxOccurs="${maxOccurs}">`);
    // <sequence minOccurs="0"><x minOccurs="m" .../></sequence> accepts exactly what <x minOccurs="0" .../> accepts.
    if (minOccurs === '0' && particles.length !== 1) issuesOf(owner).unsupported.push('optional nested <sequence> of several particles');
    const childOptional = optional || minOccurs === '0';
    for (const particle of particles) {
      const tag = tagOf(particle);
      if (tag === 'element') fields.push(readElement(particle, owner, childOptional));
      else if (tag === 'sequence') readSequence(particle, owner, childOptional, fields);
      else issuesOf(owner).unsupported.push(`<${tag}> in sequence`);
    }
  };

  const readElement = (element: XmlNode, owner: string, optional: boolean): FieldDef => {
    const attrs = attrsOf(element);
    const name = attrs.name ?? '';
    const where = `${owner}.${name}`;
    for (const [key, value] of Object.entries(attrs)) {
      const ignoredAs = IGNORED_ELEMENT_ATTRS.get(key);
      if (ignoredAs !== undefined) issuesOf(owner).ignored.push(`${name}: ${ignoredAs}="${value}"`);
      else if (!SCHEMA_ELEMENT_ATTRS.has(key)) issuesOf(owner).unsupported.push(`${name}: attribute ${key}="${value}"`);
    }
    let type = attrs.type;
    if (type === undefined) {
      const simpleType = childrenTagged(element, 'simpleType')[0];
      const complexType = childrenTagged(element, 'complexType')[0];
      const restriction = simpleType && childrenTagged(simpleType, 'restriction')[0];
      if (restriction !== undefined) {
        type = attrsOf(restriction).base ?? '';
        const facets = childrenOf(restriction).map((facet) => `${tagOf(facet)}=${attrsOf(facet).value}`);
        if (facets.length > 0) issuesOf(owner).ignored.push(`${name}: restriction of ${type} [${facets.join(', ')}]`);
      } else if (complexType !== undefined) {
        (inImpl ? out.implTypes : out.objTypes).set(where, complexTypeFields(complexType, where));
        type = `${inImpl ? 'impl' : 'tns1'}:${where}`;
      } else {
        issuesOf(owner).unsupported.push(`${name}: no type`);
        type = '';
      }
    }
    const field: FieldDef = { name, type };
    const min = optional ? 0 : Number(attrs.minOccurs ?? '1');
    if (min !== 1) field.minOccurs = min;
    if (attrs.maxOccurs !== undefined && attrs.maxOccurs !== '1') {
      field.maxOccurs = attrs.maxOccurs === 'unbounded' ? 'unbounded' : Number(attrs.maxOccurs);
    }
    if (attrs.nillable === 'true') field.nillable = true;
    return field;
  };

  for (const types of childrenTagged(definitions, 'types')) {
    for (const schema of childrenTagged(types, 'schema')) {
      inImpl = attrsOf(schema).targetNamespace === IMPL_NS;
      for (const item of childrenOf(schema)) {
        const tag = tagOf(item);
        const name = attrsOf(item).name ?? '';
        if (tag === 'complexType') out.objTypes.set(name, complexTypeFields(item, name));
        else if (tag === 'element') {
          const complexType = childrenTagged(item, 'complexType')[0];
          if (complexType === undefined) issuesOf(name).unsupported.push('top-level element without inline complexType');
          else out.elements.set(name, complexTypeFields(complexType, name));
        } else if (tag !== 'import' && tag !== 'annotation') issuesOf(name).unsupported.push(`top-level <${tag}>`);
      }
    }
  }

  for (const portType of childrenTagged(definitions, 'portType')) {
    out.portTypes.set(attrsOf(portType).name ?? '', childrenTagged(portType, 'operation').map((op) => attrsOf(op).name ?? ''));
  }
  for (const binding of childrenTagged(definitions, 'binding')) {
    const actions = new Map<string, string>();
    for (const op of childrenTagged(binding, 'operation')) {
      // wsdl:operation > wsdlsoap:operation (same local name once prefixes are removed)
      const soapOperation = childrenTagged(op, 'operation')[0];
      actions.set(attrsOf(op).name ?? '', soapOperation ? (attrsOf(soapOperation).soapAction ?? '') : '');
    }
    const portTypeName = (attrsOf(binding).type ?? '').replace(/^.*:/, '');
    out.soapActions.set(portTypeName, actions);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Comparison.

function describeField(field: FieldDef): string {
  return `type=${field.type} minOccurs=${field.minOccurs ?? 1} maxOccurs=${field.maxOccurs ?? 1} nillable=${field.nillable ?? false}`;
}

/** Differences between our fields and the official ones for `what` (an element or type name). */
function compareFields(what: string, ours: FieldDef[], official: FieldDef[]): string[] {
  const ourNames = ours.map((f) => f.name);
  const officialNames = official.map((f) => f.name);
  if (ourNames.join() !== officialNames.join()) {
    return [`${what}: children differ\n    ours:     ${ourNames.join(', ')}\n    official: ${officialNames.join(', ')}`];
  }
  const diffs: string[] = [];
  ours.forEach((field, i) => {
    const officialField = official[i];
    if (officialField !== undefined && describeField(field) !== describeField(officialField)) {
      diffs.push(`${what}.${field.name}: ours ${describeField(field)}, official ${describeField(officialField)}`);
    }
  });
  return diffs;
}

/** Where a referenced type lives: ours and official field lists, or undefined for a simple type. */
function complexTypeOf(type: string, official: OfficialWsdl): { name: string; ours?: FieldDef[]; official?: FieldDef[] } | undefined {
  const obj = objTypeName(type);
  if (obj !== undefined) return { name: type, ours: OBJ_TYPES[obj], official: official.objTypes.get(obj) };
  const impl = implTypeName(type);
  if (impl !== undefined) return { name: type, ours: IMPL_TYPES[impl], official: official.implTypes.get(impl) };
  return undefined;
}

interface ApiCheck {
  diffs: string[];
  ignored: string[];
  operations: number;
  types: Set<string>; // compared types, as referenced ('tns1:payment', 'impl:...')
}

function checkApi(api: ApiName, official: OfficialWsdl): ApiCheck {
  const check: ApiCheck = { diffs: [], ignored: [], operations: 0, types: new Set() };
  const owners: string[] = []; // elements and types compared, whose issues matter

  if (!official.serviceNames.includes(api)) check.diffs.push(`service: official names ${official.serviceNames.join(', ')}, ours ${api}`);
  const officialOps = official.portTypes.get(api) ?? [];
  const pending: string[] = []; // types still to compare

  for (const [op, def] of Object.entries(OPERATIONS)) {
    if (def.api !== api) continue;
    check.operations++;
    if (!officialOps.includes(op)) check.diffs.push(`${op}: not an operation of official portType ${api}`);
    const soapAction = official.soapActions.get(api)?.get(op);
    if (soapAction !== op) check.diffs.push(`${op}: official soapAction "${soapAction ?? '(none)'}", ours "${op}"`);
    for (const [element, ours] of [[`${op}Request`, def.request], [`${op}Response`, def.response]] as const) {
      owners.push(element);
      const officialFields = official.elements.get(element);
      if (officialFields === undefined) check.diffs.push(`${element}: no such official element`);
      else check.diffs.push(...compareFields(element, ours, officialFields));
      // Follow official references too, so a type we lack is reported as missing.
      pending.push(...ours.map((f) => f.type), ...(officialFields ?? []).map((f) => f.type));
    }
  }

  for (let type = pending.pop(); type !== undefined; type = pending.pop()) {
    const found = complexTypeOf(type, official);
    if (found === undefined || check.types.has(found.name)) continue;
    check.types.add(found.name);
    owners.push(found.name.replace(/^.*?:/, ''));
    if (found.ours === undefined && found.official === undefined) check.diffs.push(`${found.name}: referenced, declared nowhere`);
    else if (found.ours === undefined) check.diffs.push(`${found.name}: missing from schema.ts`);
    else if (found.official === undefined) check.diffs.push(`${found.name}: not in the official WSDL`);
    else check.diffs.push(...compareFields(found.name, found.ours, found.official));
    pending.push(...[...(found.ours ?? []), ...(found.official ?? [])].map((f) => f.type));
  }

  for (const owner of owners) {
    const issues = official.issues.get(owner);
    if (issues === undefined) continue;
    check.diffs.push(...issues.unsupported.map((issue) => `${owner}: official uses ${issue}, not expressible in schema.ts`));
    check.ignored.push(...issues.ignored.map((issue) => `${owner}: ${issue}`));
  }
  return check;
}

function main(argv: string[]): number {
  const verbose = argv.includes('--verbose');
  const dirs = argv.filter((arg) => arg !== '--verbose');
  const dir = dirs[0];
  if (dirs.length !== 1 || dir === undefined) {
    console.error('usage: node dist/scripts/check-wsdl-compat.js <officialWsdlDir> [--verbose]');
    return 2;
  }

  // The three official files share one schema: a difference found in several
  // of them is printed once, with the list of files.
  const diffs = new Map<string, string[]>();
  const ignored = new Set<string>();
  const types = new Set<string>();
  let operations = 0;
  for (const api of APIS) {
    const file = `${api}.wsdl`;
    const check = checkApi(api, parseOfficialWsdl(readFileSync(join(dir, file), 'utf8')));
    for (const diff of check.diffs) diffs.set(diff, [...(diffs.get(diff) ?? []), file]);
    check.ignored.forEach((issue) => ignored.add(issue));
    check.types.forEach((type) => types.add(type));
    operations += check.operations;
  }

  if (verbose) for (const issue of ignored) console.log(`ignored (not expressible in schema.ts): ${issue}`);
  for (const [diff, files] of diffs) console.log(`[${files.join(', ')}] ${diff}`);
  if (diffs.size > 0) {
    console.log(`${diffs.size} difference(s) between schema.ts and ${dir}`);
    return 1;
  }
  console.log(
    `schema.ts matches ${dir}: ${operations} operations, ${types.size} types identical; ` +
      `${ignored.size} official details not expressible in schema.ts ignored (facets, defaults, attributes; --verbose lists them)`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
