// The proof of use in progress of a demo grant, made through the proof services as the people who make it (the
// provider's staff for its contract, the municipality's managing office for its own), on the days of the story:
// the provider's interim statement of the year with actual spending, a narrative and receipts, submitted to the
// municipality; the municipality's interim statement of the same year with actuals and receipts, still a draft
// (it waits for the provider's proof to be checked). The services' figures come from the case data, their rules
// assess planned vs actual, and their audit entries record every step (attributed to these demo accounts).
import type { Kysely } from 'kysely';
import type { Actor } from '../access/access.rules.ts';
import type { Database } from '../database.ts';
import type { RequestMeta } from '../funding/funding.context.ts';
import { createReceiptService } from '../funding/proof-receipt.service.ts';
import { createProofService } from '../funding/proof.service.ts';
import type { ProofView, UpdateNarrative } from '../funding/proof.schema.ts';
import { withTenant } from '../platform/db/rls.ts';
import { PROOF_YEAR, TIMELINE } from './funding-seed.parameters.ts';
import { actualSpending, receiptsOf } from './funding-seed.rules.ts';
import type { Random } from './random.ts';

export interface ProofSeedInput {
  db: Kysely<Database>;
  municipalityId: string;
  grantId: string;
  office: Actor;
  /** the provider's staff and its concluded contract, when the provider's proof is to be made */
  provider: { actor: Actor; contractId: string; name: string } | null;
  random: Random;
  meta: RequestMeta;
}

export interface ProofSeedResult {
  proofIds: string[];
  receipts: number;
}

const clock = (instant: string) => () => new Date(instant);

const NARRATIVE: Record<'provider' | 'municipality', UpdateNarrative> = {
  provider: {
    summary:
      'Das Coaching lief 2022 durchgehend; die Teilnehmenden wurden vor, während und nach Maßnahmen begleitet, ' +
      'Abbrüche wurden durch aufsuchende Kontakte vermieden.',
    activities:
      'Einzelcoaching, Begleitung zu Betrieben und Berufskollegs, Fallkonferenzen mit dem Teilhabemanagement.',
    results: 'Mehrere Übergänge in Einstiegsqualifizierung und Ausbildung; die Zahlen stammen aus der Fallarbeit.',
  },
  municipality: {
    summary:
      'Zwischennachweis 2022 in Bearbeitung: Die Angebote FB1–FB4 liefen im dritten Jahr im gesamten Stadtgebiet; ' +
      'der Nachweis des Trägers liegt zur Prüfung vor.',
    activities: 'Coaching, berufsbegleitende Sprachförderung, Hauptschulabschluss- und Vorbereitungskurse.',
  },
};

/** Actual spending on every line and a narrative; receipts for the first lines. */
async function fillIn(
  input: ProofSeedInput,
  actor: Actor,
  proof: ProofView,
  now: string,
  narrative: UpdateNarrative,
  payee: (category: string) => string,
): Promise<number> {
  const proofs = createProofService({ db: input.db, now: clock(now) });
  const receipts = createReceiptService({ db: input.db, now: clock(now) });
  const actuals = proof.lines.map((line) => ({
    lineId: line.id,
    actualCents: actualSpending(line.plannedCents, input.random),
  }));
  let view = await proofs.updateStatement(actor, proof.id, proof.version, { lines: actuals }, input.meta);
  view = await proofs.updateNarrative(actor, proof.id, view.version, narrative, input.meta);
  let added = 0;
  for (const [index, line] of view.lines.slice(0, 3).entries()) {
    if (!line.actualCents) continue;
    for (const [number, receipt] of receiptsOf(line.actualCents, PROOF_YEAR, 2, input.random).entries()) {
      await receipts.add(
        actor,
        proof.id,
        {
          lineId: line.id,
          receiptDate: receipt.receiptDate,
          payee: payee(line.category),
          purpose: `${line.description} (${receipt.receiptDate.slice(5, 7)}/${PROOF_YEAR})`,
          reference: `RE-${PROOF_YEAR}-${String(index * 10 + number + 1).padStart(3, '0')}`,
          amountCents: receipt.amountCents,
        },
        input.meta,
      );
      added += 1;
    }
  }
  return added;
}

export async function writeProofsInProgress(input: ProofSeedInput): Promise<ProofSeedResult> {
  const result: ProofSeedResult = { proofIds: [], receipts: 0 };
  if (input.provider) {
    const { actor, contractId, name } = input.provider;
    const created = await createProofService({ db: input.db, now: clock(TIMELINE.providerProofCreated) }).create(
      actor,
      { grantId: input.grantId, contractId, kind: 'interim', budgetYear: PROOF_YEAR },
      input.meta,
    );
    result.proofIds.push(created.id);
    result.receipts += await fillIn(input, actor, created, TIMELINE.providerProofCreated, NARRATIVE.provider, (c) =>
      c === 'personnel' ? name : 'Verkehrsverbund Rhein-Sieg',
    );
    const submitting = createProofService({ db: input.db, now: clock(TIMELINE.providerProofSubmitted) });
    const current = await submitting.get(actor, created.id, input.meta);
    await submitting.submit(actor, created.id, current.version, input.meta);
  }
  const own = await createProofService({ db: input.db, now: clock(TIMELINE.proofCreated) }).create(
    input.office,
    { grantId: input.grantId, kind: 'interim', budgetYear: PROOF_YEAR },
    input.meta,
  );
  result.proofIds.push(own.id);
  result.receipts += await fillIn(input, input.office, own, TIMELINE.proofWorkedOn, NARRATIVE.municipality, (c) =>
    c === 'teaching_hours' || c === 'exam_fees' ? 'Demo-Sprachinstitut Köln' : 'Stadt Köln, Kasse',
  );
  await withTenant(input.db, { municipalityId: input.municipalityId, userId: null }, (trx) =>
    trx.updateTable('proof_of_use').set({ is_demo: true }).where('id', 'in', result.proofIds).execute(),
  );
  return result;
}
