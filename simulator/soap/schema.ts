// SOAP schema of the operations this simulator implements, as plain data.
//
// Transcribed from Monext's official WSDL (the one shipped with PHP SDK 4.77,
// Monext/monext-php-sdk@091203d8): element names, types, order, minOccurs,
// maxOccurs and nillable are exactly the official ones, so that clients built
// from the official WSDL work unmodified. `scripts/check-wsdl-compat.ts`
// verifies this against the official files.
//
// Normalisations (the official WSDL goes beyond plain named sequences):
// - minOccurs=1, maxOccurs=1 and nillable="false" are left out (defaults).
// - Anonymous complexTypes (an element with an inline <complexType>) get a
//   synthetic name '<owner>.<element>'. A dotted name is never a real type:
//   renderWsdl() writes it back inline, as in the official WSDL.
//   - declared in the obj schema: in OBJ_TYPES, referenced as 'tns1:<name>';
//     its children are in OBJ_NS like any obj type;
//   - declared inside an impl:<op>Response element (only
//     getMerchantSettingsResponse/listPointOfSell): in IMPL_TYPES, referenced
//     as 'impl:<name>'; its children (pointOfSell) are in IMPL_NS.
// - An inline <simpleType> restriction (contract.settlementType,
//   pointOfSell.codeMcc, virtualTerminalFunction.function) is reduced to its
//   base type; its facets (enumeration, length) are not kept.
// - Not kept either: default="Manual" (contract.settlementType), default="10"
//   (virtualTerminal.inactivityDelay), the attribute "id" of
//   virtualTerminalFunction/functionParameter, and the non-schema
//   wsdl:required="true" (subMerchant.subMerchantId, media.id).
// - virtualTerminalFunction's nested <sequence minOccurs="0"> around
//   functionParameter (1..unbounded) is flattened to functionParameter
//   0..unbounded, which accepts exactly the same documents.
// - The bare type 'string' (payment.cardBrand, statusHistory.date, ...) is kept
//   as written; it means xsd:string because the official schemas (and ours)
//   declare the XML Schema namespace as the default namespace.

export type ApiName = 'WebPaymentAPI' | 'DirectPaymentAPI' | 'ExtendedAPI';

export interface FieldDef {
  name: string; // element name, e.g. 'amount'
  type: string; // as in the official WSDL ('xsd:string', 'tns1:payment', bare 'string'), or a synthetic 'tns1:<owner>.<element>' / 'impl:<owner>.<element>'
  minOccurs?: number; // omitted = 1
  maxOccurs?: number | 'unbounded'; // omitted = 1
  nillable?: boolean; // omitted = false
}

/** request = children of impl:<op>Request, response = children of impl:<op>Response, in WSDL sequence order. */
export interface OperationDef {
  api: ApiName;
  request: FieldDef[];
  response: FieldDef[];
}

export const IMPL_NS = 'http://impl.ws.payline.experian.com';
export const OBJ_NS = 'http://obj.ws.payline.experian.com';

