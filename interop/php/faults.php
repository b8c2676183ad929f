<?php
/**
 * Fault rules as PHP's SoapClient sees them, and the failover Monext's PHP SDK
 * does (WebserviceClient: on HTTP 500/502/503/504/408, on a time-out, or on
 * result 02101/04901 it moves to the next base URL of its list, adding the
 * x-failover-* headers).
 *
 * Usage:
 *   php faults.php <simulatorUrl>
 *       Over plain HTTP: sets its own fault rules through the admin API, checks
 *       what SoapClient sees of each kind, then the failover loop over
 *       <simulatorUrl>/V4 and <simulatorUrl>/failover/V4.
 *   php faults.php sdk-directory <shopBase> [<cause>]
 *       As the SDK 4.77 in its HOMO environment, over HTTPS on Monext's names (run it
 *       with them mapped and the simulator's CA trusted): GET the endpoints directory,
 *       then doWebPayment through the failover loop over the URLs it lists, in order.
 *       The caller sets the fault rule (e.g. a one-time 503 on doWebPayment) and runs
 *       the simulator with DIRECTORY_FAILOVER on; the first URL must fail with <cause>
 *       (HTTP_503 by default, TIMEOUT, APP_02101…), the second answer 00000. The report
 *       notes the token, the redirectURL and the tries.
 * Prints one JSON object (each step's outcome) on stdout; exits 0 only when every check passed.
 */
declare(strict_types=1);

require __DIR__ . '/common.php';

/** What the PHP SDK counts as a time-out ($timeoutErrorList). */
const TIMEOUT_MESSAGES = ['Error Fetching http headers', 'Could not connect to host'];
const FAILOVER_STATUSES = [500, 502, 503, 504, 408];
const FAILOVER_CODES = ['02101', '04901'];
const HOMO_V4 = 'https://homologation.payline.com/V4';

$SDK_MODE = ($argv[1] ?? '') === 'sdk-directory';
if ($argc < 2 || ($SDK_MODE && $argc < 3)) {
    fwrite(STDERR, "usage: php faults.php <simulatorUrl> | sdk-directory <shopBase> [<cause>]\n");
    exit(2);
}
$BASE = $SDK_MODE ? '' : rtrim($argv[1], '/');
// the WSDL: the SDK ships its own and only sets the location; here the simulator's
$WSDL = ($SDK_MODE ? HOMO_V4 : "$BASE/V4") . '/services/WebPaymentAPI?wsdl';
ini_set('soap.wsdl_cache_enabled', '0');
// short, so that a held connection (hang) shows as a time-out at once
ini_set('default_socket_timeout', $SDK_MODE ? '3' : '1');

/** Sends JSON to the admin API; returns [status, body]. */
function admin(string $method, string $path, ?array $body = null): array
{
    global $BASE;
    $context = stream_context_create(['http' => [
        'method' => $method,
        'header' => "Content-Type: application/json\r\n",
        'content' => $body === null ? '' : json_encode($body),
        'ignore_errors' => true,
        'timeout' => 10,
    ]]);
    $text = file_get_contents("$BASE$path", false, $context);
    $status = (int) explode(' ', $http_response_header[0] ?? 'HTTP/1.1 0')[1];
    return [$status, json_decode((string) $text, true)];
}

/** A WebPaymentAPI client on a base URL, sending these extra headers, as the SDK builds it. */
function client(string $baseUrl, array $headers = []): SoapClient
{
    global $WSDL;
    $lines = ['version: interop faults.php PHP ' . PHP_VERSION];
    foreach ($headers as $k => $v) {
        $lines[] = "$k: $v";
    }
    return new SoapClient($WSDL, [
        'location' => "$baseUrl/services/WebPaymentAPI",
        'login' => MERCHANT_ID,
        'password' => ACCESS_KEY,
        'trace' => true,
        'exceptions' => true,
        'cache_wsdl' => WSDL_CACHE_NONE,
        'connection_timeout' => 5,
        'soap_version' => SOAP_1_1,
        'stream_context' => stream_context_create(['http' => ['header' => implode("\r\n", $lines)]]),
    ]);
}

/** The HTTP status of the client's last response, 0 when there was none. */
function lastStatus(SoapClient $c): int
{
    $h = (string) $c->__getLastResponseHeaders();
    return preg_match('#^HTTP/\S+ (\d{3})#', $h, $m) ? (int) $m[1] : 0;
}

