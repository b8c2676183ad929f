/** The SOAP requests the benchmark sends: shaped like a Magento shop's (PHP SDK) calls. */
export const DEMO_AUTH = 'Basic ' + Buffer.from('12345678901234:DEMOACCESSKEY').toString('base64');

export function doWebPaymentXml(orderRef: string, amount = '9900'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://impl.ws.payline.experian.com" xmlns:ns2="http://obj.ws.payline.experian.com" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><SOAP-ENV:Body><ns1:doWebPaymentRequest><ns1:version>34</ns1:version><ns1:payment><ns2:amount>${amount}</ns2:amount><ns2:currency>978</ns2:currency><ns2:action>101</ns2:action><ns2:mode>CPT</ns2:mode><ns2:contractNumber>BANCONTACT</ns2:contractNumber><ns2:differedActionDate xsi:nil="true"/><ns2:softDescriptor xsi:nil="true"/></ns1:payment><ns1:returnURL>https://shop.example/payline/return?wc-api=Gateway&amp;url_type=return</ns1:returnURL><ns1:cancelURL>https://shop.example/payline/cancel</ns1:cancelURL><ns1:order><ns2:ref>${orderRef}</ns2:ref><ns2:origin xsi:nil="true"/><ns2:country>BE</ns2:country><ns2:amount>${amount}</ns2:amount><ns2:currency>978</ns2:currency><ns2:date>19/01/2024 10:30</ns2:date></ns1:order><ns1:selectedContractList><ns2:selectedContract>BANCONTACT</ns2:selectedContract></ns1:selectedContractList><ns1:privateDataList><ns2:privateData><ns2:key>OrderSaleChannel</ns2:key><ns2:value>DESKTOP</ns2:value></ns2:privateData></ns1:privateDataList><ns1:languageCode>fr</ns1:languageCode><ns1:buyer><ns2:lastName>Dupont</ns2:lastName><ns2:firstName>Jean</ns2:firstName><ns2:email>jean@example.com</ns2:email><ns2:walletId xsi:nil="true"/></ns1:buyer></ns1:doWebPaymentRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
}

export function getWebPaymentDetailsXml(token: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="http://impl.ws.payline.experian.com"><SOAP-ENV:Body><ns1:getWebPaymentDetailsRequest><ns1:version>34</ns1:version><ns1:token>${token}</ns1:token></ns1:getWebPaymentDetailsRequest></SOAP-ENV:Body></SOAP-ENV:Envelope>`;
}

/** The text of the first `<…:name>` element of a response. */
export function element(xml: string, name: string): string | undefined {
  const m = new RegExp(`<(?:\\w+:)?${name}>([^<]*)</`).exec(xml);
  return m?.[1];
}
