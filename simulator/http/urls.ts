/** URL helpers shared by the redirects and the notifications. */

/** Appends `query` to a URL with `?` or `&`, before any `#fragment`. */
export function appendQuery(url: string, query: string): string {
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
