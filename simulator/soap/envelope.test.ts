import fc from 'fast-check';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  child,
  list,
  parseRequest,
  pick,
  privateData,
  renderFault,
  renderResponse,
  SoapFault,
  text,
  type FaultCode,
  type ParsedRequest,
  type XObj,
} from './envelope.js';

// Namespaces written down here (not imported) so that a wrong constant in the
// code under test shows up.
const SOAP11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const IMPL = 'http://impl.ws.payline.experian.com';
const OBJ = 'http://obj.ws.payline.experian.com';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** Escapes text content as a SOAP client does (node-soap, PHP SoapClient). */
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** The SoapFault thrown by f (fails the test when f returns or throws anything else). */
function faultOf(f: () => unknown): SoapFault {
  let thrown: unknown;
  try {
    f();
  } catch (e) {
    thrown = e;
  }
  expect(thrown, 'expected a SoapFault to be thrown').toBeInstanceOf(SoapFault);
  return thrown as SoapFault;
}

/** A doWebPayment envelope in the shape clients send (prefixes soapenv/impl/obj). */
function doWebPaymentEnvelope(v: { lastName: string; firstName: string; ref: string; returnURL: string; pdKey: string; pdValue: string; softDescriptor: string }): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}">` +
    `<soapenv:Header/>` +
    `<soapenv:Body><impl:doWebPaymentRequest>` +
    `<impl:version>34</impl:version>` +
    `<impl:payment><obj:amount>1000</obj:amount><obj:currency>978</obj:currency><obj:action>101</obj:action><obj:mode>CPT</obj:mode>` +
    `<obj:contractNumber>BANCONTACT</obj:contractNumber><obj:softDescriptor>${esc(v.softDescriptor)}</obj:softDescriptor></impl:payment>` +
    `<impl:returnURL>${esc(v.returnURL)}</impl:returnURL>` +
    `<impl:cancelURL>https://shop.example/cancel</impl:cancelURL>` +
    `<impl:order><obj:ref>${esc(v.ref)}</obj:ref><obj:amount>1000</obj:amount><obj:currency>978</obj:currency><obj:date>19/01/2024 10:30</obj:date></impl:order>` +
    `<impl:privateDataList><obj:privateData><obj:key>${esc(v.pdKey)}</obj:key><obj:value>${esc(v.pdValue)}</obj:value></obj:privateData></impl:privateDataList>` +
    `<impl:buyer><obj:lastName>${esc(v.lastName)}</obj:lastName><obj:firstName>${esc(v.firstName)}</obj:firstName><obj:email>jean@example.com</obj:email></impl:buyer>` +
    `</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`
  );
}

const plain = { lastName: 'Dupont', firstName: 'Jean', ref: '0042', returnURL: 'https://shop.example/return', pdKey: 'k', pdValue: 'v', softDescriptor: 'SD' };

/** Opening tags in document order, with their prefixes (`impl:result`, `obj:code`, ...). */
function openingTags(xml: string): string[] {
  return [...xml.matchAll(/<([A-Za-z_][\w.-]*:[\w.-]+|[A-Za-z_][\w.-]*)(?=[\s/>])/g)].map((m) => m[1]!);
}

/** The tags inside the response root, in order. */
function responseTags(xml: string, root: string): string[] {
  const tags = openingTags(xml);
  return tags.slice(tags.indexOf(root) + 1);
}

