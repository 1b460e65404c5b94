// Typed access to what the auth plugin put on the request, for route handlers.
import type { Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import type { AuthSession } from './auth.service.ts';

interface AuthenticatedRequest {
  actor: Actor | null;
  authSession: AuthSession | null;
}

export function requireSession(request: AuthenticatedRequest): AuthSession {
  if (!request.authSession) throw new AppError('unauthenticated', 'Sign in first.');
  return request.authSession;
}

export function requireActor(request: AuthenticatedRequest): Actor {
  if (!request.actor) throw new AppError('unauthenticated', 'Sign in first.');
  return request.actor;
}
