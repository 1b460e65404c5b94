// Cross-site request forgery defence (ASVS 5.0 3.5): a state-changing request is accepted only when
// the browser says it comes from our own origin.
//
// 1. `Sec-Fetch-Site` (sent by every current browser): `same-origin` is ours; `none` is a request the
//    user started (address bar, bookmark); `same-site` and `cross-site` are refused.
// 2. Without it (older browsers), `Origin` must name this host. A `null` origin (sandboxed frames,
//    privacy redirects) is refused.
// 3. With neither header the client is not a browser that could have been tricked: curl, scripts,
//    monitoring. They are allowed only when they send no session cookie, because a cookie is what a
//    forged request would ride on; a client with neither header and a cookie is refused. There are no
//    API tokens yet: when they come, token-authenticated requests need no CSRF check (no ambient
//    credential).
// SameSite=Lax on the cookie is a second line: cross-site POSTs do not carry it in current browsers.
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfInput {
  method: string;
  secFetchSite: string | undefined;
  origin: string | undefined;
  /** The Host the request was sent to (X-Forwarded-Host when the proxy is trusted). */
  host: string;
  hasSessionCookie: boolean;
}

export type CsrfDecision =
  | { allowed: true; reason: 'safe_method' | 'same_origin' | 'user_initiated' | 'origin_matches' | 'no_browser' }
  | { allowed: false; reason: 'cross_site' | 'origin_mismatch' | 'no_origin_with_cookie' };

/** Whether the origin names the host; a port that is the scheme's default counts as absent on both sides. */
function originMatchesHost(origin: string, host: string): boolean {
  if (origin === 'null') return false;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    return url.host === new URL(`${url.protocol}//${host}`).host;
  } catch {
    return false;
  }
}

export function csrfDecision(input: CsrfInput): CsrfDecision {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return { allowed: true, reason: 'safe_method' };
  const site = input.secFetchSite?.toLowerCase();
  if (site) {
    if (site === 'same-origin') return { allowed: true, reason: 'same_origin' };
    if (site === 'none') return { allowed: true, reason: 'user_initiated' };
    return { allowed: false, reason: 'cross_site' };
  }
  if (input.origin !== undefined) {
    return originMatchesHost(input.origin, input.host)
      ? { allowed: true, reason: 'origin_matches' }
      : { allowed: false, reason: 'origin_mismatch' };
  }
  return input.hasSessionCookie
    ? { allowed: false, reason: 'no_origin_with_cookie' }
    : { allowed: true, reason: 'no_browser' };
}
