// The database as Kysely sees it: every area's tables, composed here (areas declare them in *.table.ts).
import type { SessionTables } from './accounts/session.table.ts';
import type { AuditTables } from './audit/audit.table.ts';
import type { UserTables } from './accounts/user.table.ts';
import type { CareerTables } from './careers/career.table.ts';
import type { CaseTables } from './cases/case.table.ts';
import type { DataRightsTables } from './data-rights/data-rights.table.ts';
import type { FundingTables } from './funding/funding.table.ts';
import type { OfferTables } from './offers/offer.table.ts';
import type { OrganisationTables } from './organisations/organisation.table.ts';
import type { ParticipantTables } from './participants/participant.table.ts';
import type { QualityTables } from './quality/quality.table.ts';

export interface Database
  extends
    OrganisationTables,
    UserTables,
    SessionTables,
    AuditTables,
    ParticipantTables,
    CaseTables,
    DataRightsTables,
    OfferTables,
    CareerTables,
    QualityTables,
    FundingTables {}
