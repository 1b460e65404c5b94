// Who may do what with an application, and the transaction a use case on one runs in. Two sides work on an
// application: the applicant (the municipality's managing office) drafts, submits and withdraws; the approving
// authority (all municipalities) reviews, comments, returns, rejects and decides. The authority holds `update` on
// applications for its review, so the side is told by the reach of the permission, not the action alone. The
// authority never sees a draft that was not submitted (404, as for any record the actor may not see).
import type { Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import { findApplication, type ApplicationViewRow } from './application.repository.ts';
import {
  auditDenial,
  authorizeFunding,
  fundingTarget,
  inFunding,
  reachesAllMunicipalities,
  signedIn,
  type FundingContext,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';

export type Side = 'applicant' | 'authority';

/** What a use case needs: to read, to work as the applicant, to review as the authority, or to decide. */
export type Need = 'read' | 'applicant' | 'authority' | 'decide';

export const NOT_FOUND = 'No such application.';

export function sideOf(actor: Pick<Actor, 'roles'>): Side {
  return reachesAllMunicipalities(actor, 'read', 'application') ? 'authority' : 'applicant';
}

/** The municipality an application belongs to, as the authority (across municipalities) sees it. */
async function municipalityForAuthority(
  ctx: FundingContext,
  who: Actor,
  id: string,
  meta: RequestMeta,
): Promise<string | null> {
  const found = await inFunding(ctx, who, { action: 'read', resource: 'application', municipalityId: null }, (trx) =>
    trx
      .selectFrom('funding_application')
      .select(['municipality_id', 'submitted_at'])
      .where('id', '=', id)
      .executeTakeFirst(),
  );
  if (!found) return null;
  if (found.submitted_at === null) {
    await auditDenial(ctx, who, 'read', found.municipality_id, {
      resourceType: 'funding_application',
      resourceId: id,
      meta,
      reason: 'a draft that was never submitted is the applicant’s alone',
    });
    return null;
  }
  return found.municipality_id;
}

/**
 * Runs `work` on an application in the transaction of its municipality (row lock with `lock`), after the checks
 * of `need`; a record the actor may not see is 404, a step the actor may not take 403, both audited.
 */
export async function onApplication<T>(
  ctx: FundingContext,
  actor: Actor | null,
  id: string,
  need: Need,
  meta: RequestMeta,
  work: (trx: Trx, row: ApplicationViewRow, who: Actor) => Promise<T>,
  options: { lock?: boolean } = {},
): Promise<T> {
  const who = signedIn(actor);
  const side = sideOf(who);
  let municipalityId = who.activeMunicipalityId;
  if (side === 'authority') {
    municipalityId = await municipalityForAuthority(ctx, who, id, meta);
    if (municipalityId === null) throw new AppError('not_found', NOT_FOUND);
  }
  const audit = { resourceType: 'funding_application', resourceId: id, meta };
  return inFunding(ctx, who, { action: 'read', resource: 'application', municipalityId }, async (trx) => {
    const row = await findApplication(trx, id, { lock: options.lock ?? need !== 'read' });
    if (!row) throw new AppError('not_found', NOT_FOUND);
    const target = fundingTarget('application', row.municipality_id);
    await authorizeFunding(ctx, who, 'read', target, audit, 'not_found');
    if (need === 'applicant' || need === 'authority') {
      if (side !== need) {
        await auditDenial(ctx, who, 'update', row.municipality_id, {
          ...audit,
          reason: need === 'applicant' ? 'only the applicant changes the plan' : 'only the authority reviews',
        });
        throw new AppError('forbidden', 'You may not do this.');
      }
      await authorizeFunding(ctx, who, 'update', target, audit);
    }
    if (need === 'decide')
      await authorizeFunding(ctx, who, 'create', fundingTarget('grant', row.municipality_id), audit);
    return work(trx, row, who);
  });
}
