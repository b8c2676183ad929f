<?php
/**
 * What the PHP interop scripts share: the demo merchant, the checks and their
 * report, the SoapVar helpers and the requests a shop sends, built the way
 * Monext's PHP SDK builds them.
 */
declare(strict_types=1);

const MERCHANT_ID = '12345678901234';
const ACCESS_KEY = 'DEMOACCESSKEY';
const CONTRACT = 'BANCONTACT';
const OBJ_NS = 'http://obj.ws.payline.experian.com';
const VERSION = '34';

/** @var array<string, array<string, mixed>> $steps */
$steps = [];
/** @var list<string> $failed */
$failed = [];

/** Records a check of a step. */
function check(string $step, string $what, bool $ok, mixed $got = null): bool
{
    global $steps, $failed;
    $steps[$step]['checks'][$what] = $ok ? 'ok' : ['failed' => true, 'got' => $got];
    if (!$ok) {
        $failed[] = "$step: $what" . ($got === null ? '' : ' (got ' . json_encode($got, JSON_UNESCAPED_SLASHES) . ')');
    }
    return $ok;
}

function note(string $step, string $key, mixed $value): void
{
    global $steps;
    $steps[$step][$key] = $value;
}

/** An obj-namespace object, as the SDK's SoapVar(…, SOAP_ENC_OBJECT, type, namespace). */
function obj(string $type, array $fields): SoapVar
{
    return new SoapVar((object) $fields, SOAP_ENC_OBJECT, $type, OBJ_NS);
}

/** Always a list: SoapClient gives one repeated element as an object, several as an array. */
function items(mixed $v): array
{
    if ($v === null) {
        return [];
    }
    return is_array($v) ? $v : [$v];
}

/** Runs one SOAP call; a SoapFault or other error is recorded and gives null. */
function call(string $step, SoapClient $client, string $operation, array $request): ?object
{
    try {
        $response = $client->__soapCall($operation, [$request]);
        note($step, 'code', $response->result->code ?? null);
        return $response;
    } catch (Throwable $e) {
        note($step, 'error', get_class($e) . ': ' . $e->getMessage());
        note($step, 'lastRequest', substr((string) $client->__getLastRequest(), 0, 4000));
        note($step, 'lastResponseHeaders', $client->__getLastResponseHeaders());
        note($step, 'lastResponse', substr((string) $client->__getLastResponse(), 0, 4000));
        check($step, 'the call succeeded', false, $e->getMessage());
        return null;
    }
}

function payment(string $amount, string $action): SoapVar
{
    return obj('payment', [
        'amount' => $amount,
        'currency' => '978',
        'action' => $action,
        'mode' => 'CPT',
        'contractNumber' => CONTRACT,
        'differedActionDate' => null,
        'method' => null,
        'softDescriptor' => null,
        'cardBrand' => null,
        'registrationToken' => null,
        'cumulatedAmount' => null,
    ]);
}

/** A doWebPayment request; the buyer comes back to $shopBase/interop-shop/… */
function webPaymentRequest(?string $email, string $shopBase): array
{
    $buyer = ['title' => null, 'lastName' => 'Dupont', 'firstName' => 'Jean', 'email' => $email];
    foreach (['shippingAdress', 'billingAddress', 'accountCreateDate', 'accountAverageAmount', 'accountOrderCount', 'walletId',
        'walletDisplayed', 'walletSecured', 'walletCardInd', 'ip', 'mobilePhone', 'customerId', 'legalStatus', 'legalDocumentType',
        'legalDocument', 'birthDate', 'fingerprintID', 'deviceFingerprint', 'isBot', 'isIncognito', 'isBehindProxy', 'isFromTor',
        'isEmulator', 'isRooted', 'hasTimezoneMismatch', 'loyaltyMemberType', 'buyerExtended', 'merchantAuthentication'] as $f) {
        $buyer[$f] = null;
    }
    $order = ['ref' => '0042', 'origin' => null, 'country' => 'BE', 'taxes' => null, 'amount' => '1000', 'currency' => '978',
        'date' => date('d/m/Y H:i'), 'details' => null];
    foreach (['deliveryTime', 'deliveryMode', 'deliveryExpectedDate', 'deliveryExpectedDelay', 'deliveryCharge', 'discountAmount',
        'otaPackageType', 'otaDestinationCountry', 'bookingReference', 'orderDetail', 'orderExtended', 'orderOTA'] as $f) {
        $order[$f] = null;
    }
    return [
        'version' => VERSION,
        'payment' => payment('1000', '101'),
        'returnURL' => "$shopBase/interop-shop/return?wc-api=Interop&url_type=return",
        'cancelURL' => "$shopBase/interop-shop/cancel?wc-api=Interop&url_type=cancel",
        'order' => obj('order', $order),
        'notificationURL' => null,
        'selectedContractList' => ['selectedContract' => [CONTRACT]],
        'secondSelectedContractList' => null,
        'privateDataList' => ['privateData' => [['key' => 'OrderSaleChannel', 'value' => 'DESKTOP']]],
        'languageCode' => 'fr',
        'customPaymentPageCode' => null,
        'buyer' => obj('buyer', $buyer),
        'owner' => null,
        'securityMode' => null,
        'recurring' => null,
        'customPaymentTemplateURL' => null,
        'contractNumberWalletList' => null,
        'merchantName' => null,
        'subMerchant' => null,
        'miscData' => null,
        'asynchronousRetryTimeout' => null,
        'threeDSInfo' => null,
        'merchantScore' => null,
        'skipSmartDisplay' => null,
    ];
}

function refundRequest(string $transactionId, string $amount): array
{
    return [
        'version' => VERSION,
        'transactionID' => $transactionId,
        'payment' => payment($amount, '421'),
        'comment' => 'interop refund',
        'privateDataList' => null,
        'sequenceNumber' => null,
        'media' => null,
        'details' => null,
        'miscData' => null,
    ];
}

/** The PHP SDK's endpoints directory for the merchant on Monext's homologation payment host. */
const DIRECTORY = 'https://homologation-payment.payline.com/services/servicesendpoints/SOAP/' . MERCHANT_ID;

/**
 * GETs the endpoints directory as the SDK's getAllFailoverServicesEndpoint does (a plain
 * file_get_contents, no TLS option) and checks its answer; returns its `urls`, or null.
 */
function endpointsDirectory(): ?array
{
    $raw = file_get_contents(DIRECTORY, false, stream_context_create(['http' => ['method' => 'GET']]));
    check('directory', 'GET succeeded', $raw !== false);
    $json = $raw === false ? null : json_decode($raw, true);
    note('directory', 'answer', $json);
    check('directory', 'ttl is an integer (Symfony Cache expiresAfter accepts no string)', is_int($json['ttl'] ?? null), $json['ttl'] ?? null);
    $urls = $json['urls'] ?? null;
    $ok = check('directory', 'urls is a non-empty list of strings', is_array($urls) && count($urls) > 0 && count(array_filter($urls, 'is_string')) === count($urls), $urls);
    return $ok ? $urls : null;
}

/** Prints the report (one JSON object) and exits 0 when every check passed, 1 otherwise. */
function report(array $extra): never
{
    global $steps, $failed;
    $report = $extra + ['ok' => count($failed) === 0, 'failed' => $failed, 'steps' => $steps];
    echo json_encode($report, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE), "\n";
    exit(count($failed) === 0 ? 0 : 1);
}
