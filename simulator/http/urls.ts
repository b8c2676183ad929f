/** URL helpers shared by the redirects and the notifications. */

/**
 * Appends `query` to a URL with `?` or `&`, before any `#fragment`. The URL is
 * first written in its ASCII form (punycode host, percent-encoded path), which a
 * Location header and an HTTP request line need.
 */
export function appendQuery(raw: string, query: string): string {
  let url = raw;
  try {
    url = new URL(raw).href;
  } catch {
    // not absolute: keep it as given (doWebPayment only accepts absolute URLs)
  }
  const hash = url.indexOf('#');
  const base = hash >= 0 ? url.slice(0, hash) : url;
  const fragment = hash >= 0 ? url.slice(hash) : '';
  const sep = base.includes('?') ? (base.endsWith('?') || base.endsWith('&') ? '' : '&') : '?';
  return `${base}${sep}${query}${fragment}`;
}

/** The shop URL the buyer is sent back to, with `paylinetoken` appended. */
export function withPaylineToken(url: string, token: string): string {
  return appendQuery(url, `paylinetoken=${encodeURIComponent(token)}`);
}
