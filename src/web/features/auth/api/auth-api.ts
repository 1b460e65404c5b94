import { authStateSchema, type AuthState, type LoginRequest } from '../../../../accounts/auth.schema.ts';
import { requestJson } from '../../../lib/api-request.ts';

export function login(request: LoginRequest): Promise<AuthState> {
  return requestJson('POST', '/api/v1/auth/login', { body: request, schema: authStateSchema });
}

export function submitSecondFactor(code: string): Promise<AuthState> {
  return requestJson('POST', '/api/v1/auth/login/second-factor', { body: { code }, schema: authStateSchema });
}

export function logout(): Promise<undefined> {
  return requestJson('POST', '/api/v1/auth/logout');
}
