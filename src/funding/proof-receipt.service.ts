// The receipts list (Belegliste) of a proof of use: the proof's author records the receipts per statement line
// while the proof is a draft (or returned for correction); each receipt has its own version (If-Match). The proof's
// row lock serialises receipt changes with the proof's submission.
import type { Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import {
  assertVersion,
  auditFunding,
  fundingContext,
  inFunding,
  problemsError,
  signedIn,
  type FundingServiceOptions,
  type RequestMeta,
  type Trx,
} from './funding.context.ts';
import { EDITABLE, mayWrite } from './proof-access.ts';
import {
  changeReceipt,
  deleteReceipt,
  findProof,
  findReceipt,
  insertReceipt,
  proofLines,
  type ProofRow,
} from './proof.repository.ts';
import type { CreateReceipt, ReceiptView, UpdateReceipt } from './proof.schema.ts';
import { locateProof, proofNotFound, refuseUnless } from './proof.service.ts';
import { presentReceipt } from './proof-view.ts';

const RESOURCE = 'proof_receipt';

export interface ReceiptService {
  add(actor: Actor | null, proofId: string, input: CreateReceipt, meta: RequestMeta): Promise<ReceiptView>;
  update(
    actor: Actor | null,
    proofId: string,
    receiptId: string,
    version: number,
    input: UpdateReceipt,
    meta: RequestMeta,
  ): Promise<ReceiptView>;
  remove(actor: Actor | null, proofId: string, receiptId: string, version: number, meta: RequestMeta): Promise<void>;
}

const receiptNotFound = () => new AppError('not_found', 'No such receipt of this proof of use.');

async function assertLineOf(trx: Trx, proof: ProofRow, lineId: string): Promise<void> {
  const lines = await proofLines(trx, proof.municipality_id, proof.id);
  if (!lines.some((line) => line.id === lineId)) {
    throw problemsError(
      [{ field: 'lineId', code: 'unknown_line', message: 'not a line of this statement' }],
      'The statement has no such line.',
    );
  }
}

export function createReceiptService(options: FundingServiceOptions): ReceiptService {
  const ctx = fundingContext(options);

  /** Locks the proof and checks that its author may change its receipts now. */
  async function writable<T>(
    actorOrNull: Actor | null,
    proofId: string,
    action: string,
    meta: RequestMeta,
    work: (trx: Trx, proof: ProofRow, actor: Actor) => Promise<T>,
  ): Promise<T> {
    const actor = signedIn(actorOrNull);
    const owner = await locateProof(ctx, actor, 'update', proofId, meta);
    await refuseUnless(ctx, actor, mayWrite(actor, owner), {
      action,
      owner,
      proofId,
      reason: 'only the author of a proof of use keeps its receipts',
      meta,
    });
    return inFunding(
      ctx,
      actor,
      { action: 'update', resource: 'proof_of_use', municipalityId: owner.municipalityId },
      async (trx) => {
        const proof = await findProof(trx, proofId, { lock: true });
        if (!proof) throw proofNotFound();
        if (!EDITABLE.includes(proof.status)) {
          throw new AppError('conflict', `The proof of use is ${proof.status}; its receipts can no longer be changed.`);
        }
        return work(trx, proof, actor);
      },
    );
  }

  return {
    add(actor, proofId, input, meta) {
      return writable(actor, proofId, 'create', meta, async (trx, proof, by) => {
        await assertLineOf(trx, proof, input.lineId);
        const receipt = await insertReceipt(
          trx,
          proof.municipality_id,
          proof.id,
          { ...input, reference: input.reference ?? null },
          by.userId,
        );
        await auditFunding(trx, by, {
          municipalityId: proof.municipality_id,
          action: 'create',
          resourceType: RESOURCE,
          resourceId: receipt.id,
          changedFields: Object.keys(input),
          details: { proofId: proof.id, amountCents: input.amountCents },
          meta,
        });
        return presentReceipt(receipt);
      });
    },

    update(actor, proofId, receiptId, version, input, meta) {
      return writable(actor, proofId, 'update', meta, async (trx, proof, by) => {
        const receipt = await findReceipt(trx, proof.municipality_id, receiptId);
        if (!receipt || receipt.proof_id !== proof.id) throw receiptNotFound();
        assertVersion(receipt, version, 'receipt');
        if (input.lineId !== undefined) await assertLineOf(trx, proof, input.lineId);
        const changed = await changeReceipt(trx, proof.municipality_id, receiptId, input);
        await auditFunding(trx, by, {
          municipalityId: proof.municipality_id,
          action: 'update',
          resourceType: RESOURCE,
          resourceId: receiptId,
          changedFields: Object.keys(input),
          details: { proofId: proof.id },
          meta,
        });
        return presentReceipt(changed);
      });
    },

    remove(actor, proofId, receiptId, version, meta) {
      return writable(actor, proofId, 'delete', meta, async (trx, proof, by) => {
        const receipt = await findReceipt(trx, proof.municipality_id, receiptId);
        if (!receipt || receipt.proof_id !== proof.id) throw receiptNotFound();
        assertVersion(receipt, version, 'receipt');
        await deleteReceipt(trx, proof.municipality_id, receiptId);
        await auditFunding(trx, by, {
          municipalityId: proof.municipality_id,
          action: 'delete',
          resourceType: RESOURCE,
          resourceId: receiptId,
          details: { proofId: proof.id, amountCents: receipt.amount_cents },
          meta,
        });
      });
    },
  };
}
