import { describe, expect, it } from 'vitest';
import { asksForHelp, ConfigError, derivedPublicUrl, OPTIONS, parseConfig, readCommandLine } from './config.js';

describe('parseConfig', () => {
  it('has the documented defaults', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ port: 8080, host: '127.0.0.1', publicUrl: 'http://127.0.0.1:8080', bodyLimit: 1048576, timeZone: 'Europe/Paris', logRequests: false, directoryFailover: false });
    expect(c.fixtures).toBeUndefined();
    expect(c.dataFile).toBeUndefined();
    expect(c.adminToken).toBeUndefined();
  });

  it('reads env vars, and a flag wins over its variable', () => {
    const c = parseConfig({ PORT: '9000', HOST: '0.0.0.0', FIXTURES: './f' }, ['--port', '9100', '--public-url=https://sim.example/']);
    expect(c.port).toBe(9100);
    expect(c.host).toBe('0.0.0.0');
    expect(c.publicUrl).toBe('https://sim.example');
    expect(c.fixtures).toBe('./f');
  });

  it('reads DIRECTORY_FAILOVER / --directory-failover (the flag wins)', () => {
    expect(parseConfig({ DIRECTORY_FAILOVER: 'true' }).directoryFailover).toBe(true);
    expect(parseConfig({ DIRECTORY_FAILOVER: '1' }, ['--directory-failover', 'false']).directoryFailover).toBe(false);
  });

  it('derives the public URL from host and port, with localhost for a wildcard host', () => {
    expect(parseConfig({ HOST: '0.0.0.0', PORT: '8081' }).publicUrl).toBe('http://localhost:8081');
    expect(parseConfig({ HOST: '::1' }).publicUrl).toBe('http://[::1]:8080');
    expect(derivedPublicUrl({}, [])).toBe(true);
    expect(derivedPublicUrl({ PUBLIC_URL: 'http://x' }, [])).toBe(false);
    expect(derivedPublicUrl({}, ['--public-url', 'http://x'])).toBe(false);
  });

  it.each([
    [{ PORT: 'abc' }, [], /PORT must be a whole number from 0 to 65535, got "abc"/],
    [{ PORT: '70000' }, [], /PORT must be a whole number/],
    [{}, ['--port', '-1'], /--port must be a whole number/],
    [{ PUBLIC_URL: 'not a url' }, [], /PUBLIC_URL must be an absolute http\(s\) URL/],
    [{ PUBLIC_URL: 'ftp://x' }, [], /PUBLIC_URL must be an http\(s\) URL/],
    [{ PUBLIC_URL: 'http://x/?q=1' }, [], /PUBLIC_URL must be a base URL .*no query, fragment, credentials, spaces or quotes/],
    [{ PUBLIC_URL: 'http://x/#f' }, [], /PUBLIC_URL must be a base URL/],
    [{ PUBLIC_URL: 'http://user:pw@x' }, [], /PUBLIC_URL must be a base URL/],
    [{ PUBLIC_URL: 'http://x/a b' }, [], /PUBLIC_URL must be a base URL/],
    [{ JOURNAL_MB: '2048' }, [], /JOURNAL_MB must be a whole number from 1 to 1024/],
    [{ HOST: 'bad host!' }, [], /HOST must be a host name or IP address/],
    [{ TIME_ZONE: 'Mars/Olympus' }, [], /TIME_ZONE must be an IANA time zone/],
    [{ LOG_REQUESTS: 'yes' }, [], /LOG_REQUESTS must be true or false/],
    [{ DIRECTORY_FAILOVER: 'on' }, [], /DIRECTORY_FAILOVER must be true or false, got "on"/],
    [{}, ['--directory-failover', 'maybe'], /--directory-failover must be true or false/],
    [{ BODY_LIMIT: '10' }, [], /BODY_LIMIT must be a whole number from 1024/],
    [{}, ['--nope', '1'], /unknown option --nope/],
    [{}, ['--port'], /option --port needs a value/],
    [{}, ['--data', ''], /option --data needs a value/],
    [{}, ['--fixtures', ' '], /option --fixtures needs a value/],
    [{}, ['--fixtures='], /^option --fixtures needs a value$/],
    [{}, ['--port', '--host', '0.0.0.0'], /^option --port needs a value$/],
    [{}, ['-p', '80'], /^unknown option -p \(known: --port, --host, /],
    [{}, ['--Port', '80'], /^unknown option --Port/],
    [{}, ['serve'], /^unexpected argument "serve" \(options are written --name value or --name=value; --help lists them\)$/],
    [{}, ['--port', '80', '--', '--host'], /^unexpected argument "--host"/],
    [{ HTTPS_PORT: 'https' }, [], /HTTPS_PORT must be a whole number from 0 to 65535, got "https"/],
    [{}, ['--https-port', '70000'], /--https-port must be a whole number from 0 to 65535/],
  ] as const)('refuses %j %j with one clear message', (env, argv, message) => {
    expect(() => parseConfig(env, argv)).toThrow(ConfigError);
    expect(() => parseConfig(env, argv)).toThrow(message);
  });

  it('has HTTPS off unless HTTPS_PORT is set, and the CA in a per-user data folder unless CA_DIR is', () => {
    const off = parseConfig({ HOME: '/home/ann' });
    expect(off.httpsPort).toBeUndefined();
    expect(off.caDir).toBe('/home/ann/.local/share/bancontact-simulator');
    expect(parseConfig({ HOME: '/home/ann', XDG_DATA_HOME: '/data/ann' }).caDir).toBe('/data/ann/bancontact-simulator');
    // a relative XDG_DATA_HOME is invalid by the XDG spec, and ignored
    expect(parseConfig({ HOME: '/home/ann', XDG_DATA_HOME: 'rel' }).caDir).toBe('/home/ann/.local/share/bancontact-simulator');
    const on = parseConfig({ HTTPS_PORT: '8443', CA_DIR: '/srv/ca' }, ['--https-port', '443']);
    expect(on.httpsPort).toBe(443);
    expect(on.caDir).toBe('/srv/ca');
    expect(parseConfig({}, ['--https-port=0', '--ca-dir=./ca']).httpsPort).toBe(0);
  });
});