describe('parseRequest: namespaces and prefixes', () => {
  it('reads the operation name from the Body root <op>Request', () => {
    const r = parseRequest(doWebPaymentEnvelope(plain));
    expect(r.operation).toBe('doWebPayment');
    const g = parseRequest(
      `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}"><soapenv:Body><impl:getWebPaymentDetailsRequest><impl:version>34</impl:version><impl:token>1AbC0000000000000001700000000000</impl:token></impl:getWebPaymentDetailsRequest></soapenv:Body></soapenv:Envelope>`,
    );
    expect(g).toEqual({ operation: 'getWebPaymentDetails', body: { version: '34', token: '1AbC0000000000000001700000000000' } });
  });

  it('accepts any prefixes (PHP SoapClient style: SOAP-ENV, ns1, ns2)', () => {
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP11}" xmlns:ns1="${IMPL}" xmlns:ns2="${OBJ}" xmlns:xsi="${XSI}">` +
      `<SOAP-ENV:Body><ns1:doWebPaymentRequest><ns1:version>34</ns1:version>` +
      `<ns1:payment><ns2:amount>1000</ns2:amount><ns2:currency>978</ns2:currency></ns1:payment>` +
      `<ns1:buyer><ns2:lastName>Dupont</ns2:lastName></ns1:buyer>` +
      `</ns1:doWebPaymentRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
    expect(parseRequest(xml)).toEqual({
      operation: 'doWebPayment',
      body: { version: '34', payment: { amount: '1000', currency: '978' }, buyer: { lastName: 'Dupont' } },
    });
  });

  it('accepts default namespaces (Java SDK style: default obj, ns2 for impl)', () => {
    const xml =
      `<S:Envelope xmlns:S="${SOAP11}">\n  <S:Body>\n    <ns2:doWebPaymentRequest xmlns="${OBJ}" xmlns:ns2="${IMPL}">\n` +
      `      <ns2:version>99</ns2:version>\n      <ns2:payment>\n        <amount>100</amount>\n        <currency>978</currency>\n` +
      `        <registrationToken xmlns:xsi="${XSI}" xsi:nil="true"/>\n      </ns2:payment>\n` +
      `      <ns2:order>\n        <ref>R1</ref>\n      </ns2:order>\n    </ns2:doWebPaymentRequest>\n  </S:Body>\n</S:Envelope>`;
    expect(parseRequest(xml)).toEqual({
      operation: 'doWebPayment',
      body: { version: '99', payment: { amount: '100', currency: '978' }, order: { ref: 'R1' } },
    });
  });

  it('accepts elements with no prefix at all (everything in default namespaces)', () => {
    const xml =
      `<Envelope xmlns="${SOAP11}"><Body><doWebPaymentRequest xmlns="${IMPL}"><version>34</version>` +
      `<payment><amount xmlns="${OBJ}">1000</amount></payment><returnURL>https://shop.example/r</returnURL></doWebPaymentRequest></Body></Envelope>`;
    expect(parseRequest(xml)).toEqual({ operation: 'doWebPayment', body: { version: '34', payment: { amount: '1000' }, returnURL: 'https://shop.example/r' } });
  });

  it('accepts unqualified children (PHP owner.billingAddress) and impl-qualified obj children', () => {
    const xml =
      `<SOAP-ENV:Envelope xmlns:SOAP-ENV="${SOAP11}" xmlns:ns1="${IMPL}" xmlns:ns2="${OBJ}" xmlns:xsi="${XSI}"><SOAP-ENV:Body><ns1:doWebPaymentRequest>` +
      `<ns1:owner><ns2:lastName xsi:nil="true"/><ns2:billingAddress xsi:type="ns2:billingAddress"><street>Rue 1</street><cityName/><zipCode>1000</zipCode></ns2:billingAddress></ns1:owner>` +
      `<ns1:buyer><ns1:lastName>Dupont</ns1:lastName></ns1:buyer>` +
      `</ns1:doWebPaymentRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
    expect(parseRequest(xml).body).toEqual({ owner: { billingAddress: { street: 'Rue 1', zipCode: '1000' } }, buyer: { lastName: 'Dupont' } });
  });
});

describe('parseRequest: values', () => {
  it('reads xsi:nil elements (any prefix of the XSI namespace, "true" or "1") as absent', () => {
    const xml =
      `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}" xmlns:xsi="${XSI}" xmlns:i="${XSI}"><soapenv:Body><impl:doWebPaymentRequest>` +
      `<impl:payment><obj:amount>1000</obj:amount><obj:differedActionDate xsi:nil="true"/><obj:method i:nil="true"/><obj:softDescriptor xsi:nil="1"></obj:softDescriptor></impl:payment>` +
      `<impl:notificationURL xsi:nil="true"/>` +
      `<impl:secondSelectedContractList xsi:nil="true"/>` +
      `<impl:buyer><obj:title xsi:nil="true"/><obj:lastName>Dupont</obj:lastName><obj:merchantAuthentication><obj:method xsi:nil="true"/><obj:date xsi:nil="true"/></obj:merchantAuthentication></impl:buyer>` +
      `<impl:miscData xsi:nil="true"/>` +
      `</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`;
    const { body } = parseRequest(xml);
    expect(body).toEqual({ payment: { amount: '1000' }, buyer: { lastName: 'Dupont' } });
    expect(text(body, 'notificationURL')).toBeUndefined();
    expect(child(body, 'buyer.merchantAuthentication')).toBeUndefined();
  });

  it('reads empty elements (<a/>, <a></a>, whitespace only) as absent, also when a parent becomes empty', () => {
    const xml =
      `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><soapenv:Body><impl:doWebPaymentRequest>` +
      `<impl:version></impl:version>` +
      `<impl:recurring><obj:firstAmount/><obj:amount/><obj:billingCycle></obj:billingCycle><obj:billingLeft>   </obj:billingLeft></impl:recurring>` +
      `<impl:subMerchant><obj:subMerchantId/><obj:subMerchantMCC/></impl:subMerchant>` +
      `<impl:order><obj:ref>R1</obj:ref><obj:details/></impl:order>` +
      `</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`;
    const { body } = parseRequest(xml);
    expect(body).toEqual({ order: { ref: 'R1' } });
    expect(text(body, 'version')).toBeUndefined();
    expect(pick(body, 'recurring.amount')).toBeUndefined();
  });

  it('keeps unknown elements, which do not disturb the known ones', () => {
    const xml =
      `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}" xmlns:x="urn:extension"><soapenv:Body><impl:doWebPaymentRequest>` +
      `<x:futureField attr="1">later</x:futureField>` +
      `<impl:payment><obj:amount>1000</obj:amount><obj:brandNewThing><obj:deep>d</obj:deep></obj:brandNewThing></impl:payment>` +
      `<impl:buyer><obj:lastName>Dupont</obj:lastName></impl:buyer>` +
      `</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`;
    const { operation, body } = parseRequest(xml);
    expect(operation).toBe('doWebPayment');
    expect(text(body, 'payment.amount')).toBe('1000');
    expect(text(body, 'buyer.lastName')).toBe('Dupont');
    expect(text(body, 'futureField')).toBe('later');
    expect(text(body, 'payment.brandNewThing.deep')).toBe('d');
  });

  it('ignores an element named __proto__: it never becomes the prototype of what is read', () => {
    const xml =
      `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><soapenv:Body><impl:doWebPaymentRequest>` +
      `<impl:payment><obj:__proto__><obj:amount>5</obj:amount></obj:__proto__><obj:currency>978</obj:currency></impl:payment>` +
      `</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`;
    const { body } = parseRequest(xml);
    const payment = body['payment'] as Record<string, unknown>;
    expect(Object.getPrototypeOf(payment)).toBe(Object.prototype);
    expect(payment['amount']).toBeUndefined();
    expect(payment).toEqual({ currency: '978' });
  });

  it('keeps numbers as strings: 0042 stays "0042", 1000 stays "1000", 1e3 and 0x10 untouched', () => {
    const xml = doWebPaymentEnvelope({ ...plain, ref: '0042', lastName: '1e3', firstName: '0x10', pdValue: '00.50' });
    const { body } = parseRequest(xml);
    expect(text(body, 'order.ref')).toBe('0042');
    expect(text(body, 'payment.amount')).toBe('1000');
    expect(text(body, 'buyer.lastName')).toBe('1e3');
    expect(text(body, 'buyer.firstName')).toBe('0x10');
    expect(privateData(body)).toEqual([{ key: 'k', value: '00.50' }]);
  });

  it('decodes the predefined entities and character references (&amp; &lt; &#233; &#xE9; &#128512;)', () => {
    const xml =
      `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><soapenv:Body><impl:doWebPaymentRequest>` +
      `<impl:returnURL>https://shop.example/?wc-api=X&amp;url_type=return</impl:returnURL>` +
      `<impl:buyer><obj:lastName>L&#233;on &amp; Fr&#xE9;d&#xe9;ric</obj:lastName><obj:firstName>&lt;b&gt; &quot;q&quot; &apos;a&apos; &#128512;</obj:firstName></impl:buyer>` +
      `<impl:order><obj:ref>&amp;lt;</obj:ref><obj:country>&#65;&#x42;&#x1F600;</obj:country><obj:date>no entity</obj:date></impl:order>` +
      `</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`;
    const { body } = parseRequest(xml);
    expect(text(body, 'order.country')).toBe('AB😀');
    expect(text(body, 'order.date')).toBe('no entity');
    expect(text(body, 'returnURL')).toBe('https://shop.example/?wc-api=X&url_type=return');
    expect(text(body, 'buyer.lastName')).toBe('Léon & Frédéric');
    expect(text(body, 'buyer.firstName')).toBe(`<b> "q" 'a' 😀`);
    // decoded once only
    expect(text(body, 'order.ref')).toBe('&lt;');
  });

  it('reads CDATA sections as text', () => {
    const xml =
      `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><soapenv:Body><impl:doWebPaymentRequest>` +
      `<impl:buyer><obj:lastName><![CDATA[<Dupont> & Co]]></obj:lastName></impl:buyer>` +
      `</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`;
    expect(text(parseRequest(xml).body, 'buyer.lastName')).toBe('<Dupont> & Co');
  });

  it('keeps repeated elements as a list (selectedContractList, privateDataList)', () => {
    const xml =
      `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><soapenv:Body><impl:doWebPaymentRequest>` +
      `<impl:selectedContractList><obj:selectedContract>A</obj:selectedContract><obj:selectedContract>B</obj:selectedContract></impl:selectedContractList>` +
      `<impl:privateDataList><obj:privateData><obj:key>k1</obj:key><obj:value>v1</obj:value></obj:privateData>` +
      `<obj:privateData><obj:key>k2</obj:key><obj:value/></obj:privateData><obj:privateData><obj:value>orphan</obj:value></obj:privateData></impl:privateDataList>` +
      `</impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`;
    const { body } = parseRequest(xml);
    expect(list(child(body, 'selectedContractList')?.['selectedContract'])).toEqual(['A', 'B']);
    expect(text(body, 'selectedContractList.selectedContract')).toBe('A');
    expect(privateData(body)).toEqual([
      { key: 'k1', value: 'v1' },
      { key: 'k2', value: '' },
    ]);
    expect(list(undefined)).toEqual([]);
    expect(list('x')).toEqual(['x']);
  });
});

