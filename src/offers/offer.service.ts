// Use cases of the offer catalogue: the offers (and, from provider.service.ts, the providers serving the
// municipality with their contact persons). Everyone working in the municipality reads the catalogue; the managing office keeps it, and a
// provider's staff keep their own provider's offers and contacts (authorize with organisationId = provider).
// The catalogue holds no personal data: its reads are not audited, its writes are.
import type { Transaction, Updateable } from 'kysely';
import { authorize, type Actor } from '../access/access.rules.ts';
import { actingIn } from '../cases/case.context.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  findOffer,
  findServingProvider,
  insertOffer,
  searchOffers,
  updateOffer,
  type OfferRow,
} from './offer.repository.ts';
import { offerProblems, offerTransitionProblem, seatCounts, strandProblem } from './offer.rules.ts';
import type { CreateOffer, ListOffersQuery, Offer, OfferPage, UpdateOffer } from './offer.schema.ts';
import type { OfferTable } from './offer.table.ts';
import {
  assertNoProblems,
  auditWrite,
  changedFieldsOf,
  mayEdit,
  offerContext,
  offerTarget,
  refuse,
  type OfferServiceOptions,
  type RequestMeta,
} from './offers.context.ts';
import { createProviderService } from './provider.service.ts';
import { isCheckViolation } from '../platform/db/constraint-errors.ts';

type Trx = Transaction<Database>;

