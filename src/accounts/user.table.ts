import type { ColumnType, Generated } from 'kysely';
import type { Role } from '../access/access.rules.ts';

export type UserStatus = 'invited' | 'active' | 'disabled';

export interface AppUserTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  password_changed_at: Date | null;
  password_change_required: Generated<boolean>;
  status: Generated<UserStatus>;
  totp_secret_encrypted: string | null;
  totp_enabled_at: Date | null;
  /** bigint in SQL; parsed to a number (safe: time steps are far below 2^53). */
  totp_last_used_step: number | null;
  totp_pending_secret_encrypted: string | null;
  totp_pending_created_at: Date | null;
  is_demo: Generated<boolean>;
  version: Generated<number>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface UserRoleTable {
  user_id: string;
  role: Role;
  created_at: ColumnType<Date, never, never>;
}

export interface UserRecoveryCodeTable {
  user_id: string;
  code_hash: string;
  created_at: Date;
  used_at: Date | null;
}

export interface UserInvitationTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
}

export interface TeamMemberTable {
  municipality_id: string;
  team_id: string;
  user_id: string;
  created_at: ColumnType<Date, never, never>;
}

export interface UserTables {
  app_user: AppUserTable;
  user_role: UserRoleTable;
  user_recovery_code: UserRecoveryCodeTable;
  user_invitation: UserInvitationTable;
  team_member: TeamMemberTable;
}
