// Who may do what with a proof of use, beyond the permission table: a provider writes its own proof (for its
// contract), the municipality's managing office writes the municipality's own and checks the providers'; the
// approving authority audits the municipality's and never writes a recipient's statement. Also: where a proof
// or claim lives, before the use case opens its transaction there.
import { authorize, type Action, type Actor, type Target } from '../access/access.rules.ts';
import type { ProofStatus } from './funding.codes.ts';
import { findWhereVisible, reachesAllMunicipalities, type FundingContext } from './funding.context.ts';
import { municipalityOf } from './proof.repository.ts';

export interface ProofOwner {
  municipalityId: string;
  /** the provider of a contract's proof; null for the municipality's own proof */
  providerId: string | null;
}

export const EDITABLE: readonly ProofStatus[] = ['draft', 'returned'];

export function proofTarget(owner: ProofOwner): Target {
  return { resource: 'proof_of_use', municipalityId: owner.municipalityId, organisationId: owner.providerId };
}

/** The municipality's own right (its managing office), whatever the proof's provider. */
function municipalityTarget(municipalityId: string): Target {
  return { resource: 'proof_of_use', municipalityId, organisationId: null };
}

export function isAuthority(actor: Actor): boolean {
  return reachesAllMunicipalities(actor, 'update', 'proof_of_use');
}

/** Writes the statement, narrative and receipts: the author of the proof (provider staff or managing office). */
export function mayWrite(actor: Actor, owner: ProofOwner): boolean {
  if (isAuthority(actor)) return false;
  if (owner.providerId !== null) {
    return actor.organisationId === owner.providerId && authorize(actor, 'update', proofTarget(owner)).allowed;
  }
  return authorize(actor, 'update', municipalityTarget(owner.municipalityId)).allowed;
}

/** Accepts or returns a provider's proof: the municipality, never the provider itself. */
export function mayCheck(actor: Actor, owner: ProofOwner): boolean {
  return (
    owner.providerId !== null &&
    !isAuthority(actor) &&
    actor.organisationId !== owner.providerId &&
    authorize(actor, 'update', municipalityTarget(owner.municipalityId)).allowed
  );
}

/** Audits or returns the municipality's proof: the approving authority. */
export function mayAudit(actor: Actor, owner: ProofOwner): boolean {
  return owner.providerId === null && isAuthority(actor);
}

/** The municipality (and provider) of a proof, claim, grant or contract, where the actor can see it. */
export function locate(
  ctx: FundingContext,
  actor: Actor,
  action: Action,
  table: 'proof_of_use' | 'recovery_claim' | 'funding_grant' | 'forwarding_contract',
  id: string,
): Promise<ProofOwner | undefined> {
  return findWhereVisible(ctx, actor, { action, resource: 'proof_of_use' }, (trx) => municipalityOf(trx, table, id));
}