export function presentOffer(row: OfferRow, canEdit: boolean): Offer {
  return {
    id: row.id,
    provider: { id: row.provider_id, name: row.provider_name },
    title: row.title,
    type: row.type,
    strand: row.strand,
    description: row.description,
    place: row.place,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    weeklyHours: row.weekly_hours === null ? null : Number(row.weekly_hours),
    teachingUnits: row.teaching_units,
    capacity: row.capacity,
    entryLevel: row.entry_level,
    entryRequirements: row.entry_requirements,
    targetLevel: row.target_level,
    targetQualification: row.target_qualification,
    leadsToVocationalQualification: row.leads_to_vocational_qualification,
    supportLanguages: row.support_languages,
    childcare: row.childcare,
    accessible: row.accessible,
    accessibilityNotes: row.accessibility_notes,
    costCents: row.cost_cents === null ? null : Number(row.cost_cents),
    costNotes: row.cost_notes,
    status: row.status,
    seats: seatCounts(row.capacity, row.active_count, row.waiting_count),
    isDemo: row.is_demo,
    canEdit,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

/** The columns an offer input sets (undefined = not given, left as it is). */
function offerColumns(input: UpdateOffer): Updateable<OfferTable> {
  const columns: Updateable<OfferTable> = {
    title: input.title,
    type: input.type,
    strand: input.strand,
    description: input.description,
    place: input.place,
    starts_on: input.startsOn,
    ends_on: input.endsOn,
    weekly_hours: input.weeklyHours,
    teaching_units: input.teachingUnits,
    capacity: input.capacity,
    entry_level: input.entryLevel,
    entry_requirements: input.entryRequirements,
    target_level: input.targetLevel,
    target_qualification: input.targetQualification,
    leads_to_vocational_qualification: input.leadsToVocationalQualification,
    support_languages: input.supportLanguages,
    childcare: input.childcare,
    accessible: input.accessible,
    accessibility_notes: input.accessibilityNotes,
    cost_cents: input.costCents,
    cost_notes: input.costNotes,
    status: input.status,
  };
  return Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
}

export function createOfferService(options: OfferServiceOptions) {
  const ctx = offerContext(options);
  const inTenant = <T>(actor: Actor, work: (trx: Trx) => Promise<T>) =>
    withTenant(ctx.db, { municipalityId: actor.activeMunicipalityId, userId: actor.userId }, work);

  return {
    ...createProviderService(ctx),

    async listOffers(actorOrNull: Actor | null, query: ListOffersQuery): Promise<OfferPage> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      if (query.from && query.to && query.to < query.from) {
        throw new AppError('validation_failed', 'The period is empty.', {
          fieldErrors: [{ in: 'querystring', field: 'to', code: 'before_from', message: 'must not be before from' }],
        });
      }
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      const rows = await inTenant(actor, (trx) =>
        searchOffers(trx, {
          words: query.q?.split(/\s+/).filter((word) => word.length > 0),
          type: query.type,
          strand: query.strand,
          providerId: query.providerId,
          place: query.place,
          status: query.status,
          hasFreeSeats: query.hasFreeSeats,
          maxEntryLevel: query.maxEntryLevel,
          childcare: query.childcare,
          accessible: query.accessible,
          supportLanguage: query.supportLanguage,
          from: query.from,
          to: query.to,
          sort: order,
          after: position,
          limit: query.limit + 1,
        }),
      );
      return toPage(
        rows,
        query.limit,
        query.sort,
        (row) => ({ value: row.sort_key, id: row.id }),
        (row) => presentOffer(row, mayEdit(actor, municipalityId, row.provider_id)),
      );
    },

    async getOffer(actorOrNull: Actor | null, offerId: string): Promise<Offer> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      const row = await inTenant(actor, (trx) => findOffer(trx, offerId));
      if (!row) throw new AppError('not_found', 'No such offer.');
      return presentOffer(row, mayEdit(actor, municipalityId, row.provider_id));
    },

    async createOffer(actorOrNull: Actor | null, input: CreateOffer, meta: RequestMeta): Promise<Offer> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      return inTenant(actor, async (trx) => {
        const decision = authorize(actor, 'create', offerTarget(municipalityId, input.providerId));
        if (!decision.allowed) {
          await refuse(ctx, actor, 'create', { resourceType: 'offer', resourceId: null }, decision.reason, meta);
        }
        const provider = await findServingProvider(trx, input.providerId, municipalityId);
        const strand = input.strand ?? null;
        const problems = [
          ...(provider
            ? []
            : [{ field: 'providerId', code: 'not_serving', message: 'the provider does not serve this municipality' }]),
          ...[strandProblem(input.type, strand)].filter((p) => p !== null),
          ...offerProblems({ startsOn: input.startsOn ?? null, endsOn: input.endsOn ?? null }),
        ];
        assertNoProblems(problems, 'The offer is not valid.');
        const id = await insertOffer(trx, {
          municipality_id: municipalityId,
          provider_id: input.providerId,
          title: input.title,
          type: input.type,
          place: input.place,
          strand,
          description: input.description ?? null,
          starts_on: input.startsOn ?? null,
          ends_on: input.endsOn ?? null,
          weekly_hours: input.weeklyHours ?? null,
          teaching_units: input.teachingUnits ?? null,
          capacity: input.capacity ?? null,
          entry_level: input.entryLevel ?? null,
          entry_requirements: input.entryRequirements ?? null,
          target_level: input.targetLevel ?? null,
          target_qualification: input.targetQualification ?? null,
          accessibility_notes: input.accessibilityNotes ?? null,
          cost_cents: input.costCents ?? null,
          cost_notes: input.costNotes ?? null,
          leads_to_vocational_qualification: input.leadsToVocationalQualification ?? false,
          support_languages: input.supportLanguages ?? [],
          childcare: input.childcare ?? false,
          accessible: input.accessible ?? false,
          status: input.status ?? 'planned',
          created_by: actor.userId,
        });
        await auditWrite(trx, actor, {
          action: 'create',
          resourceType: 'offer',
          resourceId: id,
          changedFields: changedFieldsOf(input),
          meta,
        });
        const row = await findOffer(trx, id);
        if (!row) throw new Error('the offer just created is gone');
        return presentOffer(row, true);
      });
    },

    async updateOffer(
      actorOrNull: Actor | null,
      offerId: string,
      expectedVersion: number,
      input: UpdateOffer,
      meta: RequestMeta,
    ): Promise<Offer> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      return inTenant(actor, async (trx) => {
        // Locked: a capacity change is decided against the active enrolments, which cannot change meanwhile.
        const row = await findOffer(trx, offerId, true);
        if (!row) throw new AppError('not_found', 'No such offer.');
        const decision = authorize(actor, 'update', offerTarget(municipalityId, row.provider_id));
        if (!decision.allowed) {
          await refuse(ctx, actor, 'update', { resourceType: 'offer', resourceId: offerId }, decision.reason, meta);
        }
        if (row.version !== expectedVersion) {
          throw new AppError('precondition_failed', 'The offer was changed by someone else; reload it.');
        }
        const type = input.type ?? row.type;
        const strand = input.strand === undefined ? row.strand : input.strand;
        const problems = [
          ...(input.type !== undefined || input.strand !== undefined
            ? [strandProblem(type, strand)].filter((p) => p !== null)
            : []),
          ...offerProblems({
            startsOn: input.startsOn === undefined ? row.starts_on : input.startsOn,
            endsOn: input.endsOn === undefined ? row.ends_on : input.endsOn,
          }),
        ];
        assertNoProblems(problems, 'The change is not valid.');
        const transition = input.status ? offerTransitionProblem(row.status, input.status) : null;
        if (transition) {
          throw new AppError('conflict', `The offer's status cannot change so: ${transition.message}.`, {
            fieldErrors: [{ in: 'body', ...transition }],
          });
        }
        if (input.capacity !== undefined && input.capacity !== null && input.capacity < row.active_count) {
          throw new AppError(
            'conflict',
            `The offer has ${row.active_count} active enrolments: its capacity cannot go below that. End or move enrolments first.`,
            {
              fieldErrors: [
                {
                  in: 'body',
                  field: 'capacity',
                  code: 'below_active',
                  message: `at least ${row.active_count} (the active enrolments)`,
                },
              ],
            },
          );
        }
        try {
          await updateOffer(trx, offerId, offerColumns(input), ctx.now());
        } catch (error) {
          // The trigger is the backstop; with the lock above it cannot fire, but a 500 would be worse than this.
          if (isCheckViolation(error, 'offer_capacity_holds')) {
            throw new AppError('conflict', 'The capacity cannot go below the active enrolments.', { cause: error });
          }
          throw error;
        }
        await auditWrite(trx, actor, {
          action: 'update',
          resourceType: 'offer',
          resourceId: offerId,
          changedFields: changedFieldsOf(input),
          meta,
        });
        const updated = await findOffer(trx, offerId);
        if (!updated) throw new Error('the offer just changed is gone');
        return presentOffer(updated, true);
      });
    },
  };
}

export type OfferService = ReturnType<typeof createOfferService>;
