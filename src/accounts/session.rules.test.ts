import { describe, expect, it } from 'vitest';
import {
  ABSOLUTE_TIMEOUT_MS,
  IDLE_TIMEOUT_MS,
  needsLastSeenUpdate,
  recentlyAuthenticated,
  secondFactorRequired,
  sessionCookie,
  sessionExpiry,
  sessionStage,
  sessionValidity,
} from './session.rules.ts';

const login = new Date('2026-11-29T08:00:00Z');
const minutes = (n: number) => new Date(login.getTime() + n * 60_000);

describe('session cookie', () => {
  it('is a __Host- cookie over HTTPS: Secure, HttpOnly, SameSite=Lax, Path=/, no Domain', () => {
    const cookie = sessionCookie(true);
    expect(cookie.name).toBe('__Host-durchstarten_session');
    expect(cookie.options).toEqual({ httpOnly: true, secure: true, sameSite: 'lax', path: '/' });
    expect(cookie.options).not.toHaveProperty('domain');
    expect(cookie.options).not.toHaveProperty('maxAge');
  });

  it('drops the __Host- prefix on plain HTTP, where browsers would refuse a prefixed cookie without Secure', () => {
    const cookie = sessionCookie(false);
    expect(cookie.name).toBe('durchstarten_session');
    expect(cookie.options).toEqual({ httpOnly: true, secure: false, sameSite: 'lax', path: '/' });
  });
});

describe('session lifetime', () => {
  const session = { createdAt: login, lastSeenAt: login, expiresAt: sessionExpiry(login), revokedAt: null };

  it('ends after 15 minutes without a request', () => {
    expect(IDLE_TIMEOUT_MS).toBe(15 * 60_000);
    expect(sessionValidity(session, minutes(14))).toBe('valid');
    expect(sessionValidity(session, minutes(15))).toBe('idle_timeout');
    expect(sessionValidity({ ...session, lastSeenAt: minutes(14) }, minutes(28))).toBe('valid');
  });

  it('ends 10 hours after the login however active it is', () => {
    expect(ABSOLUTE_TIMEOUT_MS).toBe(10 * 60 * 60_000);
    expect(sessionValidity({ ...session, lastSeenAt: minutes(599) }, minutes(599.9))).toBe('valid');
    expect(sessionValidity({ ...session, lastSeenAt: minutes(599) }, minutes(600))).toBe('expired');
  });

  it('is over once revoked', () => {
    expect(sessionValidity({ ...session, revokedAt: minutes(1) }, minutes(2))).toBe('revoked');
  });

  it('writes last_seen_at at most once a minute', () => {
    expect(needsLastSeenUpdate(login, new Date(login.getTime() + 59_999))).toBe(false);
    expect(needsLastSeenUpdate(login, minutes(1))).toBe(true);
  });

  it('counts a re-authentication as recent for 5 minutes', () => {
    expect(recentlyAuthenticated(null, login)).toBe(false);
    expect(recentlyAuthenticated(login, minutes(5))).toBe(true);
    expect(recentlyAuthenticated(login, new Date(minutes(5).getTime() + 1))).toBe(false);
    expect(recentlyAuthenticated(minutes(1), login)).toBe(false);
  });
});

describe('login stages', () => {
  const coach = { roles: ['coach'] as const, isDemo: false, totpEnabled: false, passwordChangeRequired: false };

  it('requires a second factor for roles that see participant data, except demo accounts', () => {
    expect(secondFactorRequired({ roles: ['coach'], isDemo: false })).toBe(true);
    expect(secondFactorRequired({ roles: ['participation_manager'], isDemo: false })).toBe(true);
    expect(secondFactorRequired({ roles: ['provider_staff'], isDemo: false })).toBe(true);
    expect(secondFactorRequired({ roles: ['ministry_analyst'], isDemo: false })).toBe(false);
    expect(secondFactorRequired({ roles: ['coach'], isDemo: true })).toBe(false);
  });

  it('walks through second factor, password change and enrolment before a session is active', () => {
    expect(sessionStage({ ...coach, totpEnabled: true }, { mfaVerifiedAt: null })).toBe('second_factor');
    expect(sessionStage({ ...coach, totpEnabled: true }, { mfaVerifiedAt: login })).toBe('active');
    expect(sessionStage(coach, { mfaVerifiedAt: null })).toBe('enrolment');
    expect(sessionStage({ ...coach, passwordChangeRequired: true }, { mfaVerifiedAt: null })).toBe('password_change');
    expect(sessionStage({ ...coach, isDemo: true }, { mfaVerifiedAt: null })).toBe('active');
    expect(sessionStage({ ...coach, roles: ['ministry_analyst'] }, { mfaVerifiedAt: null })).toBe('active');
  });
});
