// Renders the WSDL 1.1 document served on `GET <endpoint>?wsdl`, built from
// schema.ts. The layout follows the official Monext WSDL (same namespaces and
// prefixes, XML Schema as the default namespace of both schemas so that the
// official bare type 'string' keeps resolving to xsd:string, document/literal
// SOAP 1.1 binding, soapAction = operation name) but carries only the
// operations of one API and the obj types they reach.

import {
  IMPL_NS,
  IMPL_TYPES,
  OBJ_NS,
  OBJ_TYPES,
  OPERATIONS,
  implTypeName,
  objTypeName,
  type ApiName,
  type FieldDef,
} from './schema.js';
import { escapeXml } from './envelope.js';

const WSDL_NS = 'http://schemas.xmlsoap.org/wsdl/';
const WSDLSOAP_NS = 'http://schemas.xmlsoap.org/wsdl/soap/';
const XSD_NS = 'http://www.w3.org/2001/XMLSchema';


/**
 * Fields of a synthetic (anonymous) type, or undefined for a named obj type or
 * a simple type. Synthetic names contain a dot, see schema.ts.
 */
function anonymousFields(type: string): FieldDef[] | undefined {
  const impl = implTypeName(type);
  if (impl !== undefined) return IMPL_TYPES[impl];
  const obj = objTypeName(type);
  return obj !== undefined && obj.includes('.') ? OBJ_TYPES[obj] : undefined;
}

/** A complexType whose content is `fields` as a sequence; anonymous unless `name` is given. */
function renderComplexType(fields: FieldDef[], indent: string, name?: string): string {
  const open = name === undefined ? '<complexType' : `<complexType name="${name}"`;
  if (fields.length === 0) return `${indent}${open}/>\n`;
  const inner = fields.map((f) => renderElement(f, `${indent}    `)).join('');
  return `${indent}${open}>\n${indent}  <sequence>\n${inner}${indent}  </sequence>\n${indent}</complexType>\n`;
}

/** A local element; a synthetic type is written back inline as an anonymous complexType. */
function renderElement(field: FieldDef, indent: string): string {
  let attrs = ` name="${field.name}"`;
  if (field.minOccurs !== undefined) attrs += ` minOccurs="${field.minOccurs}"`;
  if (field.maxOccurs !== undefined) attrs += ` maxOccurs="${field.maxOccurs}"`;
  if (field.nillable) attrs += ' nillable="true"';
  const anonymous = anonymousFields(field.type);
  if (anonymous === undefined) return `${indent}<element${attrs} type="${field.type}"/>\n`;
  return `${indent}<element${attrs}>\n${renderComplexType(anonymous, `${indent}  `)}${indent}</element>\n`;
}

/** Named obj types reachable from `fields`, added to `found` (anonymous types are walked through, not added). */
function collectObjTypes(fields: FieldDef[], found: Set<string>): void {
  for (const field of fields) {
    const anonymous = anonymousFields(field.type);
    if (anonymous !== undefined) {
      collectObjTypes(anonymous, found);
      continue;
    }
    const name = objTypeName(field.type);
    if (name === undefined || found.has(name)) continue;
    const typeFields = OBJ_TYPES[name];
    if (typeFields === undefined) throw new Error(`schema.ts: unknown type ${field.type}`);
    found.add(name);
    collectObjTypes(typeFields, found);
  }
}

function renderBeforeAddress(api: ApiName): string {
  const ops = Object.entries(OPERATIONS).filter(([, op]) => op.api === api);
  const reachable = new Set<string>();
  for (const [, op] of ops) {
    collectObjTypes(op.request, reachable);
    collectObjTypes(op.response, reachable);
  }
  // OBJ_TYPES order (the official one) rather than discovery order.
  const objTypes = Object.keys(OBJ_TYPES).filter((name) => reachable.has(name));

  let out = '<?xml version="1.0" encoding="UTF-8"?>\n';
  out += `<wsdl:definitions targetNamespace="${IMPL_NS}" xmlns:impl="${IMPL_NS}" xmlns:wsdl="${WSDL_NS}" xmlns:xsd="${XSD_NS}" xmlns:wsdlsoap="${WSDLSOAP_NS}" xmlns:tns1="${OBJ_NS}">\n`;
  out += '  <wsdl:types>\n';
  out += `    <schema elementFormDefault="qualified" targetNamespace="${IMPL_NS}" xmlns="${XSD_NS}">\n`;
  out += `      <import namespace="${OBJ_NS}"/>\n`;
  for (const [name, op] of ops) {
    out += `      <element name="${name}Request">\n${renderComplexType(op.request, '        ')}      </element>\n`;
    out += `      <element name="${name}Response">\n${renderComplexType(op.response, '        ')}      </element>\n`;
  }
  out += '    </schema>\n';
  out += `    <schema elementFormDefault="qualified" targetNamespace="${OBJ_NS}" xmlns="${XSD_NS}">\n`;
  for (const name of objTypes) {
    out += renderComplexType(OBJ_TYPES[name] ?? [], '      ', name);
  }
  out += '    </schema>\n';
  out += '  </wsdl:types>\n';
  for (const [name] of ops) {
    for (const suffix of ['Request', 'Response']) {
      out += `  <wsdl:message name="${name}${suffix}">\n`;
      out += `    <wsdl:part name="parameters" element="impl:${name}${suffix}"/>\n`;
      out += '  </wsdl:message>\n';
    }
  }
  out += `  <wsdl:portType name="${api}">\n`;
  for (const [name] of ops) {
    out += `    <wsdl:operation name="${name}">\n`;
    out += `      <wsdl:input name="${name}Request" message="impl:${name}Request"/>\n`;
    out += `      <wsdl:output name="${name}Response" message="impl:${name}Response"/>\n`;
    out += '    </wsdl:operation>\n';
  }
  out += '  </wsdl:portType>\n';
  out += `  <wsdl:binding name="${api}SoapBinding" type="impl:${api}">\n`;
  out += '    <wsdlsoap:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>\n';
  for (const [name] of ops) {
    out += `    <wsdl:operation name="${name}">\n`;
    out += `      <wsdlsoap:operation soapAction="${name}"/>\n`;
    out += '      <wsdl:input>\n        <wsdlsoap:body use="literal"/>\n      </wsdl:input>\n';
    out += '      <wsdl:output>\n        <wsdlsoap:body use="literal"/>\n      </wsdl:output>\n';
    out += '    </wsdl:operation>\n';
  }
  out += '  </wsdl:binding>\n';
  out += `  <wsdl:service name="${api}">\n`;
  out += `    <wsdl:port name="${api}" binding="impl:${api}SoapBinding">\n`;
  out += '      <wsdlsoap:address location="';
  return out;
}

const AFTER_ADDRESS = '"/>\n    </wsdl:port>\n  </wsdl:service>\n</wsdl:definitions>\n';

// Everything but the address depends on the API only: cache that part, so the
// cache stays bounded whatever addresses (Host headers) are asked for.
const beforeAddress = new Map<ApiName, string>();

export function renderWsdl(api: ApiName, address: string): string {
  let head = beforeAddress.get(api);
  if (head === undefined) {
    head = renderBeforeAddress(api);
    beforeAddress.set(api, head);
  }
  return head + escapeXml(address) + AFTER_ADDRESS;
}