describe('parseRequest: refusals', () => {
  const billionLaughs =
    `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n` +
    Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">\n`).join('') +
    `]>\n<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}" xmlns:obj="${OBJ}"><soapenv:Body><impl:doWebPaymentRequest>` +
    `<impl:buyer><obj:lastName>&lol9;</obj:lastName></impl:buyer></impl:doWebPaymentRequest></soapenv:Body></soapenv:Envelope>`;

  it('refuses a DOCTYPE (billion laughs) at once, without expanding anything', () => {
    const started = Date.now();
    const f = faultOf(() => parseRequest(billionLaughs));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(f.faultCode).toBe('Client');
    expect(f.message).toMatch(/DOCTYPE/);
    expect(f.message).not.toMatch(/lollol/);
  });

  it('refuses a DOCTYPE with an external entity (XXE), whatever its case', () => {
    const xxe =
      `<?xml version="1.0"?><!doctype foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
      `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><r><a>&xxe;</a></r></soapenv:Body></soapenv:Envelope>`;
    const f = faultOf(() => parseRequest(xxe));
    expect(f.faultCode).toBe('Client');
    expect(f.message).not.toMatch(/root:/);
  });

  it('refuses an undeclared entity reference (a well-formedness error) without expanding anything', () => {
    const xml = `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><r><a>&lol9;</a></r></soapenv:Body></soapenv:Envelope>`;
    expect(() => parseRequest(xml)).toThrow(/Malformed XML: undefined entity &lol9;/);
  });

  it.each([
    ['an unclosed tag', `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><r>`],
    ['mismatched tags', `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><r></x></soapenv:Body></soapenv:Envelope>`],
    ['text that is not XML', 'hello, this is not XML'],
    ['JSON', '{"doWebPayment": {}}'],
    ['two root elements', `<soapenv:Envelope xmlns:soapenv="${SOAP11}"/><soapenv:Envelope xmlns:soapenv="${SOAP11}"/>`],
    ['a bare ampersand', `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><r><a>A & B</a></r></soapenv:Body></soapenv:Envelope>`],
    ['a half-written element', `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><r><a`],
  ])('refuses malformed XML (%s) with a Client fault', (_name, xml) => {
    expect(faultOf(() => parseRequest(xml)).faultCode).toBe('Client');
  });

  it('refuses an empty message with a Client fault and a readable message', () => {
    const f = faultOf(() => parseRequest(''));
    expect(f.faultCode).toBe('Client');
    expect(f.message).not.toMatch(/undefined/);
  });

  it('refuses nesting deeper than any real request without overflowing the stack', () => {
    const depth = 50_000;
    const xml = `<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Body><r>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</r></soapenv:Body></soapenv:Envelope>`;
    expect(faultOf(() => parseRequest(xml)).faultCode).toBe('Client');
  });

  it('refuses a root element other than Envelope', () => {
    const f = faultOf(() => parseRequest(`<impl:doWebPaymentRequest xmlns:impl="${IMPL}"><impl:version>34</impl:version></impl:doWebPaymentRequest>`));
    expect(f.faultCode).toBe('Client');
    expect(f.message).toMatch(/Envelope/);
  });

  it('refuses an Envelope without a Body (only a Header)', () => {
    const f = faultOf(() => parseRequest(`<soapenv:Envelope xmlns:soapenv="${SOAP11}"><soapenv:Header><h>1</h></soapenv:Header></soapenv:Envelope>`));
    expect(f.faultCode).toBe('Client');
    expect(f.message).toMatch(/Body/);
  });

  it('refuses an empty <Envelope/> with a Client fault saying the Body is missing', () => {
    const f = faultOf(() => parseRequest(`<soapenv:Envelope xmlns:soapenv="${SOAP11}"/>`));
    expect(f.faultCode).toBe('Client');
    // it is an Envelope (so not "not a SOAP envelope"): what is missing is its Body
    expect(f.message).toMatch(/Body/);
  });

  it('refuses a Body with no element, two different elements or the same element twice', () => {
    const env = (inner: string) => `<soapenv:Envelope xmlns:soapenv="${SOAP11}" xmlns:impl="${IMPL}"><soapenv:Body>${inner}</soapenv:Body></soapenv:Envelope>`;
    for (const inner of [
      '',
      '<impl:doWebPaymentRequest><impl:version>34</impl:version></impl:doWebPaymentRequest><impl:getWebPaymentDetailsRequest><impl:token>t</impl:token></impl:getWebPaymentDetailsRequest>',
      '<impl:getWebPaymentDetailsRequest><impl:token>a</impl:token></impl:getWebPaymentDetailsRequest><impl:getWebPaymentDetailsRequest><impl:token>b</impl:token></impl:getWebPaymentDetailsRequest>',
    ]) {
      const f = faultOf(() => parseRequest(env(inner)));
      expect(f.faultCode).toBe('Client');
      expect(f.message).toMatch(/Body/);
    }
  });

  it('answers a SOAP 1.2 envelope with VersionMismatch', () => {
    const xml = `<env:Envelope xmlns:env="${SOAP12}" xmlns:impl="${IMPL}"><env:Body><impl:getWebPaymentDetailsRequest><impl:token>t</impl:token></impl:getWebPaymentDetailsRequest></env:Body></env:Envelope>`;
    const f = faultOf(() => parseRequest(xml));
    expect(f.faultCode).toBe('VersionMismatch');
    expect(f.message).toContain(SOAP11);
  });

  it('answers an Envelope in another namespace (or none) with VersionMismatch', () => {
    for (const xml of [
      `<Envelope><Body><getWebPaymentDetailsRequest><token>t</token></getWebPaymentDetailsRequest></Body></Envelope>`,
      `<e:Envelope xmlns:e="urn:not-soap"><e:Body><getWebPaymentDetailsRequest><token>t</token></getWebPaymentDetailsRequest></e:Body></e:Envelope>`,
    ]) {
      expect(faultOf(() => parseRequest(xml)).faultCode).toBe('VersionMismatch');
    }
  });

  it('does not take a SOAP 1.1 namespace URI inside a field value for the namespace of the Envelope', () => {
    const xml = `<e:Envelope xmlns:e="urn:not-soap"><e:Body><r><a>${SOAP11}</a></r></e:Body></e:Envelope>`;
    expect(faultOf(() => parseRequest(xml)).faultCode).toBe('VersionMismatch');
  });

  it('does not mistake the SOAP 1.2 namespace URI inside a field value for a SOAP 1.2 envelope', () => {
    const xml = doWebPaymentEnvelope({ ...plain, pdValue: SOAP12, returnURL: `https://shop.example/return?ns=${SOAP12}` });
    const parsed = parseRequest(xml);
    expect(privateData(parsed.body)).toEqual([{ key: 'k', value: SOAP12 }]);
    expect(text(parsed.body, 'returnURL')).toBe(`https://shop.example/return?ns=${SOAP12}`);
  });
});

