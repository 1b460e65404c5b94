import type { Generated } from 'kysely';

export type SessionRevokedReason =
  | 'logout'
  | 'logout_everywhere'
  | 'rotated'
  | 'password_changed'
  | 'account_disabled'
  | 'revoked_by_user'
  | 'second_factor_reset'
  | 'revoked_by_admin';

export interface UserSessionTable {
  id: Generated<string>;
  token_hash: string;
  user_id: string;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
  mfa_verified_at: Date | null;
  reauthenticated_at: Date | null;
  revoked_at: Date | null;
  revoked_reason: SessionRevokedReason | null;
  active_municipality_id: string | null;
}

export type LoginAttemptKind = 'ip' | 'account';

export interface LoginAttemptTable {
  id: Generated<number>;
  kind: LoginAttemptKind;
  key: string;
  at: Date;
  success: boolean;
}

export interface SessionTables {
  user_session: UserSessionTable;
  login_attempt: LoginAttemptTable;
}
