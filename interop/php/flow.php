<?php
/**
 * Interop check: PHP's own SoapClient (ext-soap) against the simulator, used the
 * way Monext's PHP SDK uses it: one SoapClient per API built from a WSDL, the
 * `login`/`password` options (pre-emptive HTTP Basic), objects wrapped in
 * SoapVar with the obj namespace, and every optional field passed as null so
 * that it goes out as xsi:nil.
 *
 * Usage: php flow.php <simulatorUrl> <wsdlDir|served>
 *   <wsdlDir>  loads <wsdlDir>/<API>.wsdl (Monext's official WSDL) and points
 *              the client at <simulatorUrl>/V4/services/<API> (`location`);
 *   served     loads <simulatorUrl>/V4/services/<API>?wsdl as is.
 *
 * Prints one JSON object (each step's outcome) on stdout; exits 0 only when
 * every check passed, 1 otherwise (the failing checks are listed in `failed`).
 */
declare(strict_types=1);

require __DIR__ . '/common.php';

if ($argc < 3) {
    fwrite(STDERR, "usage: php flow.php <simulatorUrl> <wsdlDir|served>\n");
    exit(2);
}
if (!extension_loaded('soap')) {
    fwrite(STDERR, "flow.php: the PHP soap extension is not loaded (apt-get install php-soap)\n");
    exit(2);
}

$BASE = rtrim($argv[1], '/');
$WSDL = $argv[2];
if ($WSDL !== 'served' && !is_file("$WSDL/WebPaymentAPI.wsdl")) {
    fwrite(STDERR, "flow.php: no WebPaymentAPI.wsdl in $WSDL\n");
    exit(2);
}
ini_set('default_socket_timeout', '10');
ini_set('soap.wsdl_cache_enabled', '0');

/** A SoapClient for one API, built as the PHP SDK builds it. */
function client(string $api, string $password = ACCESS_KEY): SoapClient
{
    global $BASE, $WSDL;
    $endpoint = "$BASE/V4/services/$api";
    $options = [
        'login' => MERCHANT_ID,
        'password' => $password,
        'trace' => true,
        'exceptions' => true,
        'cache_wsdl' => WSDL_CACHE_NONE,
        'connection_timeout' => 10,
        'soap_version' => SOAP_1_1,
        'stream_context' => stream_context_create(['http' => ['header' => 'version: interop - PHP SoapClient ' . PHP_VERSION]]),
    ];
    if ($WSDL === 'served') {
        return new SoapClient("$endpoint?wsdl", $options);
    }
    $options['location'] = $endpoint;
    return new SoapClient("$WSDL/$api.wsdl", $options);
}

/** POST JSON to the simulator's admin API; returns [status, decoded body]. */
function adminPost(string $path, array $body): array
{
    global $BASE;
    $context = stream_context_create(['http' => [
        'method' => 'POST',
        'header' => "Content-Type: application/json\r\n",
        'content' => json_encode($body),
        'ignore_errors' => true,
        'timeout' => 10,
    ]]);
    $raw = @file_get_contents($BASE . $path, false, $context);
    $status = 0;
    foreach ($http_response_header ?? [] as $h) {
        if (preg_match('#^HTTP/\S+\s+(\d{3})#', $h, $m)) {
            $status = (int) $m[1];
        }
    }
    return [$status, $raw === false ? null : json_decode($raw, true)];
}

$web = null;
$direct = null;
$extended = null;
try {
    $web = client('WebPaymentAPI');
    $direct = client('DirectPaymentAPI');
    $extended = client('ExtendedAPI');
} catch (Throwable $e) {
    check('clients', 'SoapClient built from the WSDL', false, get_class($e) . ': ' . $e->getMessage());
}

