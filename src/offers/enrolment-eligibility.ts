// Eligibility at enrolment: a strand offer admits only people eligible for its strand on the referral day
// (participants/eligibility.rules.ts under the municipality's policy, evaluated as the cases area does), or
// eligible by a documented exception to the age rule; anyone else is refused with 422 naming every reason.
import type { Transaction } from 'kysely';
import { evaluateStrands, notEligibleError } from '../cases/case-eligibility.service.ts';
import type { Database } from '../database.ts';
import { eligibilityPersonOf, eligibilityPolicyOf } from '../participants/participant.service.ts';
import { AppError } from '../platform/errors.ts';
import type { OfferStrand } from './offer.codes.ts';

type Trx = Transaction<Database>;

/** The eligibility of the person for the offer's strand on the referral day; 422 naming the reasons if none. */
export async function checkEligibility(
  trx: Trx,
  input: { municipalityId: string; participantId: string; strand: OfferStrand; on: string },
  justification: string | null,
): Promise<{ outcome: 'eligible' | 'eligible_by_exception'; justification: string | null }> {
  const person = await eligibilityPersonOf(trx, input.municipalityId, input.participantId);
  if (!person) throw new AppError('not_found', 'No such participant.');
  const policy = await eligibilityPolicyOf(trx, input.municipalityId);
  const result = evaluateStrands({
    person,
    policy,
    strands: [input.strand],
    on: input.on,
    exceptionJustification: justification,
  });
  if (result.decision === 'not_eligible') {
    const error = notEligibleError(result, justification !== null);
    throw new AppError('unprocessable', `The person is not eligible for ${input.strand}, the strand of this offer.`, {
      // The case's wording names the strand field of a case; here the strand is the offer's.
      fieldErrors: error.fieldErrors.map((fieldError) =>
        fieldError.field.startsWith('strands.') ? { ...fieldError, field: 'offerId' } : fieldError,
      ),
    });
  }
  return result.decision === 'eligible_by_exception'
    ? { outcome: 'eligible_by_exception', justification }
    : { outcome: 'eligible', justification: null };
}
