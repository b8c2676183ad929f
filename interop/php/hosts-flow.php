<?php
/**
 * Interop check of the drop-in mode: an unmodified PHP SoapClient that knows only
 * Monext's real homologation URLs (https://homologation.payline.com/V4/services/…),
 * run with those names mapped to the simulator (a hosts file seen by this
 * process only) and the simulator's CA trusted with `-d openssl.cafile=…`.
 * Certificate verification stays on (PHP's default): no verify_peer option is set.
 *
 * Usage:
 *   php hosts-flow.php start <shopBase>       WSDL over HTTPS, doWebPayment; the report notes token and redirectURL
 *   php hosts-flow.php finish <token>         getWebPaymentDetails, then doRefund of the transaction
 *   php hosts-flow.php directory <shopBase>   the PHP SDK's endpoints directory dance, then doWebPayment on the URL it gives
 *   php hosts-flow.php untrusted              the same HTTPS requests must fail (run without the CA)
 *
 * Prints one JSON object on stdout; exits 0 only when every check passed.
 */
declare(strict_types=1);

require __DIR__ . '/common.php';

const SOAP_BASE = 'https://homologation.payline.com/V4/services';
const PAGE_PREFIX = 'https://homologation-webpayment.payline.com/v2/?token=';

if ($argc < 2 || !in_array($argv[1], ['start', 'finish', 'directory', 'untrusted'], true)) {
    fwrite(STDERR, "usage: php hosts-flow.php start <shopBase> | finish <token> | directory <shopBase> | untrusted\n");
    exit(2);
}
ini_set('default_socket_timeout', '10');
ini_set('soap.wsdl_cache_enabled', '0');
$MODE = $argv[1];
$ARG = $argv[2] ?? '';

/** A SoapClient built from the WSDL the HTTPS host serves; its soap:address is where calls go. */
function client(string $api): SoapClient
{
    return new SoapClient(SOAP_BASE . "/$api?wsdl", [
        'login' => MERCHANT_ID,
        'password' => ACCESS_KEY,
        'trace' => true,
        'exceptions' => true,
        'cache_wsdl' => WSDL_CACHE_NONE,
        'connection_timeout' => 10,
        'soap_version' => SOAP_1_1,
    ]);
}

/** The Host header and request line of the last call. */
function sentTo(SoapClient $c): string
{
    $h = (string) $c->__getLastRequestHeaders();
    preg_match('#^POST (\S+)#', $h, $line);
    preg_match('#^Host:\s*(\S+)#mi', $h, $host);
    return ($host[1] ?? '?') . ($line[1] ?? '?');
}

function doWebPayment(string $step, SoapClient $web, string $shopBase): ?string
{
    $r = call($step, $web, 'doWebPayment', webPaymentRequest('jean.dupont@example.com', $shopBase));
    if (!$r) {
        return null;
    }
    check($step, 'result.code 00000', ($r->result->code ?? null) === '00000', $r->result ?? null);
    $url = (string) ($r->redirectURL ?? '');
    note($step, 'token', $r->token ?? null);
    note($step, 'redirectURL', $url);
    note($step, 'sentTo', sentTo($web));
    check($step, 'sent to homologation.payline.com/V4/services/WebPaymentAPI', sentTo($web) === 'homologation.payline.com/V4/services/WebPaymentAPI', sentTo($web));
    check($step, 'redirectURL is on homologation-webpayment.payline.com', str_starts_with($url, PAGE_PREFIX . rawurlencode((string) ($r->token ?? ''))), $url);
    return is_string($r->token ?? null) ? $r->token : null;
}

switch ($MODE) {
    case 'start':
        try {
            doWebPayment('doWebPayment', client('WebPaymentAPI'), $ARG);
        } catch (Throwable $e) {
            check('wsdl', 'SoapClient built from https://homologation.payline.com/…?wsdl', false, get_class($e) . ': ' . $e->getMessage());
        }
        break;

    case 'finish':
        try {
            $web = client('WebPaymentAPI');
            $direct = client('DirectPaymentAPI');
        } catch (Throwable $e) {
            check('wsdl', 'SoapClients built from the HTTPS WSDL', false, get_class($e) . ': ' . $e->getMessage());
            break;
        }
        $r = call('getWebPaymentDetails', $web, 'getWebPaymentDetails', ['version' => VERSION, 'token' => $ARG]);
        $transactionId = null;
        if ($r) {
            check('getWebPaymentDetails', 'result.code 00000 (paid on the page)', ($r->result->code ?? null) === '00000', $r->result ?? null);
            $transactionId = $r->transaction->id ?? null;
            check('getWebPaymentDetails', 'transaction.id present', is_string($transactionId) && $transactionId !== '', $transactionId);
        }
        if (is_string($transactionId)) {
            $r = call('doRefund', $direct, 'doRefund', refundRequest($transactionId, '1000'));
            if ($r) {
                check('doRefund', 'result.code 00000', ($r->result->code ?? null) === '00000', $r->result ?? null);
                check('doRefund', 'sent to homologation.payline.com/V4/services/DirectPaymentAPI', sentTo($direct) === 'homologation.payline.com/V4/services/DirectPaymentAPI', sentTo($direct));
            }
        }
        break;

    case 'directory':
        $urls = endpointsDirectory();
        if ($urls !== null) {
            check('directory', 'one URL: https://homologation.payline.com/V4', $urls === ['https://homologation.payline.com/V4'], $urls);
            try {
                $web = client('WebPaymentAPI');
                // the SDK's bundled WSDL is pointed at <url>/services/<API> with __setLocation
                $web->__setLocation($urls[0] . '/services/WebPaymentAPI');
                $token = doWebPayment('doWebPayment', $web, $ARG);
                if ($token !== null) {
                    $r = call('getWebPaymentDetails', $web, 'getWebPaymentDetails', ['version' => VERSION, 'token' => $token]);
                    if ($r) {
                        check('getWebPaymentDetails', 'result.code 02306 (the buyer has not paid yet)', ($r->result->code ?? null) === '02306', $r->result ?? null);
                    }
                }
            } catch (Throwable $e) {
                check('doWebPayment', 'SoapClient built', false, get_class($e) . ': ' . $e->getMessage());
            }
        }
        break;

    case 'untrusted':
        // every warning of the failed GET (the first says why, the last only "operation failed")
        $warnings = [];
        set_error_handler(function (int $no, string $message) use (&$warnings): bool {
            $warnings[] = $message;
            return true;
        });
        $raw = file_get_contents(DIRECTORY);
        restore_error_handler();
        $error = implode("\n", $warnings);
        note('directory', 'error', $error);
        check('directory', 'GET refused', $raw === false, $raw);
        check('directory', 'refused for the certificate', str_contains($error, 'certificate verify failed'), $error);
        try {
            client('WebPaymentAPI');
            check('wsdl', 'WSDL fetch refused', false, 'SoapClient was built');
        } catch (SoapFault $e) {
            note('wsdl', 'error', $e->getMessage());
            check('wsdl', 'WSDL fetch refused', true);
        }
        break;
}

report(['client' => 'php ' . PHP_VERSION . ' SoapClient (ext-soap)', 'mode' => $MODE]);
