// Where a funding record of payments and forwarding lives, before the use case opens its transaction there: the
// transaction must act in the record's municipality (its row-level security and its audit chain), and a record
// id alone does not say which one. Shared by payment.service.ts and forwarding.service.ts.
import type { Action, Actor, Resource } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import {
  authorizeFunding,
  findWhereVisible,
  fundingTarget,
  inFunding,
  type FundingContext,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import { findGrant, municipalityOfRecord, type GrantFacts } from './payment.repository.ts';

/** The municipality of a grant, payment request or contract, where the actor can see it (findWhereVisible). */
export function locateRecord(
  ctx: FundingContext,
  actor: Actor,
  access: { action: Action; resource: Resource },
  table: 'funding_grant' | 'payment_request' | 'forwarding_contract',
  id: string,
): Promise<string | undefined> {
  return findWhereVisible(ctx, actor, access, (trx) => municipalityOfRecord(trx, table, id));
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