/** Every obj-namespace complexType reachable from OPERATIONS (official order), plus the synthetic dotted ones. */
export const OBJ_TYPES: Record<string, FieldDef[]> = {
  result: [
    { name: 'code', type: 'xsd:string' },
    { name: 'shortMessage', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'longMessage', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'partnerCode', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'partnerCodeLabel', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  cardOut: [
    { name: 'number', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'type', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'expirationDate', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'cardholder', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'token', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'panType', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  extendedCardType: [
    { name: 'country', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'isCvd', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'bank', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'type', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'network', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'product', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  order: [
    { name: 'ref', type: 'xsd:string' },
    { name: 'origin', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'country', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'taxes', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'amount', type: 'xsd:string' },
    { name: 'currency', type: 'xsd:string' },
    { name: 'date', type: 'xsd:string' },
    { name: 'details', type: 'tns1:details', minOccurs: 0, nillable: true },
    { name: 'deliveryTime', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'deliveryMode', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'deliveryExpectedDate', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'deliveryExpectedDelay', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'deliveryCharge', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'discountAmount', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'otaPackageType', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'otaDestinationCountry', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'bookingReference', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'orderDetail', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'orderExtended', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'orderOTA', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  key: [
    { name: 'keyId', type: 'xsd:integer' },
    { name: 'modulus', type: 'xsd:string' },
    { name: 'merchantKeyName', type: 'xsd:string' },
    { name: 'publicExponent', type: 'xsd:string' },
    { name: 'expirationDate', type: 'xsd:string' },
    { name: 'cipher', type: 'xsd:string', nillable: true },
    { name: 'algo', type: 'xsd:string', nillable: true },
    { name: 'size', type: 'xsd:integer', nillable: true },
  ],
  details: [
    { name: 'details', type: 'tns1:orderDetail', minOccurs: 0, maxOccurs: 100 },
  ],
  orderDetail: [
    { name: 'ref', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'price', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'quantity', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'comment', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'category', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'brand', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'subcategory1', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'subcategory2', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'additionalData', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'taxRate', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'seller', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'sellerType', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  privateData: [
    { name: 'key', type: 'xsd:string' },
    { name: 'value', type: 'xsd:string' },
  ],
  miscDataPair: [
    { name: 'key', type: 'xsd:string' },
    { name: 'value', type: 'xsd:string', nillable: true },
  ],
  transaction: [
    { name: 'id', type: 'xsd:string' },
    { name: 'date', type: 'xsd:string' },
    { name: 'isDuplicated', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'isPossibleFraud', type: 'xsd:string', nillable: true },
    { name: 'fraudResult', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'fraudResultDetails', type: 'tns1:fraudResultDetails', minOccurs: 0, nillable: true },
    { name: 'explanation', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'threeDSecure', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'softDescriptor', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'score', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'scoring', type: 'tns1:scoring', minOccurs: 0, nillable: true },
    { name: 'externalWalletType', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'externalWalletContractNumber', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'partnerAdditionalData', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'avs', type: 'tns1:avs', minOccurs: 0, nillable: true },
    { name: 'customerId', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'type', type: 'xsd:string', minOccurs: 0 },
    { name: 'orderReference', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'payment', type: 'tns1:payment', minOccurs: 0, nillable: true },
    { name: 'pointOfSell', type: 'tns1:pointOfSell', minOccurs: 0, nillable: true },
    { name: 'card', type: 'tns1:cardOut', minOccurs: 0, nillable: true },
    { name: 'extendedCard', type: 'tns1:extendedCardType', minOccurs: 0, nillable: true },
  ],
  scoring: [
    { name: 'partnerId', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'orderId', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'value', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'response', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'errorMessage', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  fraudResultDetails: [
    { name: 'code', type: 'xsd:string' },
    { name: 'shortMessage', type: 'xsd:string' },
    { name: 'longMessage', type: 'xsd:string' },
  ],
  payment: [
    { name: 'amount', type: 'xsd:string', nillable: true },
    { name: 'currency', type: 'xsd:string' },
    { name: 'action', type: 'xsd:string' },
    { name: 'mode', type: 'xsd:string' },
    { name: 'contractNumber', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'differedActionDate', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'method', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'softDescriptor', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'cardBrand', type: 'string', minOccurs: 0, nillable: true },
    { name: 'registrationToken', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'cumulatedAmount', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  authorization: [
    { name: 'number', type: 'xsd:string' },
    { name: 'date', type: 'xsd:string' },
    { name: 'authorizedAmount', type: 'xsd:string', nillable: true },
    { name: 'authorizedCurrency', type: 'xsd:string', nillable: true },
    { name: 'reattempt', type: 'tns1:reattempt', minOccurs: 0, nillable: true },
  ],
  paymentData: [
    { name: 'transactionID', type: 'xsd:string', minOccurs: 0 },
    { name: 'network', type: 'xsd:string', minOccurs: 0 },
    { name: 'tokenData', type: 'xsd:string', minOccurs: 0 },
  ],
  card: [
    { name: 'encryptionKeyId', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'encryptedData', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'number', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'type', type: 'xsd:string' },
    { name: 'expirationDate', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'cvx', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'ownerBirthdayDate', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'password', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'cardPresent', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'cardholder', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'token', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'paymentData', type: 'tns1:paymentData', minOccurs: 0 },
    { name: 'par', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'tokenRequestorCryptogram', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'tokenRequestorId', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'last4', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'panType', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  buyer: [
    { name: 'title', type: 'xsd:string', nillable: true },
    { name: 'lastName', type: 'xsd:string', nillable: true },
    { name: 'firstName', type: 'xsd:string', nillable: true },
    { name: 'email', type: 'xsd:string', nillable: true },
    { name: 'shippingAdress', type: 'tns1:address', nillable: true },
    { name: 'billingAddress', type: 'tns1:address', nillable: true },
    { name: 'accountCreateDate', type: 'xsd:string', nillable: true },
    { name: 'accountAverageAmount', type: 'xsd:string', nillable: true },
    { name: 'accountOrderCount', type: 'xsd:string', nillable: true },
    { name: 'walletId', type: 'xsd:string', nillable: true },
    { name: 'walletDisplayed', type: 'xsd:string', nillable: true },
    { name: 'walletSecured', type: 'xsd:string', nillable: true },
    { name: 'walletCardInd', type: 'xsd:string', nillable: true },
    { name: 'ip', type: 'xsd:string', nillable: true },
    { name: 'mobilePhone', type: 'xsd:string', nillable: true },
    { name: 'customerId', type: 'xsd:string', nillable: true },
    { name: 'legalStatus', type: 'xsd:string', nillable: true },
    { name: 'legalDocumentType', type: 'xsd:string', nillable: true },
    { name: 'legalDocument', type: 'xsd:string', nillable: true },
    { name: 'birthDate', type: 'xsd:string', nillable: true },
    { name: 'fingerprintID', type: 'xsd:string', nillable: true },
    { name: 'deviceFingerprint', type: 'xsd:string', nillable: true },
    { name: 'isBot', type: 'xsd:string', nillable: true },
    { name: 'isIncognito', type: 'xsd:string', nillable: true },
    { name: 'isBehindProxy', type: 'xsd:string', nillable: true },
    { name: 'isFromTor', type: 'xsd:string', nillable: true },
    { name: 'isEmulator', type: 'xsd:string', nillable: true },
    { name: 'isRooted', type: 'xsd:string', nillable: true },
    { name: 'hasTimezoneMismatch', type: 'xsd:string', nillable: true },
    { name: 'loyaltyMemberType', type: 'xsd:string', nillable: true },
    { name: 'buyerExtended', type: 'xsd:string', nillable: true },
    { name: 'merchantAuthentication', type: 'tns1:merchantAuthentication', nillable: true },
  ],
  owner: [
    { name: 'lastName', type: 'xsd:string', nillable: true },
    { name: 'firstName', type: 'xsd:string', nillable: true },
    { name: 'billingAddress', type: 'tns1:addressOwner', nillable: true },
    { name: 'issueCardDate', type: 'xsd:string', nillable: true },
  ],
  address: [
    { name: 'title', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'name', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'firstName', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'lastName', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'street1', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'street2', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'streetNumber', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'cityName', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'zipCode', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'country', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'phone', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'state', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'county', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'phoneType', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'addressCreateDate', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'email', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  addressOwner: [
    { name: 'street', type: 'xsd:string', nillable: true },
    { name: 'cityName', type: 'xsd:string', nillable: true },
    { name: 'zipCode', type: 'xsd:string', nillable: true },
    { name: 'country', type: 'xsd:string', nillable: true },
    { name: 'phone', type: 'xsd:string', nillable: true },
  ],
  selectedContractList: [
    { name: 'selectedContract', type: 'xsd:string', maxOccurs: 25 },
  ],
  privateDataList: [
    { name: 'privateData', type: 'tns1:privateData', minOccurs: 0, maxOccurs: 100 },
  ],
  miscData: [
    { name: 'miscDataPair', type: 'tns1:miscDataPair', minOccurs: 0, maxOccurs: 100 },
  ],
  avs: [
    { name: 'result', type: 'xsd:string' },
    { name: 'resultFromAcquirer', type: 'xsd:string' },
  ],
  contractNumberWalletList: [
    { name: 'contractNumberWallet', type: 'xsd:string', minOccurs: 0, maxOccurs: 99 },
  ],
  recurring: [
    { name: 'firstAmount', type: 'xsd:string', nillable: true },
    { name: 'amount', type: 'xsd:string' },
    { name: 'billingCycle', type: 'xsd:string' },
    { name: 'billingLeft', type: 'xsd:string' },
    { name: 'billingDay', type: 'xsd:string', nillable: true },
    { name: 'startDate', type: 'xsd:string', nillable: true },
    { name: 'endDate', type: 'xsd:string', nillable: true },
    { name: 'newAmount', type: 'xsd:string', nillable: true },
    { name: 'amountModificationDate', type: 'xsd:string', nillable: true },
    { name: 'billingRank', type: 'xsd:string', nillable: true },
  ],
  billingRecord: [
    { name: 'date', type: 'xsd:string' },
    { name: 'amount', type: 'xsd:string' },
    { name: 'status', type: 'xsd:string' },
    { name: 'result', type: 'tns1:result', minOccurs: 0, nillable: true },
    { name: 'transaction', type: 'tns1:transaction', minOccurs: 0, nillable: true },
    { name: 'authorization', type: 'tns1:authorization', minOccurs: 0, nillable: true },
    { name: 'nbTry', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'rank', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  billingRecordList: [
    { name: 'billingRecord', type: 'tns1:billingRecord', minOccurs: 0, maxOccurs: 100 },
  ],
  wallet: [
    { name: 'walletId', type: 'xsd:string' },
    { name: 'lastName', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'firstName', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'email', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'shippingAddress', type: 'tns1:address', minOccurs: 0, nillable: true },
    { name: 'card', type: 'tns1:card' },
    { name: 'comment', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'default', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'cardStatus', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'cardBrand', type: 'string', minOccurs: 0, nillable: true },
  ],
  authentication3DSecure: [
    { name: 'md', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'pares', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'xid', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'eci', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'cavv', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'cavvAlgorithm', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'vadsResult', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'typeSecurisation', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'PaResStatus', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'VeResStatus', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'resultContainer', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'authenticationResult', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  addressInterlocutor: [
    { name: 'street1', type: 'xsd:string', nillable: true },
    { name: 'street2', type: 'xsd:string', nillable: true },
    { name: 'city', type: 'xsd:string', nillable: true },
    { name: 'zipCode', type: 'xsd:string', nillable: true },
    { name: 'state', type: 'xsd:string', nillable: true },
    { name: 'country', type: 'xsd:string', nillable: true },
  ],
  interlocutor: [
    { name: 'firstName', type: 'xsd:string', nillable: true },
    { name: 'lastName', type: 'xsd:string', nillable: true },
    { name: 'email', type: 'xsd:string', nillable: true },
    { name: 'phone', type: 'xsd:string', nillable: true },
    { name: 'mobile', type: 'xsd:string', nillable: true },
    { name: 'fax', type: 'xsd:string', nillable: true },
    { name: 'addressInterlocutor', type: 'tns1:addressInterlocutor', nillable: true },
  ],
  iban: [
    { name: 'CountryCode', type: 'xsd:string', nillable: true },
    { name: 'checkKey', type: 'xsd:string', nillable: true },
    { name: 'BBAN', type: 'xsd:string', nillable: true },
    { name: 'BIC', type: 'xsd:string', nillable: true },
  ],
  rib: [
    { name: 'tellerCode', type: 'xsd:string', nillable: true },
    { name: 'accountNumber', type: 'xsd:string', nillable: true },
    { name: 'key', type: 'xsd:string', nillable: true },
  ],
  bankAccount: [
    { name: 'bankCode', type: 'xsd:string', nillable: true },
    { name: 'bankNumber', type: 'xsd:string', nillable: true },
    { name: 'iban', type: 'tns1:iban', nillable: true },
    { name: 'rib', type: 'tns1:rib', nillable: true },
  ],
  bankAccountData: [
    { name: 'countryCode', type: 'xsd:string', nillable: true },
    { name: 'bankCode', type: 'xsd:string', nillable: true },
    { name: 'accountNumber', type: 'xsd:string', nillable: true },
    { name: 'key', type: 'xsd:string', nillable: true },
  ],
  technicalData: [
    { name: 'terminalNumber', type: 'xsd:string', nillable: true },
    { name: 'GTInstance', type: 'xsd:string', nillable: true },
    { name: 'paymentProfil', type: 'xsd:string', nillable: true },
  ],
  contract: [
    { name: 'cardType', type: 'xsd:string', nillable: true },
    { name: 'label', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'contractNumber', type: 'xsd:string', nillable: true },
    { name: 'currency', type: 'xsd:string', nillable: true },
    { name: 'settlementType', type: 'xsd:string' },
    { name: 'maxAmountPerTransaction', type: 'xsd:int', nillable: true },
    { name: 'technicalData', type: 'tns1:technicalData', nillable: true },
    { name: 'bankAccount', type: 'tns1:bankAccount', nillable: true },
    { name: 'acquirerInterlocutor', type: 'tns1:interlocutor', nillable: true },
    { name: 'description', type: 'xsd:string', nillable: true },
    { name: 'logoEnable', type: 'xsd:boolean' },
    { name: 'smallLogoMime', type: 'xsd:string', minOccurs: 0 },
    { name: 'smallLogo', type: 'xsd:base64Binary', minOccurs: 0 },
    { name: 'normalLogoMime', type: 'xsd:string', minOccurs: 0 },
    { name: 'normalLogo', type: 'xsd:base64Binary', minOccurs: 0 },
    { name: 'contribution', type: 'tns1:contribution', minOccurs: 0 },
    { name: 'enrolment3DS', type: 'xsd:string', minOccurs: 0 },
  ],
  customPaymentPageCode: [
    { name: 'code', type: 'xsd:string', nillable: true },
    { name: 'label', type: 'xsd:string', nillable: true },
    { name: 'type', type: 'xsd:string', nillable: true },
  ],
  ticketSend: [
    { name: 'toBuyer', type: 'xsd:boolean', nillable: true },
    { name: 'toMerchant', type: 'xsd:boolean', nillable: true },
  ],
  pointOfSell: [
    { name: 'id', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'siret', type: 'xsd:string', nillable: true },
    { name: 'codeMcc', type: 'xsd:string', nillable: true },
    { name: 'label', type: 'xsd:string', nillable: true },
    { name: 'webmasterEmail', type: 'xsd:string', nillable: true },
    { name: 'comments', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'webstoreURL', type: 'xsd:string', nillable: true },
    { name: 'notificationURL', type: 'xsd:string', nillable: true },
    { name: 'privateLifeURL', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'saleCondURL', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'buyerMustAcceptSaleCond', type: 'xsd:boolean', minOccurs: 0, nillable: true },
    { name: 'endOfPaymentRedirection', type: 'xsd:boolean', minOccurs: 0, nillable: true },
    { name: 'ticketSend', type: 'tns1:ticketSend', nillable: true },
    { name: 'contracts', type: 'tns1:pointOfSell.contracts' },
    { name: 'virtualTerminal', type: 'tns1:virtualTerminal', nillable: true },
    { name: 'customPaymentPageCodeList', type: 'tns1:pointOfSell.customPaymentPageCodeList' },
    { name: 'reference', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  'pointOfSell.contracts': [
    { name: 'contract', type: 'tns1:contract', minOccurs: 0, maxOccurs: 'unbounded' },
  ],
  'pointOfSell.customPaymentPageCodeList': [
    { name: 'customPaymentPageCode', type: 'tns1:customPaymentPageCode', minOccurs: 0, maxOccurs: 'unbounded' },
  ],
  virtualTerminal: [
    { name: 'label', type: 'xsd:string' },
    { name: 'inactivityDelay', type: 'xsd:int' },
    { name: 'logo', type: 'xsd:string', minOccurs: 0 },
    { name: 'functions', type: 'tns1:virtualTerminal.functions' },
  ],
  'virtualTerminal.functions': [
    { name: 'function', type: 'tns1:virtualTerminalFunction', maxOccurs: 'unbounded' },
  ],
  virtualTerminalFunction: [
    { name: 'function', type: 'xsd:string' },
    { name: 'label', type: 'xsd:string' },
    { name: 'functionParameter', type: 'tns1:virtualTerminalFunction.functionParameter', minOccurs: 0, maxOccurs: 'unbounded' },
  ],
  'virtualTerminalFunction.functionParameter': [],
  contribution: [
    { name: 'enable', type: 'xsd:boolean' },
    { name: 'type', type: 'xsd:string', nillable: true },
    { name: 'value', type: 'xsd:string', nillable: true },
    { name: 'nbFreeTransaction', type: 'xsd:string', nillable: true },
    { name: 'minAmountTransaction', type: 'xsd:string', nillable: true },
    { name: 'maxAmountTransaction', type: 'xsd:string', nillable: true },
  ],
  associatedTransactions: [
    { name: 'transactionId', type: 'xsd:string' },
    { name: 'type', type: 'xsd:string' },
    { name: 'date', type: 'string' },
    { name: 'amount', type: 'xsd:string' },
    { name: 'status', type: 'xsd:string' },
    { name: 'originTransactionId', type: 'xsd:string' },
    { name: 'currency', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  associatedTransactionsList: [
    { name: 'associatedTransactions', type: 'tns1:associatedTransactions', minOccurs: 0, maxOccurs: 100 },
  ],
  statusHistory: [
    { name: 'transactionId', type: 'xsd:string' },
    { name: 'date', type: 'string' },
    { name: 'amount', type: 'xsd:string' },
    { name: 'fees', type: 'xsd:string' },
    { name: 'status', type: 'xsd:string' },
    { name: 'originTransactionId', type: 'xsd:string' },
    { name: 'amountValue', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'amountCurrency', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'feesValue', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'feesCurrency', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  statusHistoryList: [
    { name: 'statusHistory', type: 'tns1:statusHistory', minOccurs: 0, maxOccurs: 100 },
  ],
  paymentAdditional: [
    { name: 'transaction', type: 'tns1:transaction' },
    { name: 'payment', type: 'tns1:payment' },
    { name: 'authorization', type: 'tns1:authorization' },
    { name: 'authentication3DSecure', type: 'tns1:authentication3DSecure', minOccurs: 0, nillable: true },
    { name: 'card', type: 'tns1:cardOut', minOccurs: 0, nillable: true },
    { name: 'extendedCard', type: 'tns1:extendedCardType', minOccurs: 0, nillable: true },
  ],
  paymentAdditionalList: [
    { name: 'paymentAdditional', type: 'tns1:paymentAdditional', minOccurs: 0, maxOccurs: 100 },
  ],
  subMerchant: [
    { name: 'subMerchantId', type: 'xsd:string' },
    { name: 'subMerchantName', type: 'xsd:string', nillable: true },
    { name: 'subMerchantMCC', type: 'xsd:string' },
    { name: 'subMerchantSIRET', type: 'xsd:string', nillable: true },
    { name: 'subMerchantTaxCode', type: 'xsd:string', nillable: true },
    { name: 'subMerchantStreet', type: 'xsd:string', nillable: true },
    { name: 'subMerchantCity', type: 'xsd:string', nillable: true },
    { name: 'subMerchantZipCode', type: 'xsd:string', nillable: true },
    { name: 'subMerchantCountry', type: 'xsd:string', nillable: true },
    { name: 'subMerchantState', type: 'xsd:string', nillable: true },
    { name: 'subMerchantEmailAddress', type: 'xsd:string', nillable: true },
    { name: 'subMerchantPhoneNumber', type: 'xsd:string', nillable: true },
  ],
  media: [
    { name: 'id', type: 'xsd:string' },
    { name: 'label', type: 'xsd:string' },
    { name: 'operatingSystem', type: 'xsd:string' },
    { name: 'browser', type: 'xsd:string' },
    { name: 'userAgent', type: 'xsd:string' },
  ],
  routingRule: [
    { name: 'id', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'sourceContractNumber', type: 'xsd:string', minOccurs: 0, nillable: true },
    { name: 'targetContractNumber', type: 'xsd:string', minOccurs: 0, nillable: true },
  ],
  threeDSInfo: [
    { name: 'challengeInd', type: 'xsd:string', nillable: true },
    { name: 'threeDSReqPriorAuthData', type: 'xsd:string', nillable: true },
    { name: 'threeDSReqPriorAuthMethod', type: 'xsd:string', nillable: true },
    { name: 'threeDSReqPriorAuthTimestamp', type: 'xsd:string', nillable: true },
    { name: 'browser', type: 'tns1:browser', nillable: true },
    { name: 'sdk', type: 'tns1:sdk', nillable: true },
    { name: 'threeDSMethodNotificationURL', type: 'xsd:string', nillable: true },
    { name: 'threeDSMethodResult', type: 'xsd:string', nillable: true },
    { name: 'challengeWindowSize', type: 'xsd:string', nillable: true },
  ],
  browser: [
    { name: 'acceptHeader', type: 'xsd:string', nillable: true },
    { name: 'javaEnabled', type: 'xsd:string', nillable: true },
    { name: 'javascriptEnabled', type: 'xsd:string', nillable: true },
    { name: 'language', type: 'xsd:string', nillable: true },
    { name: 'colorDepth', type: 'xsd:string', nillable: true },
    { name: 'screenHeight', type: 'xsd:string', nillable: true },
    { name: 'screenWidth', type: 'xsd:string', nillable: true },
    { name: 'timeZoneOffset', type: 'xsd:string', nillable: true },
    { name: 'userAgent', type: 'xsd:string', nillable: true },
  ],
  sdk: [
    { name: 'deviceRenderingOptionsIF', type: 'xsd:string', nillable: true },
    { name: 'deviceRenderOptionsUI', type: 'xsd:string', nillable: true },
    { name: 'appID', type: 'xsd:string', nillable: true },
    { name: 'ephemPubKey', type: 'xsd:string', nillable: true },
    { name: 'maxTimeout', type: 'xsd:string', nillable: true },
    { name: 'referenceNumber', type: 'xsd:string', nillable: true },
    { name: 'transID', type: 'xsd:string', nillable: true },
    { name: 'encData', type: 'xsd:string', nillable: true },
  ],
  merchantAuthentication: [
    { name: 'method', type: 'xsd:string', nillable: true },
    { name: 'date', type: 'xsd:string', nillable: true },
  ],
  reattempt: [
    { name: 'indicator', type: 'xsd:string', nillable: true },
    { name: 'frozenPeriod', type: 'xsd:string', nillable: true },
    { name: 'allowedDuration', type: 'xsd:string', nillable: true },
    { name: 'maxAllowed', type: 'xsd:string', nillable: true },
  ],
};

/** Anonymous complexTypes declared inside impl elements; their children are in IMPL_NS. */
export const IMPL_TYPES: Record<string, FieldDef[]> = {
  'getMerchantSettingsResponse.listPointOfSell': [
    { name: 'pointOfSell', type: 'tns1:pointOfSell', minOccurs: 0, maxOccurs: 'unbounded' },
  ],
};

export const OPERATIONS: Record<string, OperationDef> = {
  doWebPayment: {
    api: 'WebPaymentAPI',
    request: [
      { name: 'version', type: 'xsd:string' },
      { name: 'payment', type: 'tns1:payment' },
      { name: 'returnURL', type: 'xsd:string' },
      { name: 'cancelURL', type: 'xsd:string' },
      { name: 'order', type: 'tns1:order' },
      { name: 'notificationURL', type: 'xsd:string', nillable: true },
      { name: 'selectedContractList', type: 'tns1:selectedContractList', nillable: true },
      { name: 'secondSelectedContractList', type: 'tns1:selectedContractList', nillable: true },
      { name: 'privateDataList', type: 'tns1:privateDataList', nillable: true },
      { name: 'languageCode', type: 'xsd:string', nillable: true },
      { name: 'customPaymentPageCode', type: 'xsd:string', nillable: true },
      { name: 'buyer', type: 'tns1:buyer', minOccurs: 0 },
      { name: 'owner', type: 'tns1:owner', nillable: true },
      { name: 'securityMode', type: 'xsd:string', nillable: true },
      { name: 'recurring', type: 'tns1:recurring', nillable: true },
      { name: 'customPaymentTemplateURL', type: 'xsd:string', nillable: true },
      { name: 'contractNumberWalletList', type: 'tns1:contractNumberWalletList', nillable: true },
      { name: 'merchantName', type: 'xsd:string', nillable: true },
      { name: 'subMerchant', type: 'tns1:subMerchant', nillable: true },
      { name: 'miscData', type: 'xsd:string', nillable: true },
      { name: 'asynchronousRetryTimeout', type: 'xsd:string', nillable: true },
      { name: 'threeDSInfo', type: 'tns1:threeDSInfo', nillable: true },
      { name: 'merchantScore', type: 'xsd:string', nillable: true },
      { name: 'skipSmartDisplay', type: 'xsd:boolean', nillable: true },
    ],
    response: [
      { name: 'result', type: 'tns1:result' },
      { name: 'token', type: 'xsd:string', nillable: true },
      { name: 'redirectURL', type: 'xsd:string', nillable: true },
      { name: 'stepCode', type: 'xsd:string', minOccurs: 0, nillable: true },
      { name: 'reqCode', type: 'xsd:string', minOccurs: 0, nillable: true },
      { name: 'method', type: 'xsd:string', minOccurs: 0, nillable: true },
    ],
  },
  getWebPaymentDetails: {
    api: 'WebPaymentAPI',
    request: [
      { name: 'version', type: 'xsd:string' },
      { name: 'token', type: 'xsd:string' },
    ],
    response: [
      { name: 'result', type: 'tns1:result' },
      { name: 'transaction', type: 'tns1:transaction' },
      { name: 'payment', type: 'tns1:payment' },
      { name: 'authorization', type: 'tns1:authorization' },
      { name: 'privateDataList', type: 'tns1:privateDataList', minOccurs: 0, nillable: true },
      { name: 'paymentRecordId', type: 'xsd:string', minOccurs: 0, nillable: true },
      { name: 'billingRecordList', type: 'tns1:billingRecordList', minOccurs: 0, nillable: true },
      { name: 'authentication3DSecure', type: 'tns1:authentication3DSecure', minOccurs: 0, nillable: true },
      { name: 'card', type: 'tns1:cardOut' },
      { name: 'extendedCard', type: 'tns1:extendedCardType', minOccurs: 0 },
      { name: 'order', type: 'tns1:order' },
      { name: 'paymentAdditionalList', type: 'tns1:paymentAdditionalList', minOccurs: 0, nillable: true },
      { name: 'media', type: 'xsd:string', minOccurs: 0, nillable: true },
      { name: 'numberOfAttempt', type: 'xsd:string', minOccurs: 0, nillable: true },
      { name: 'wallet', type: 'tns1:wallet', minOccurs: 0, nillable: true },
      { name: 'contractNumberWalletList', type: 'tns1:contractNumberWalletList', minOccurs: 0, nillable: true },
      { name: 'contractNumber', type: 'xsd:string', minOccurs: 0 },
      { name: 'bankAccountData', type: 'tns1:bankAccountData', nillable: true },
      { name: 'subMerchant', type: 'tns1:subMerchant', nillable: true },
      { name: 'buyer', type: 'tns1:buyer', nillable: true },
      { name: 'linkedTransactionId', type: 'xsd:string', nillable: true },
      { name: 'travelFileNumber', type: 'xsd:string', minOccurs: 0, nillable: true },
    ],
  },
  doRefund: {
    api: 'DirectPaymentAPI',
    request: [
      { name: 'version', type: 'xsd:string' },
      { name: 'transactionID', type: 'xsd:string' },
      { name: 'payment', type: 'tns1:payment' },
      { name: 'comment', type: 'xsd:string', nillable: true },
      { name: 'privateDataList', type: 'tns1:privateDataList', nillable: true },
      { name: 'sequenceNumber', type: 'xsd:string', nillable: true },
      { name: 'media', type: 'xsd:string', nillable: true },
      { name: 'details', type: 'tns1:details', minOccurs: 0, nillable: true },
      { name: 'miscData', type: 'xsd:string', nillable: true },
    ],
    response: [
      { name: 'result', type: 'tns1:result' },
      { name: 'transaction', type: 'tns1:transaction' },
      { name: 'miscData', type: 'tns1:miscData', minOccurs: 0, nillable: true },
    ],
  },
  doReset: {
    api: 'DirectPaymentAPI',
    request: [
      { name: 'version', type: 'xsd:string' },
      { name: 'transactionID', type: 'xsd:string' },
      { name: 'comment', type: 'xsd:string', nillable: true },
      { name: 'media', type: 'xsd:string', nillable: true },
      { name: 'amount', type: 'xsd:string', nillable: true },
      { name: 'currency', type: 'xsd:string', nillable: true },
      { name: 'privateDataList', type: 'tns1:privateDataList', minOccurs: 0, nillable: true },
      { name: 'sequenceNumber', type: 'xsd:string', nillable: true },
    ],
    response: [
      { name: 'result', type: 'tns1:result' },
      { name: 'transaction', type: 'tns1:transaction' },
    ],
  },
  getMerchantSettings: {
    api: 'DirectPaymentAPI',
    request: [
      { name: 'version', type: 'xsd:string', nillable: true },
    ],
    response: [
      { name: 'result', type: 'tns1:result' },
      { name: 'listPointOfSell', type: 'impl:getMerchantSettingsResponse.listPointOfSell' },
    ],
  },
  getEncryptionKey: {
    api: 'DirectPaymentAPI',
    request: [
      { name: 'version', type: 'xsd:string', nillable: true },
      { name: 'merchantKeyName', type: 'xsd:string', nillable: true },
    ],
    response: [
      { name: 'result', type: 'tns1:result' },
      { name: 'key', type: 'tns1:key' },
    ],
  },
  getTransactionDetails: {
    api: 'ExtendedAPI',
    request: [
      { name: 'version', type: 'xsd:string' },
      { name: 'transactionId', type: 'xsd:string', nillable: true },
      { name: 'orderRef', type: 'xsd:string', nillable: true },
      { name: 'startDate', type: 'xsd:string', nillable: true },
      { name: 'endDate', type: 'xsd:string', nillable: true },
      { name: 'transactionHistory', type: 'xsd:string', nillable: true },
      { name: 'archiveSearch', type: 'xsd:string', nillable: true },
    ],
    response: [
      { name: 'result', type: 'tns1:result' },
      { name: 'transaction', type: 'tns1:transaction', nillable: true },
      { name: 'payment', type: 'tns1:payment', nillable: true },
      { name: 'authorization', type: 'tns1:authorization', nillable: true },
      { name: 'order', type: 'tns1:order', nillable: true },
      { name: 'buyer', type: 'tns1:buyer', nillable: true },
      { name: 'privateDataList', type: 'tns1:privateDataList', nillable: true },
      { name: 'card', type: 'tns1:cardOut' },
      { name: 'extendedCard', type: 'tns1:extendedCardType' },
      { name: 'associatedTransactionsList', type: 'tns1:associatedTransactionsList', nillable: true },
      { name: 'statusHistoryList', type: 'tns1:statusHistoryList', nillable: true },
      { name: 'media', type: 'xsd:string', nillable: true },
      { name: 'customerMedia', type: 'tns1:media' },
      { name: 'contractNumber', type: 'xsd:string' },
      { name: 'paymentAdditionalList', type: 'tns1:paymentAdditionalList', minOccurs: 0, nillable: true },
      { name: 'bankAccountData', type: 'tns1:bankAccountData', nillable: true },
      { name: 'subMerchant', type: 'tns1:subMerchant', nillable: true },
      { name: 'authentication3DSecure', type: 'tns1:authentication3DSecure', minOccurs: 0, nillable: true },
      { name: 'pointOfSell', type: 'tns1:pointOfSell' },
      { name: 'routingRule', type: 'tns1:routingRule' },
      { name: 'linkedTransactionId', type: 'xsd:string', nillable: true },
      { name: 'travelFileNumber', type: 'xsd:string', minOccurs: 0, nillable: true },
    ],
  },
};

/** 'tns1:payment' -> 'payment'; 'xsd:string', 'string', 'impl:...' -> undefined. */
export function objTypeName(type: string): string | undefined {
  return type.startsWith('tns1:') ? type.slice('tns1:'.length) : undefined;
}

/** 'impl:getMerchantSettingsResponse.listPointOfSell' -> 'getMerchantSettingsResponse.listPointOfSell'; anything else -> undefined. */
export function implTypeName(type: string): string | undefined {
  return type.startsWith('impl:') ? type.slice('impl:'.length) : undefined;
}
