import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import soap from 'soap';
import { afterAll, describe, expect, it } from 'vitest';
import { IMPL_TYPES, OBJ_TYPES, OPERATIONS, type ApiName, type FieldDef } from './schema.js';
import { renderWsdl } from './wsdl.js';

// Written down independently of schema.ts (from the official WSDL and the
// contract notes), so that a wrong edit of schema.ts shows up here.
const EXPECTED_REQUEST_FIELDS: Record<ApiName, Record<string, string[]>> = {
  WebPaymentAPI: {
    doWebPayment: [
      'version', 'payment', 'returnURL', 'cancelURL', 'order',
      'notificationURL', 'selectedContractList', 'secondSelectedContractList', 'privateDataList', 'languageCode', 'customPaymentPageCode',
      'buyer', 'owner', 'securityMode', 'recurring', 'customPaymentTemplateURL', 'contractNumberWalletList', 'merchantName',
      'subMerchant', 'miscData', 'asynchronousRetryTimeout', 'threeDSInfo', 'merchantScore', 'skipSmartDisplay',
    ],
    getWebPaymentDetails: ['version', 'token'],
  },
  DirectPaymentAPI: {
    doRefund: ['version', 'transactionID', 'payment', 'comment', 'privateDataList', 'sequenceNumber', 'media', 'details', 'miscData'],
    doReset: ['version', 'transactionID', 'comment', 'media', 'amount', 'currency', 'privateDataList', 'sequenceNumber'],
    getMerchantSettings: ['version'],
    getEncryptionKey: ['version', 'merchantKeyName'],
  },
  ExtendedAPI: {
    getTransactionDetails: ['version', 'transactionId', 'orderRef', 'startDate', 'endDate', 'transactionHistory', 'archiveSearch'],
  },
};
const APIS = Object.keys(EXPECTED_REQUEST_FIELDS) as ApiName[];

// An address that needs escaping in an XML attribute.
const ADDRESS = 'http://127.0.0.1:8080/V4/services/X?a=1&b="<2>"';

const tmp = mkdtempSync(join(tmpdir(), 'wsdl-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Keys node-soap's describe() adds to a complex type, next to its child elements. */
const DESCRIBE_META = new Set(['targetNSAlias', 'targetNamespace']);
/** Child element names as described by node-soap (which marks repeated elements with '[]'). */
function describedFields(described: Record<string, unknown>): string[] {
  return Object.keys(described)
    .filter((key) => !DESCRIBE_META.has(key))
    .map((key) => key.replace(/\[\]$/, ''));
}

describe.each(APIS)('renderWsdl(%s)', (api) => {
  it('is accepted by node-soap, with the expected operations and request fields', async () => {
    const file = join(tmp, `${api}.wsdl`);
    writeFileSync(file, renderWsdl(api, ADDRESS));
    const client = await soap.createClientAsync(file);
    const port = client.describe()[api][api];
    const expected = EXPECTED_REQUEST_FIELDS[api];
    expect(Object.keys(port).sort()).toEqual(Object.keys(expected).sort());
    for (const [op, fields] of Object.entries(expected)) {
      expect(describedFields(port[op].input), op).toEqual(fields);
      expect(describedFields(port[op].output)[0], op).toBe('result');
    }
    // The escaped address comes back intact once parsed.
    expect(client.wsdl.definitions.services[api]?.ports[api]?.location).toBe(ADDRESS);
  });

  it('escapes the address', () => {
    const wsdl = renderWsdl(api, ADDRESS);
    expect(wsdl).toContain('location="http://127.0.0.1:8080/V4/services/X?a=1&amp;b=&quot;&lt;2&gt;&quot;"');
    expect(wsdl).not.toContain(ADDRESS);
  });

  it('declares every obj type it references (no dangling tns1: reference)', () => {
    const wsdl = renderWsdl(api, ADDRESS);
    const referenced = new Set([...wsdl.matchAll(/type="tns1:([^"]+)"/g)].map((m) => m[1]));
    const declared = new Set([...wsdl.matchAll(/<complexType name="([^"]+)"/g)].map((m) => m[1]));
    expect(referenced.size).toBeGreaterThan(0);
    expect([...referenced].filter((name) => !declared.has(name))).toEqual([]);
  });
});

describe('doWebPaymentRequest', () => {
  it('lists its children in the documented order', () => {
    const expected = EXPECTED_REQUEST_FIELDS.WebPaymentAPI.doWebPayment;
    expect(OPERATIONS.doWebPayment?.request.map((f) => f.name)).toEqual(expected);

    // Same order in the rendered document: schema > element > complexType > sequence > element*.
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', removeNSPrefix: true, isArray: (name) => name === 'element' || name === 'schema' });
    const doc = parser.parse(renderWsdl('WebPaymentAPI', ADDRESS));
    const implSchema = doc.definitions.types.schema[0];
    const request = implSchema.element.find((e: { name: string }) => e.name === 'doWebPaymentRequest');
    expect(request.complexType.sequence.element.map((e: { name: string }) => e.name)).toEqual(expected);
  });
});

describe('schema.ts', () => {
  it('has no dangling type reference', () => {
    const allFields: [string, FieldDef][] = [
      ...Object.entries(OPERATIONS).flatMap(([op, def]) => [...def.request, ...def.response].map((f): [string, FieldDef] => [op, f])),
      ...Object.entries({ ...OBJ_TYPES, ...IMPL_TYPES }).flatMap(([type, fields]) => fields.map((f): [string, FieldDef] => [type, f])),
    ];
    const dangling = allFields
      .filter(([, f]) => {
        const [prefix, name = ''] = f.type.split(':');
        if (prefix === 'tns1') return !(name in OBJ_TYPES);
        if (prefix === 'impl') return !(name in IMPL_TYPES);
        return !(prefix === 'xsd' || f.type === 'string'); // bare 'string' is the official payment.cardBrand quirk
      })
      .map(([owner, f]) => `${owner}.${f.name}: ${f.type}`);
    expect(dangling).toEqual([]);
  });

  it('puts every operation in its official API', () => {
    for (const api of APIS) {
      const ours = Object.keys(OPERATIONS).filter((op) => OPERATIONS[op]?.api === api);
      expect(ours.sort()).toEqual(Object.keys(EXPECTED_REQUEST_FIELDS[api]).sort());
    }
  });
});