describe('read helpers', () => {
  const body: XObj = { a: { b: [{ c: 'first' }, { c: 'second' }] }, s: 'text', l: ['x', 'y'] };

  it('pick follows a dotted path and enters arrays at their first item', () => {
    expect(pick(body, 'a.b.c')).toBe('first');
    expect(pick(body, 'l')).toBe('x');
    expect(pick(body, 's.deeper')).toBeUndefined();
    expect(pick(body, 'missing.x')).toBeUndefined();
  });

  it('text and child only return their kind', () => {
    expect(text(body, 's')).toBe('text');
    expect(text(body, 'a')).toBeUndefined();
    expect(child(body, 'a')).toEqual({ b: [{ c: 'first' }, { c: 'second' }] });
    expect(child(body, 's')).toBeUndefined();
  });
});

describe('renderResponse', () => {
  it('follows the schema order whatever the key order, impl: for the direct children and obj: inside', () => {
    const xml = renderResponse('doWebPayment', {
      redirectURL: 'https://sim.example/v2/?token=T',
      token: 'T',
      result: { longMessage: 'Transaction approved', code: '00000', shortMessage: 'ACCEPTED' },
    });
    expect(responseTags(xml, 'impl:doWebPaymentResponse')).toEqual(['impl:result', 'obj:code', 'obj:shortMessage', 'obj:longMessage', 'impl:token', 'impl:redirectURL']);
    expect(xml).toContain('<impl:result><obj:code>00000</obj:code><obj:shortMessage>ACCEPTED</obj:shortMessage><obj:longMessage>Transaction approved</obj:longMessage></impl:result>');
    expect(xml).toContain('<impl:token>T</impl:token><impl:redirectURL>https://sim.example/v2/?token=T</impl:redirectURL>');
  });

  it('is a well-formed SOAP 1.1 envelope declaring impl, obj and xsi', () => {
    const xml = renderResponse('doWebPayment', { result: { code: '00000' } });
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(xml) as Record<string, Record<string, unknown>>;
    const envName = Object.keys(doc).find((k) => k.endsWith('Envelope'))!;
    const envPrefix = envName.split(':')[0]!;
    expect(doc[envName]![`@xmlns:${envPrefix}`]).toBe(SOAP11);
    expect(xml).toMatch(new RegExp(`<impl:doWebPaymentResponse[^>]*xmlns:impl="${IMPL}"`));
    expect(xml).toMatch(new RegExp(`<impl:doWebPaymentResponse[^>]*xmlns:obj="${OBJ}"`));
    expect(xml).toMatch(new RegExp(`<impl:doWebPaymentResponse[^>]*xmlns:xsi="${XSI}"`));
  });

  it('orders nested types too (getWebPaymentDetails: transaction, payment, buyer, ...) with obj: at every depth', () => {
    const xml = renderResponse('getWebPaymentDetails', {
      buyer: { email: 'e@example.com', firstName: 'Jean', lastName: 'Dupont', billingAddress: { country: 'BE', cityName: 'Bruxelles' } },
      contractNumber: 'BANCONTACT',
      order: { date: '19/01/2024 10:30', currency: '978', amount: '1000', ref: '0042' },
      bankAccountData: { accountNumber: 'BE12XXXXXXXXXX13', bankCode: 'GKCCBEBB', countryCode: 'BE' },
      card: { expirationDate: '1129', type: 'BANCONTACT_MNXT', number: '670999XXXXXX8313' },
      authorization: { date: '27/11/2026 17:18:47', number: '709909' },
      payment: { softDescriptor: 'DemoShop', mode: 'CPT', action: '101', currency: '978', amount: '1000' },
      transaction: { softDescriptor: 'DemoShop', isPossibleFraud: '0', date: '27/11/2026 17:18:47', id: 'G26112717184709909', card: { type: 'BANCONTACT_MNXT', number: 'N' } },
      result: { code: '00000', shortMessage: 'ACCEPTED' },
    });
    // required elements with no value go out as placeholders (xsi:nil, empty): leave them out to compare
    expect(responseTags(withoutPlaceholders(xml), 'impl:getWebPaymentDetailsResponse')).toEqual([
      'impl:result', 'obj:code', 'obj:shortMessage',
      'impl:transaction', 'obj:id', 'obj:date', 'obj:isPossibleFraud', 'obj:softDescriptor', 'obj:card', 'obj:number', 'obj:type',
      'impl:payment', 'obj:amount', 'obj:currency', 'obj:action', 'obj:mode', 'obj:softDescriptor',
      'impl:authorization', 'obj:number', 'obj:date',
      'impl:card', 'obj:number', 'obj:type', 'obj:expirationDate',
      'impl:order', 'obj:ref', 'obj:amount', 'obj:currency', 'obj:date',
      'impl:contractNumber',
      'impl:bankAccountData', 'obj:countryCode', 'obj:bankCode', 'obj:accountNumber',
      'impl:buyer', 'obj:lastName', 'obj:firstName', 'obj:email', 'obj:billingAddress', 'obj:cityName', 'obj:country',
    ]);
  });

  it('escapes text', () => {
    const xml = renderResponse('doWebPayment', { result: { code: '02308', longMessage: `Invalid value for buyer.lastName: "<Dupont> & 'Co'"` }, redirectURL: 'https://x.example/?a=1&b=2' });
    expect(xml).toContain('<obj:longMessage>Invalid value for buyer.lastName: &quot;&lt;Dupont&gt; &amp; &apos;Co&apos;&quot;</obj:longMessage>');
    expect(xml).toContain('<impl:redirectURL>https://x.example/?a=1&amp;b=2</impl:redirectURL>');
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('renders null as xsi:nil="true", leaves an optional undefined out and a required one as a placeholder', () => {
    const xml = renderResponse('doWebPayment', { result: { code: '02308', shortMessage: 'ERROR', longMessage: null, partnerCode: undefined }, token: null, redirectURL: undefined });
    expect(xml).toContain('<impl:token xsi:nil="true"/>');
    expect(xml).toContain('<obj:longMessage xsi:nil="true"/>');
    // redirectURL is required (minOccurs 1) and nillable; stepCode and partnerCode are optional
    expect(xml).toContain('<impl:redirectURL xsi:nil="true"/>');
    expect(xml).not.toContain('stepCode');
    expect(xml).not.toContain('partnerCode');
  });

  it('fills required elements the object lacks, recursively, so strict clients accept the answer', () => {
    const xml = renderResponse('getMerchantSettings', { result: { code: '00000' }, listPointOfSell: { pointOfSell: [{ label: 'POS1' }] } });
    // pointOfSell.id is optional; siret is required and nillable; contracts is a required complex type
    expect(xml).toMatch(/<impl:pointOfSell><obj:siret xsi:nil="true"\/><obj:codeMcc xsi:nil="true"\/><obj:label>POS1<\/obj:label>/);
    expect(xml).toContain('<obj:contracts/>');
    expect(xml).toContain('<obj:label>POS1</obj:label>');
    expect(XMLValidator.validate(xml)).toBe(true);
  });

  it('repeats arrays as elements, in order', () => {
    const xml = renderResponse('getWebPaymentDetails', {
      result: { code: '00000' },
      privateDataList: { privateData: [{ value: 'v1', key: 'k1' }, { key: 'k2', value: 'v2' }] },
    });
    expect(xml).toContain(
      '<impl:privateDataList><obj:privateData><obj:key>k1</obj:key><obj:value>v1</obj:value></obj:privateData><obj:privateData><obj:key>k2</obj:key><obj:value>v2</obj:value></obj:privateData></impl:privateDataList>',
    );
  });

  it('ignores keys the schema does not know', () => {
    const xml = renderResponse('doWebPayment', { result: { code: '00000', internal: 'secret' }, bogus: 'x', token: 'T' } as never);
    expect(xml).not.toContain('bogus');
    expect(xml).not.toContain('secret');
    expect(xml).not.toContain('internal');
  });

  it('can be read back by parseRequest with the same values', () => {
    const xml = renderResponse('doWebPayment', { result: { code: '00000', longMessage: `a<b>&"c'` }, token: '0042' });
    expect(parseRequest(xml)).toEqual({ operation: 'doWebPaymentResponse', body: { result: { code: '00000', longMessage: `a<b>&"c'` }, token: '0042' } });
  });

  it('throws on an operation it has no schema for', () => {
    expect(() => renderResponse('noSuchOperation', {})).toThrow(/noSuchOperation/);
  });
});

describe('renderFault', () => {
  it.each<FaultCode>(['Client', 'Server', 'VersionMismatch'])('renders a SOAP 1.1 Fault with faultcode %s and an escaped faultstring', (code) => {
    const xml = renderFault(code, 'Operation <doIt> & "more"');
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: false }).parse(xml) as Record<string, Record<string, Record<string, unknown>>>;
    const envName = Object.keys(doc).find((k) => k.endsWith(':Envelope'))!;
    const prefix = envName.split(':')[0]!;
    expect(doc[envName]![`@xmlns:${prefix}`]).toBe(SOAP11);
    const fault = doc[envName]![`${prefix}:Body`]![`${prefix}:Fault`] as Record<string, string>;
    expect(fault['faultcode']).toBe(`${prefix}:${code}`);
    expect(xml).toContain('<faultstring>Operation &lt;doIt&gt; &amp; &quot;more&quot;</faultstring>');
  });
});