if ($web && $direct && $extended) {
    // 1. doWebPayment, as a shop does at checkout
    $token = null;
    $r = call('doWebPayment', $web, 'doWebPayment', webPaymentRequest('jean.dupont@example.com', $BASE));
    if ($r) {
        check('doWebPayment', 'result.code 00000', ($r->result->code ?? null) === '00000', $r->result ?? null);
        $token = is_string($r->token ?? null) && $r->token !== '' ? $r->token : null;
        check('doWebPayment', 'token present', $token !== null, $r->token ?? null);
        check('doWebPayment', 'redirectURL carries the token', $token !== null && str_contains((string) ($r->redirectURL ?? ''), $token), $r->redirectURL ?? null);
        note('doWebPayment', 'token', $token);
        note('doWebPayment', 'redirectURL', $r->redirectURL ?? null);
        $sent = (string) $web->__getLastRequest();
        check('doWebPayment', 'optional fields went out as xsi:nil', str_contains($sent, 'nil="true"'), substr($sent, 0, 400));
    }

    // 2. the buyer pays on the hosted page (the simulator's admin API stands in for the browser)
    $transactionId = null;
    if ($token !== null) {
        [$status, $body] = adminPost('/_simulator/sessions/' . rawurlencode($token) . '/outcome', ['code' => '00000']);
        note('outcome', 'httpStatus', $status);
        check('outcome', 'HTTP 200', $status === 200, $body);
        check('outcome', 'result 00000', ($body['result']['code'] ?? null) === '00000', $body);
    } else {
        check('outcome', 'a token to finish', false);
    }

    // 3. getWebPaymentDetails: what the shop reads on return
    if ($token !== null) {
        $r = call('getWebPaymentDetails', $web, 'getWebPaymentDetails', ['version' => VERSION, 'token' => $token]);
        if ($r) {
            check('getWebPaymentDetails', 'result.code 00000', ($r->result->code ?? null) === '00000', $r->result ?? null);
            $transactionId = $r->transaction->id ?? null;
            check('getWebPaymentDetails', 'transaction.id present', is_string($transactionId) && $transactionId !== '', $transactionId);
            check('getWebPaymentDetails', 'order.ref is the string "0042"', ($r->order->ref ?? null) === '0042', $r->order->ref ?? null);
            check('getWebPaymentDetails', 'payment.amount 1000', ($r->payment->amount ?? null) === '1000', $r->payment->amount ?? null);
            $pd = items($r->privateDataList->privateData ?? null);
            check('getWebPaymentDetails', 'privateDataList echoed', count($pd) === 1 && ($pd[0]->key ?? null) === 'OrderSaleChannel', $pd);
            note('getWebPaymentDetails', 'transactionId', $transactionId);
        }
    }

    // 4. refunds: a partial one, then one exceeding what is left
    $refundId = null;
    if (is_string($transactionId)) {
        $r = call('doRefund.partial', $direct, 'doRefund', refundRequest($transactionId, '400'));
        if ($r) {
            check('doRefund.partial', 'result.code 00000', ($r->result->code ?? null) === '00000', $r->result ?? null);
            $refundId = $r->transaction->id ?? null;
            check('doRefund.partial', 'transaction.id present', is_string($refundId) && $refundId !== '', $refundId);
            note('doRefund.partial', 'transactionId', $refundId);
        }
        $r = call('doRefund.exceeding', $direct, 'doRefund', refundRequest($transactionId, '700'));
        if ($r) {
            $code = $r->result->code ?? null;
            check('doRefund.exceeding', 'refused (result.code not 00000)', is_string($code) && $code !== '00000', $r->result ?? null);
            note('doRefund.exceeding', 'longMessage', $r->result->longMessage ?? null);
        }

        // 5. getTransactionDetails lists the refunds
        $r = call('getTransactionDetails', $extended, 'getTransactionDetails', [
            'version' => VERSION,
            'transactionId' => $transactionId,
            'orderRef' => null,
            'startDate' => null,
            'endDate' => null,
            'transactionHistory' => null,
            'archiveSearch' => null,
        ]);
        if ($r) {
            check('getTransactionDetails', 'result.code 00000', ($r->result->code ?? null) === '00000', $r->result ?? null);
            check('getTransactionDetails', 'order.ref "0042"', ($r->order->ref ?? null) === '0042', $r->order->ref ?? null);
            $assoc = items($r->associatedTransactionsList->associatedTransactions ?? null);
            $ids = array_map(fn ($a) => $a->transactionId ?? null, $assoc);
            note('getTransactionDetails', 'associatedTransactions', array_map(fn ($a) => [$a->transactionId ?? null, $a->type ?? null, $a->amount ?? null, $a->status ?? null], $assoc));
            check('getTransactionDetails', 'the partial refund is listed', $refundId !== null && in_array($refundId, $ids, true), $ids);
            $refunds = array_filter($assoc, fn ($a) => ($a->originTransactionId ?? null) === $transactionId && ($a->transactionId ?? null) !== $transactionId);
            check('getTransactionDetails', 'two refund attempts listed', count($refunds) === 2, count($refunds));
        }
    } else {
        check('doRefund.partial', 'a transaction id to refund', false);
    }

    // 6. getMerchantSettings: the shop's contract import
    $r = call('getMerchantSettings', $direct, 'getMerchantSettings', ['version' => VERSION]);
    if ($r) {
        check('getMerchantSettings', 'result.code 00000', ($r->result->code ?? null) === '00000', $r->result ?? null);
        $contracts = [];
        foreach (items($r->listPointOfSell->pointOfSell ?? null) as $pos) {
            foreach (items($pos->contracts->contract ?? null) as $c) {
                $contracts[] = ['contractNumber' => $c->contractNumber ?? null, 'cardType' => $c->cardType ?? null, 'pointOfSell' => $pos->label ?? null];
            }
        }
        note('getMerchantSettings', 'contracts', $contracts);
        $found = array_filter($contracts, fn ($c) => $c['contractNumber'] === CONTRACT && $c['cardType'] === 'BANCONTACT_MNXT');
        check('getMerchantSettings', 'contract BANCONTACT with cardType BANCONTACT_MNXT', count($found) === 1, $contracts);
    }

    // 7. getEncryptionKey: WooCommerce's credentials test
    $r = call('getEncryptionKey', $direct, 'getEncryptionKey', ['version' => VERSION, 'merchantKeyName' => null]);
    if ($r) {
        check('getEncryptionKey', 'result.code 00000', ($r->result->code ?? null) === '00000', $r->result ?? null);
        check('getEncryptionKey', 'key.modulus present', is_string($r->key->modulus ?? null) && $r->key->modulus !== '', $r->key ?? null);
    }

    // 8. a wrong access key: HTTP 401, which SoapClient raises as a SoapFault
    try {
        $bad = client('WebPaymentAPI', 'WRONGKEY');
        try {
            $r = $bad->__soapCall('getWebPaymentDetails', [['version' => VERSION, 'token' => $token ?? 'x']]);
            check('wrongPassword', 'SoapFault raised', false, $r);
        } catch (SoapFault $f) {
            note('wrongPassword', 'faultcode', $f->faultcode ?? null);
            note('wrongPassword', 'faultstring', $f->getMessage());
            $headers = (string) $bad->__getLastResponseHeaders();
            note('wrongPassword', 'statusLine', strtok($headers, "\r\n"));
            check('wrongPassword', 'SoapFault raised', true);
            check('wrongPassword', 'HTTP 401', (bool) preg_match('#^HTTP/\S+\s+401#', $headers), strtok($headers, "\r\n"));
        }
    } catch (Throwable $e) {
        check('wrongPassword', 'SoapFault raised', false, get_class($e) . ': ' . $e->getMessage());
    }

    // 9. doWebPayment without buyer.email: a result code naming the field
    $r = call('doWebPayment.missingEmail', $web, 'doWebPayment', webPaymentRequest(null, $BASE));
    if ($r) {
        $code = $r->result->code ?? null;
        $long = (string) ($r->result->longMessage ?? '');
        note('doWebPayment.missingEmail', 'longMessage', $long);
        check('doWebPayment.missingEmail', 'refused (result.code not 00000)', is_string($code) && $code !== '00000', $r->result ?? null);
        check('doWebPayment.missingEmail', 'longMessage names buyer.email', str_contains($long, 'buyer.email'), $long);
        $sent = (string) $web->__getLastRequest();
        check('doWebPayment.missingEmail', 'buyer.email went out as xsi:nil', (bool) preg_match('#<[^>]*email[^>]*nil="true"#', $sent), null);
    }
}

report([
    'client' => 'php ' . PHP_VERSION . ' SoapClient (ext-soap)',
    'wsdl' => $WSDL === 'served' ? 'served' : realpath($WSDL),
]);