/** getWebPaymentDetails of a token no session has: the platform answers 02304. */
function details(SoapClient $c): object
{
    return $c->__soapCall('getWebPaymentDetails', [['version' => VERSION, 'token' => 'NO-SUCH-TOKEN']]);
}

/**
 * One call expected to fail, from a new client (SoapClient keeps the previous
 * response headers when a call gets none): [faultcode, message, status, seconds].
 */
function failing(string $step): array
{
    global $BASE;
    $c = client("$BASE/V4");
    $t = microtime(true);
    try {
        $r = details($c);
        check($step, 'the call fails', false, $r->result->code ?? null);
        return ['', '', lastStatus($c), microtime(true) - $t];
    } catch (SoapFault $f) {
        $out = [$f->faultcode, $f->getMessage(), lastStatus($c), round(microtime(true) - $t, 2)];
        note($step, 'fault', ['faultcode' => $out[0], 'message' => $out[1], 'status' => $out[2], 'seconds' => $out[3]]);
        return $out;
    }
}

function rule(string $step, array $rule): void
{
    [$status, $body] = admin('POST', '/_simulator/faults', $rule);
    check($step, 'the rule is created (201)', $status === 201, [$status, $body]);
}

function normalAfter(string $step): void
{
    global $BASE;
    $c = client("$BASE/V4");
    try {
        $r = details($c);
        check($step, 'the next call answers normally (times counted down)', ($r->result->code ?? null) === '02304', $r->result->code ?? null);
    } catch (SoapFault $f) {
        check($step, 'the next call answers normally (times counted down)', false, $f->getMessage());
    }
}

/**
 * The SDK's failover loop (WebserviceClient::callWebservice with the endpoints
 * directory's list): tries each base URL in turn while the failure is one it
 * fails over on; a retry carries x-failover-cause, -index, -origin, -duration.
 * `$call` makes the call on a client and returns its response.
 */
function withFailover(array $baseUrls, callable $call): array
{
    $headers = [];
    $tries = [];
    foreach ($baseUrls as $index => $url) {
        $c = client($url, $headers);
        $t = microtime(true);
        $cause = null;
        try {
            $r = $call($c);
            $code = $r->result->code ?? '';
            if (in_array($code, FAILOVER_CODES, true)) {
                $cause = "APP_$code";
            } else {
                $tries[] = ['url' => $url, 'result' => $code];
                return ['tries' => $tries, 'result' => $code];
            }
        } catch (SoapFault $f) {
            $status = lastStatus($c);
            if (in_array($status, FAILOVER_STATUSES, true)) {
                $cause = "HTTP_$status";
            } elseif ($status === 0 && in_array($f->getMessage(), TIMEOUT_MESSAGES, true)) {
                $cause = 'TIMEOUT';
            } else {
                $tries[] = ['url' => $url, 'error' => $f->getMessage()];
                return ['tries' => $tries, 'result' => 'XXXXX'];
            }
        }
        $tries[] = ['url' => $url, 'cause' => $cause];
        $headers = [
            'x-failover-cause' => $cause,
            'x-failover-duration' => (string) (int) round((microtime(true) - $t) * 1000),
            'x-failover-origin' => "$url/services/",
            'x-failover-index' => (string) ($index + 1),
        ];
    }
    return ['tries' => $tries, 'result' => 'XXXXX'];
}

/**
 * The SDK's doWebPayment in its HOMO environment with failover on: the directory's URLs in
 * order, each + /services/WebPaymentAPI, through the failover loop.
 */
function sdkDoWebPayment(string $shopBase, string $cause): void
{
    $urls = endpointsDirectory();
    if ($urls === null) {
        return;
    }
    $answer = null;
    $out = withFailover($urls, function (SoapClient $c) use ($shopBase, &$answer): object {
        return $answer = $c->__soapCall('doWebPayment', [webPaymentRequest('jean.dupont@example.com', $shopBase)]);
    });
    $token = $answer->token ?? null;
    note('doWebPayment', 'tries', $out['tries']);
    note('doWebPayment', 'code', $out['result']);
    note('doWebPayment', 'token', $token);
    note('doWebPayment', 'redirectURL', $answer->redirectURL ?? null);
    check('doWebPayment', "the first URL fails with $cause", ($out['tries'][0]['cause'] ?? null) === $cause, $out['tries'][0] ?? null);
    check('doWebPayment', 'the second URL of the directory answers 00000 with a token', count($out['tries']) === 2 && $out['tries'][1]['url'] === $urls[1] && $out['result'] === '00000' && is_string($token), $out);
}