describe('readCommandLine', () => {
  it('reads --flag value and --flag=value (a value may hold "=" or start with one dash), the last one winning', () => {
    const { flags } = readCommandLine(['--port=9000', '--admin-token', 'a=b=c-123', '--port', '9001', '--data', '-x.db']);
    expect(Object.fromEntries(flags)).toEqual({ '--port': '9001', '--admin-token': 'a=b=c-123', '--data': '-x.db' });
  });

  it('knows every flag of OPTIONS', () => {
    const argv = Object.values(OPTIONS).flatMap((o) => [o.flag, 'v']);
    expect([...readCommandLine(argv).flags.keys()]).toEqual(Object.values(OPTIONS).map((o) => o.flag));
  });

  it('sees --help and -h anywhere, whatever else is there, but not as the value of a flag', () => {
    expect(readCommandLine([]).help).toBe(false);
    expect(readCommandLine(['--port', '1', '--help']).help).toBe(true);
    expect(readCommandLine(['--nope', 'x', '-h']).help).toBe(true);
    expect(asksForHelp(['--nope', '--help'])).toBe(true);
    expect(asksForHelp(['--admin-token', '-h'])).toBe(false);
    expect(asksForHelp(['--nope'])).toBe(false);
  });

  it('takes arguments that are not flags only as many as allowed', () => {
    expect(readCommandLine(['127.0.0.2', '--port', '1'], 1)).toEqual({ flags: new Map([['--port', '1']]), help: false, positionals: ['127.0.0.2'] });
    expect(() => readCommandLine(['a', 'b'], 1)).toThrow(/^unexpected argument "b"/);
  });
});
