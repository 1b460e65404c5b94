// The database as Kysely sees it: every area's tables, composed here (areas declare them in *.table.ts).
import type { SessionTables } from './accounts/session.table.ts';
import type { AuditTables } from './audit/audit.table.ts';
import type { UserTables } from './accounts/user.table.ts';
import type { OrganisationTables } from './organisations/organisation.table.ts';

export interface Database extends OrganisationTables, UserTables, SessionTables, AuditTables {}