// ---------------------------------------------------------------------------
// Properties

/** Characters XML 1.0 can carry in text (CR excluded: parsers turn a literal CR into LF). */
function xmlChar(c: string): boolean {
  const cp = c.codePointAt(0)!;
  return cp === 0x9 || cp === 0xa || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) || cp >= 0x10000;
}

const SPECIALS = ['&', '<', '>', '"', "'", ']]>', '&amp;', '&#233;', '&lt;', '&lol;', '<!DOCTYPE x>', '<!ENTITY', '<![CDATA[', '-->', ' ', '\t', '\n', '\u00a0', 'é', '😀', '\u202e', 'xsi:nil="true"', '</impl:buyer>', '0'];

const fieldText = fc.string({
  unit: fc.oneof(
    { arbitrary: fc.constantFrom(...SPECIALS), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter(xmlChar), weight: 3 },
  ),
  maxLength: 30,
});

/** What a field reads as once parsed: trimmed, and absent when nothing is left. */
const expected = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

describe('properties', () => {
  it('returns exactly the strings a client put in the fields (after trim)', () => {
    fc.assert(
      fc.property(
        fc.record({ lastName: fieldText, firstName: fieldText, ref: fieldText, returnURL: fieldText, pdKey: fieldText, pdValue: fieldText, softDescriptor: fieldText }),
        (v) => {
          const { operation, body } = parseRequest(doWebPaymentEnvelope(v));
          expect(operation).toBe('doWebPayment');
          expect(text(body, 'buyer.lastName')).toBe(expected(v.lastName));
          expect(text(body, 'buyer.firstName')).toBe(expected(v.firstName));
          expect(text(body, 'order.ref')).toBe(expected(v.ref));
          expect(text(body, 'returnURL')).toBe(expected(v.returnURL));
          expect(text(body, 'payment.softDescriptor')).toBe(expected(v.softDescriptor));
          expect(text(body, 'privateDataList.privateData.key')).toBe(expected(v.pdKey));
          expect(text(body, 'privateDataList.privateData.value')).toBe(expected(v.pdValue));
          // the fields around them are untouched
          expect(text(body, 'payment.amount')).toBe('1000');
          expect(text(body, 'buyer.email')).toBe('jean@example.com');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('renders any string so that it reads back the same (after trim)', () => {
    fc.assert(
      fc.property(fieldText, fieldText, (a, b) => {
        const { body } = parseRequest(renderResponse('doWebPayment', { result: { code: '00000', longMessage: a }, token: b }));
        expect(text(body, 'result.longMessage')).toBe(expected(a));
        expect(text(body, 'token')).toBe(expected(b));
      }),
      { numRuns: 200 },
    );
  });

  function returnsOrFaults(input: string): void {
    let r: ParsedRequest;
    try {
      r = parseRequest(input);
    } catch (e) {
      if (!(e instanceof SoapFault)) throw new Error(`parseRequest threw ${String(e)} instead of a SoapFault for ${JSON.stringify(input.slice(0, 200))}`);
      expect(['Client', 'VersionMismatch', 'Server']).toContain(e.faultCode);
      return;
    }
    expect(typeof r.operation).toBe('string');
    expect(typeof r.body).toBe('object');
  }

  it('for arbitrary bytes either returns or throws a SoapFault', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        returnsOrFaults(Buffer.from(bytes).toString('utf8'));
        returnsOrFaults(Buffer.from(bytes).toString('latin1'));
      }),
      { numRuns: 500 },
    );
  });

  const PIECES = [
    `<soapenv:Envelope xmlns:soapenv="${SOAP11}">`, '</soapenv:Envelope>', '<soapenv:Body>', '</soapenv:Body>', '<soapenv:Body/>',
    `<Envelope xmlns="${SOAP11}">`, '</Envelope>', '<Body>', '</Body>', `xmlns:x="${SOAP12}"`,
    '<impl:doWebPaymentRequest>', '</impl:doWebPaymentRequest>', '<a>', '</a>', '<a/>', '<b x="1">', '</b>', '<obj:ref>', '</obj:ref>',
    '<a xsi:nil="true"/>', '<__proto__>', '</__proto__>', '<constructor>', '</constructor>', '<hasOwnProperty>', '</hasOwnProperty>',
    '<?xml version="1.0"?>', '<!DOCTYPE a>', '<!-- c -->', '<![CDATA[', ']]>', '<?pi x?>',
    '&amp;', '&#233;', '&#0;', '&#xD800;', '&#99999999;', '&lol;', '&', '<', '>', '"', "'", '=', ' ', '\n', 'text', '0042', '\u0000', '\uFFFF', '😀',
  ];

  it('for arbitrary pieces of SOAP either returns or throws a SoapFault', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (pieces) => {
        returnsOrFaults(pieces.join(''));
      }),
      { numRuns: 1000 },
    );
  });

  it('for a valid envelope with garbage spliced in either returns or throws a SoapFault', () => {
    const base = doWebPaymentEnvelope(plain);
    fc.assert(
      fc.property(fc.nat({ max: base.length }), fc.nat({ max: 20 }), fc.string({ unit: fc.constantFrom(...PIECES), maxLength: 5 }), (at, cut, junk) => {
        returnsOrFaults(base.slice(0, at) + junk + base.slice(at + cut));
      }),
      { numRuns: 1000 },
    );
  });
});

/** The XML without xsi:nil elements and empty elements (the placeholders of required elements). */
function withoutPlaceholders(xml: string): string {
  let prev: string;
  do {
    prev = xml;
    xml = xml.replace(/<([\w:]+) xsi:nil="true"\/>/g, '').replace(/<([\w:]+)\/>/g, '').replace(/<([\w:]+)><\/\1>/g, '');
  } while (xml !== prev);
  return xml;
}