if ($SDK_MODE) {
    sdkDoWebPayment($argv[2], $argv[3] ?? 'HTTP_503');
} else {
    admin('POST', '/_simulator/reset', []);
    $v4 = "$BASE/V4";

    // --- http 503: an HTTP error, the proxy's status
    rule('http503', ['operation' => 'getWebPaymentDetails', 'kind' => 'http', 'status' => 503, 'times' => 1]);
    [$code, $message, $status] = failing('http503');
    check('http503', 'SoapFault with faultcode HTTP', $code === 'HTTP', $code);
    check('http503', 'message Service Unavailable', $message === 'Service Unavailable', $message);
    check('http503', 'HTTP status 503', $status === 503, $status);
    normalAfter('http503');

    // --- http 500: the platform's SOAP Fault
    rule('http500', ['operation' => 'getWebPaymentDetails', 'kind' => 'http', 'status' => 500, 'times' => 1]);
    [$code, $message, $status] = failing('http500');
    check('http500', 'SoapFault from the Fault body (faultcode soapenv:Server)', $code === 'soapenv:Server', $code);
    check('http500', 'faultstring Internal Error', $message === 'Internal Error', $message);
    check('http500', 'HTTP status 500', $status === 500, $status);

    // --- reset: a connection error, no answer at all
    rule('reset', ['operation' => 'getWebPaymentDetails', 'kind' => 'reset', 'times' => 1]);
    [$code, $message, $status] = failing('reset');
    check('reset', 'SoapFault with faultcode HTTP', $code === 'HTTP', $code);
    check('reset', 'no response headers', $status === 0, $status);
    normalAfter('reset');

    // --- hang: the client's own time-out (default_socket_timeout 1 s)
    rule('hang', ['operation' => 'getWebPaymentDetails', 'kind' => 'hang', 'times' => 1]);
    [$code, $message, $status, $seconds] = failing('hang');
    check('hang', 'a time-out as the SDK sees one (Error Fetching http headers)', in_array($message, TIMEOUT_MESSAGES, true), $message);
    check('hang', 'after the client socket time-out, not at once', $seconds >= 0.9, $seconds);
    normalAfter('hang');

    // --- code: HTTP 200 with the result
    rule('code', ['operation' => 'getWebPaymentDetails', 'kind' => 'code', 'code' => '04901', 'times' => 1]);
    $c = client($v4);
    $r = details($c);
    check('code', 'result 04901 ERROR', ($r->result->code ?? null) === '04901' && ($r->result->shortMessage ?? null) === 'ERROR', $r->result ?? null);
    check('code', 'HTTP 200', lastStatus($c) === 200, lastStatus($c));

    $urls = [$v4, "$BASE/failover/V4"];
    foreach ([
        'failover503' => [['operation' => 'getWebPaymentDetails', 'kind' => 'http', 'status' => 503, 'times' => 1], 'HTTP_503'],
        'failoverTimeout' => [['operation' => 'getWebPaymentDetails', 'kind' => 'hang', 'times' => 1], 'TIMEOUT'],
        'failover02101' => [['operation' => 'getWebPaymentDetails', 'kind' => 'code', 'code' => '02101', 'times' => 1], 'APP_02101'],
    ] as $step => [$r, $cause]) {
        rule($step, $r);
        $out = withFailover($urls, 'details');
        note($step, 'tries', $out['tries']);
        check($step, "first URL fails with $cause", ($out['tries'][0]['cause'] ?? null) === $cause, $out['tries'][0] ?? null);
        check($step, 'the second URL answers normally', ($out['tries'][1]['url'] ?? null) === "$BASE/failover/V4" && $out['result'] === '02304', $out);
    }
}

report(['client' => 'php ' . PHP_VERSION . ' SoapClient (ext-soap)', 'mode' => $SDK_MODE ? 'sdk-directory' : 'faults']);
