// Quality indicators per offer and per provider. The managing office (and others reading the municipality's
// quality review) see every provider; a provider's staff only their own. An offer or provider the actor may not
// see is "not found", and the refusal is audited.
import { authorize, mayEver, type Actor } from '../access/access.rules.ts';
import { AppError } from '../platform/errors.ts';
import {
  alertCounts,
  feedbackAnswers,
  findProvider,
  offerFigures,
  providersWithOffers,
  type OfferFiguresRow,
  type Window,
} from './indicator.repository.ts';
import {
  emptyFigures,
  rateIndicators,
  sumFigures,
  summariseFeedback,
  visibleAlerts,
  type AlertCounts,
  type EnrolmentFigures,
} from './indicator.rules.ts';
import type {
  IndicatorQuery,
  Indicators,
  OfferIndicators,
  ProviderIndicators,
  ProviderOverview,
} from './indicator.schema.ts';
import {
  actingIn,
  auditRefusal,
  qualityContext,
  qualityReach,
  qualityTarget,
  today,
  withActor,
  type QualityContext,
  type QualityServiceOptions,
  type RequestMeta,
  type Trx,
} from './quality.context.ts';

function figuresOf(row: OfferFiguresRow): EnrolmentFigures {
  return {
    capacity: row.capacity,
    waiting: row.waiting,
    active: row.active,
    completed: row.completed,
    droppedOut: row.dropped_out,
    notStarted: row.not_started,
    attendanceRecords: row.attendance_records,
    sessionsAttended: row.sessions_attended,
    sessionsPlanned: row.sessions_planned,
    transitionBase3: row.transition_base3,
    transitions3: row.transitions3,
    transitionBase6: row.transition_base6,
    transitions6: row.transitions6,
  };
}

const noAlerts: AlertCounts = { open: 0, acknowledged: 0, dismissed: 0, resolved: 0 };

interface Viewer {
  readsAlerts: boolean;
  readsComments: boolean;
}

function indicatorsOf(
  ctx: QualityContext,
  figures: EnrolmentFigures,
  alerts: AlertCounts,
  answers: readonly unknown[],
  viewer: Viewer,
): Indicators {
  return {
    enrolments: {
      waiting: figures.waiting,
      active: figures.active,
      completed: figures.completed,
      droppedOut: figures.droppedOut,
      notStarted: figures.notStarted,
    },
    capacity: figures.capacity,
    ...rateIndicators(figures),
    alerts: visibleAlerts(alerts, viewer.readsAlerts),
    feedback: summariseFeedback(answers, { threshold: ctx.feedbackThreshold, withComments: viewer.readsComments }),
  };
}

function sumAlerts(all: readonly AlertCounts[]): AlertCounts {
  return all.reduce(
    (sum, a) => ({
      open: sum.open + a.open,
      acknowledged: sum.acknowledged + a.acknowledged,
      dismissed: sum.dismissed + a.dismissed,
      resolved: sum.resolved + a.resolved,
    }),
    noAlerts,
  );
}

/** The figures, alerts and feedback of the selected offers, each offer's on its own. */
async function offerParts(trx: Trx, ctx: QualityContext, rows: readonly OfferFiguresRow[], window: Window) {
  const ids = rows.map((row) => row.id);
  const [alerts, answers] = await Promise.all([alertCounts(trx, ids), feedbackAnswers(trx, ids, window)]);
  const alertsOf = new Map<string, AlertCounts>();
  for (const row of alerts) {
    const counts = { ...(alertsOf.get(row.offer_id) ?? noAlerts) };
    counts[row.status] += row.n;
    alertsOf.set(row.offer_id, counts);
  }
  const answersOf = new Map<string, unknown[]>();
  for (const row of answers) {
    const list = answersOf.get(row.offer_id) ?? [];
    list.push(row.answers);
    answersOf.set(row.offer_id, list);
  }
  return rows.map((row) => ({
    row,
    figures: figuresOf(row),
    alerts: alertsOf.get(row.id) ?? noAlerts,
    answers: answersOf.get(row.id) ?? [],
  }));
}

function presentOffer(
  ctx: QualityContext,
  part: Awaited<ReturnType<typeof offerParts>>[number],
  viewer: Viewer,
): OfferIndicators {
  const { row } = part;
  return {
    offer: {
      id: row.id,
      title: row.title,
      type: row.type,
      place: row.place,
      status: row.status,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
      providerId: row.provider_id,
      providerName: row.provider_name,
    },
    indicators: indicatorsOf(ctx, part.figures, part.alerts, part.answers, viewer),
  };
}

