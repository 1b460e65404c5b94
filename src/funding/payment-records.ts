// Where a funding record of payments and forwarding lives, before the use case opens its transaction there: the
// transaction must act in the record's municipality (its row-level security and its audit chain), and a record
// id alone does not say which one. Shared by payment.service.ts and forwarding.service.ts.
import { permissions, type Action, type Actor, type Resource } from '../access/access.rules.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import {
  authorizeFunding,
  fundingTarget,
  inFunding,
  reachesAllMunicipalities,
  type FundingContext,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import { findGrant, municipalityOfRecord, type GrantFacts } from './payment.repository.ts';

/** Whether the actor's permission reaches records of its own organisation only (a provider's own contracts). */
function organisationScoped(actor: Actor, action: Action, resource: Resource): boolean {
  return permissions.some(
    (p) =>
      actor.roles.includes(p.role) &&
      p.resource === resource &&
      p.scope === 'organisation' &&
      (p.action === action || p.action === 'manage'),
  );
}

/**
 * The municipality of the record, searched where the actor can see it: every municipality for the approving
 * authority; the municipalities a provider serves for a provider's staff (their contracts with each); the active
 * municipality otherwise. Undefined when it is nowhere the actor can see (the caller answers 404).
 */
export async function locateRecord(
  ctx: FundingContext,
  actor: Actor,
  access: { action: Action; resource: Resource },
  table: 'funding_grant' | 'payment_request' | 'forwarding_contract',
  id: string,
): Promise<string | undefined> {
  if (reachesAllMunicipalities(actor, access.action, access.resource)) {
    return withTenant(ctx.db, { municipalityId: null, userId: actor.userId, allTenants: true }, (trx) =>
      municipalityOfRecord(trx, table, id),
    );
  }
  const candidates = organisationScoped(actor, access.action, access.resource)
    ? [...new Set([actor.activeMunicipalityId, ...actor.municipalityIds])]
    : [actor.activeMunicipalityId];
  for (const municipalityId of candidates) {
    if (!municipalityId) continue;
    const found = await withTenant(ctx.db, { municipalityId, userId: actor.userId }, (trx) =>
      municipalityOfRecord(trx, table, id),
    );
    if (found) return found;
  }
  return undefined;
}

/**
 * Reads a grant's payments or forwarding: finds the grant where the actor can see it, checks the actor may read
 * the resource of its municipality (404, audited, otherwise), and runs `work` in a transaction there.
 */
export async function readGrant<T>(
  ctx: FundingContext,
  actor: Actor,
  resource: 'payment' | 'forwarding',
  grantId: string,
  meta: RequestMeta,
  work: (trx: Trx, grant: GrantFacts) => Promise<T>,
): Promise<T> {
  const notFound = () => new AppError('not_found', 'No such grant.');
  const municipalityId = await locateRecord(ctx, actor, { action: 'read', resource }, 'funding_grant', grantId);
  if (!municipalityId) throw notFound();
  await authorizeFunding(
    ctx,
    actor,
    'read',
    fundingTarget(resource, municipalityId),
    { resourceType: 'grant', resourceId: grantId, meta },
    'not_found',
  );
  return inFunding(ctx, actor, { action: 'read', resource, municipalityId }, async (trx) => {
    const grant = await findGrant(trx, grantId);
    if (!grant) throw notFound();
    return work(trx, grant);
  });
}
