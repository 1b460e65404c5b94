import { describe, expect, it } from 'vitest';
import { csrfDecision, type CsrfInput } from './csrf.rules.ts';

const post: CsrfInput = {
  method: 'POST',
  secFetchSite: undefined,
  origin: undefined,
  host: 'durchstarten.koeln.example',
  hasSessionCookie: true,
};

describe('CSRF decision', () => {
  it('lets safe methods through', () => {
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      expect(csrfDecision({ ...post, method, secFetchSite: 'cross-site' }).allowed).toBe(true);
    }
  });

  it('trusts Sec-Fetch-Site: same-origin and none, and refuses same-site and cross-site', () => {
    expect(csrfDecision({ ...post, secFetchSite: 'same-origin' })).toEqual({ allowed: true, reason: 'same_origin' });
    expect(csrfDecision({ ...post, secFetchSite: 'none' })).toEqual({ allowed: true, reason: 'user_initiated' });
    expect(csrfDecision({ ...post, secFetchSite: 'same-site' }).allowed).toBe(false);
    expect(csrfDecision({ ...post, secFetchSite: 'cross-site' }).allowed).toBe(false);
    // Sec-Fetch-Site wins over a matching Origin.
    expect(
      csrfDecision({ ...post, secFetchSite: 'cross-site', origin: 'https://durchstarten.koeln.example' }).allowed,
    ).toBe(false);
  });

  it('falls back to Origin: it must name this host', () => {
    expect(csrfDecision({ ...post, origin: 'https://durchstarten.koeln.example' }).allowed).toBe(true);
    expect(csrfDecision({ ...post, origin: 'https://DURCHSTARTEN.koeln.example' }).allowed).toBe(true);
    expect(csrfDecision({ ...post, origin: 'https://evil.example' }).allowed).toBe(false);
    expect(csrfDecision({ ...post, origin: 'https://durchstarten.koeln.example.evil.example' }).allowed).toBe(false);
    expect(csrfDecision({ ...post, origin: 'null' }).allowed).toBe(false);
    expect(csrfDecision({ ...post, origin: 'not a url' }).allowed).toBe(false);
    expect(csrfDecision({ ...post, host: 'localhost:3000', origin: 'http://localhost:3000' }).allowed).toBe(true);
    expect(csrfDecision({ ...post, host: 'localhost:3000', origin: 'http://localhost:4000' }).allowed).toBe(false);
    expect(csrfDecision({ ...post, host: 'localhost:80', origin: 'http://localhost' }).allowed).toBe(true);
    expect(csrfDecision({ ...post, host: 'example.org:443', origin: 'https://example.org' }).allowed).toBe(true);
    expect(csrfDecision({ ...post, host: 'example.org', origin: 'ftp://example.org' }).allowed).toBe(false);
  });

  it('allows clients without either header only when they send no session cookie', () => {
    expect(csrfDecision({ ...post, hasSessionCookie: false })).toEqual({ allowed: true, reason: 'no_browser' });
    expect(csrfDecision(post)).toEqual({ allowed: false, reason: 'no_origin_with_cookie' });
    for (const method of ['PUT', 'PATCH', 'DELETE', 'post'])
      expect(csrfDecision({ ...post, method }).allowed).toBe(false);
  });
});