function combined(ctx: QualityContext, parts: Awaited<ReturnType<typeof offerParts>>, viewer: Viewer): Indicators {
  return indicatorsOf(
    ctx,
    parts.length === 0 ? emptyFigures : sumFigures(parts.map((p) => p.figures)),
    sumAlerts(parts.map((p) => p.alerts)),
    parts.flatMap((p) => p.answers),
    viewer,
  );
}

const NO_SUCH_OFFER = 'No such offer.';
const NO_SUCH_PROVIDER = 'No such provider.';

export function createIndicatorService(options: QualityServiceOptions) {
  const ctx = qualityContext(options);

  function viewerOf(actor: Actor, municipalityId: string, providerId: string): Viewer {
    return {
      readsAlerts: mayEver(actor, 'read', 'alert'),
      // Free text only for those who manage the quality review (the managing office), never for providers.
      readsComments:
        authorize(actor, 'manage', qualityTarget(municipalityId, null)).allowed && providerId !== actor.organisationId,
    };
  }

  return {
    /** Every provider with offers in the municipality (provider staff: their own), with its indicators. */
    async overview(actor: Actor | null, query: IndicatorQuery): Promise<ProviderOverview> {
      const { actor: who, municipalityId } = actingIn(actor);
      const reach = qualityReach(who, municipalityId, 'read');
      return withActor(ctx, who, async (trx) => {
        const providers = (await providersWithOffers(trx)).filter(
          (p) => reach.providerId === null || p.id === reach.providerId,
        );
        const rows =
          reach.providerId === null
            ? await offerFigures(trx, {}, query, today(ctx))
            : await offerFigures(trx, { providerId: reach.providerId }, query, today(ctx));
        const parts = await offerParts(trx, ctx, rows, query);
        return {
          providers: providers.map((provider) => {
            const own = parts.filter((p) => p.row.provider_id === provider.id);
            return {
              provider,
              offers: own.length,
              indicators: combined(ctx, own, viewerOf(who, municipalityId, provider.id)),
            };
          }),
        };
      });
    },

    async provider(
      actor: Actor | null,
      providerId: string,
      query: IndicatorQuery,
      meta: RequestMeta,
    ): Promise<ProviderIndicators> {
      const { actor: who, municipalityId } = actingIn(actor);
      const decision = authorize(who, 'read', qualityTarget(municipalityId, providerId));
      if (!decision.allowed) {
        await auditRefusal(ctx, who, municipalityId, {
          action: 'read',
          resourceType: 'quality_indicators',
          resourceId: providerId,
          reason: decision.reason,
          meta,
        });
        throw new AppError('not_found', NO_SUCH_PROVIDER);
      }
      return withActor(ctx, who, async (trx) => {
        const provider = await findProvider(trx, providerId);
        if (!provider) throw new AppError('not_found', NO_SUCH_PROVIDER);
        const parts = await offerParts(trx, ctx, await offerFigures(trx, { providerId }, query, today(ctx)), query);
        const viewer = viewerOf(who, municipalityId, providerId);
        return {
          provider,
          indicators: combined(ctx, parts, viewer),
          offers: parts.map((part) => presentOffer(ctx, part, viewer)),
        };
      });
    },

    async offer(
      actor: Actor | null,
      offerId: string,
      query: IndicatorQuery,
      meta: RequestMeta,
    ): Promise<OfferIndicators> {
      const { actor: who, municipalityId } = actingIn(actor);
      const parts = await withActor(ctx, who, async (trx) =>
        offerParts(trx, ctx, await offerFigures(trx, { offerId }, query, today(ctx)), query),
      );
      const part = parts[0];
      if (!part) throw new AppError('not_found', NO_SUCH_OFFER);
      const decision = authorize(who, 'read', qualityTarget(municipalityId, part.row.provider_id));
      if (!decision.allowed) {
        await auditRefusal(ctx, who, municipalityId, {
          action: 'read',
          resourceType: 'quality_indicators',
          resourceId: offerId,
          reason: decision.reason,
          meta,
        });
        throw new AppError('not_found', NO_SUCH_OFFER);
      }
      return presentOffer(ctx, part, viewerOf(who, municipalityId, part.row.provider_id));
    },
  };
}

export type IndicatorService = ReturnType<typeof createIndicatorService>;
