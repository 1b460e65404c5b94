// Reading and writing the session cookie (names and attributes: session.rules.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookie } from './session.rules.ts';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** HTTPS directly, or behind a proxy trusted with TRUST_PROXY that says so (X-Forwarded-Proto). */
export function isSecureRequest(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/** The token of the cookie named for this request's scheme; malformed values are ignored. */
export function readSessionToken(request: FastifyRequest): string | undefined {
  const value = request.cookies[sessionCookie(isSecureRequest(request)).name];
  return value !== undefined && TOKEN.test(value) ? value : undefined;
}

export function hasSessionCookie(request: FastifyRequest): boolean {
  return request.cookies[sessionCookie(isSecureRequest(request)).name] !== undefined;
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string): void {
  const { name, options } = sessionCookie(isSecureRequest(request));
  reply.setCookie(name, token, options);
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  const { name, options } = sessionCookie(isSecureRequest(request));
  reply.clearCookie(name, options);
}
