// The municipality's measure-career rule settings (municipal policy: municipal administrators change them,
// participation managers read them). A change is audited and followed, after its commit, by a full run of the
// detector for the municipality, so that the alerts match the new thresholds at once; should that run fail,
// the nightly run brings them in line.
import type { Kysely } from 'kysely';
import { authorize, type Action, type Actor } from '../access/access.rules.ts';
import { appendAudit, auditActorOf } from '../audit/audit.service.ts';
import { actingIn } from '../cases/case.context.ts';
import { localDate } from '../cases/case.rules.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import type { RequestMeta } from '../platform/http/request-meta.ts';
import { runFullDetection, type DetectionCounts } from './career-detection.service.ts';
import { findSettings, saveSettings } from './career.repository.ts';
import {
  careerSettingsSchema,
  type CareerSettings,
  type CareerSettingsInput,
  type CareerSettingsState,
} from './career.schema.ts';

export interface CareerSettingsServiceOptions {
  db: Kysely<Database>;
  now?: () => Date;
  /** Told when the full run after a change fails (the change itself is saved). */
  onDetectionError?: (error: unknown, municipalityId: string) => void;
}

function defaults(): CareerSettings {
  return careerSettingsSchema.parse({});
}

export function createCareerSettingsService(options: CareerSettingsServiceOptions) {
  const { db } = options;
  const now = options.now ?? (() => new Date());

  async function allow(actor: Actor, action: Action, municipalityId: string, meta: RequestMeta): Promise<void> {
    const decision = authorize(actor, action, { resource: 'policy', municipalityId });
    if (decision.allowed) return;
    await withTenant(db, { municipalityId, userId: actor.userId }, (trx) =>
      appendAudit(trx, {
        municipalityId,
        actor: auditActorOf(actor),
        action,
        resourceType: 'policy',
        resourceId: municipalityId,
        outcome: 'denied',
        request: meta,
        details: { reason: decision.reason, policy: 'careers' },
      }),
    );
    throw new AppError('forbidden', 'You may not do this.');
  }

  async function read(municipalityId: string, actor: Actor): Promise<Omit<CareerSettingsState, 'detection'>> {
    const stored = await withTenant(db, { municipalityId, userId: actor.userId }, (trx) =>
      findSettings(trx, municipalityId),
    );
    return {
      settings: careerSettingsSchema.parse(stored?.settings ?? {}),
      defaults: defaults(),
      // Without a row the defaults apply; they count as version 1, so that the first change names it.
      version: stored?.version ?? 1,
      updatedAt: stored?.updated_at.toISOString() ?? null,
    };
  }

  return {
    async get(actorOrNull: Actor | null, meta: RequestMeta): Promise<CareerSettingsState> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      await allow(actor, 'read', municipalityId, meta);
      return { ...(await read(municipalityId, actor)), detection: null };
    },

    /** Replaces the settings (a threshold left out takes its default) and re-runs the detector. */
    async update(
      actorOrNull: Actor | null,
      expectedVersion: number,
      input: CareerSettings | CareerSettingsInput,
      meta: RequestMeta,
    ): Promise<CareerSettingsState> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      await allow(actor, 'update', municipalityId, meta);
      const settings = careerSettingsSchema.parse(input);
      await withTenant(db, { municipalityId, userId: actor.userId }, async (trx) => {
        const stored = await findSettings(trx, municipalityId, true);
        if ((stored?.version ?? 1) !== expectedVersion) {
          throw new AppError('precondition_failed', 'The settings were changed by someone else; reload them.');
        }
        const before = careerSettingsSchema.parse(stored?.settings ?? {});
        await saveSettings(trx, municipalityId, settings, actor.userId, expectedVersion + 1);
        const changed = (Object.keys(settings) as (keyof CareerSettings)[]).filter(
          (rule) => JSON.stringify(settings[rule]) !== JSON.stringify(before[rule]),
        );
        await appendAudit(trx, {
          municipalityId,
          actor: auditActorOf(actor),
          action: 'update',
          resourceType: 'policy',
          resourceId: municipalityId,
          changedFields: changed.map((rule) => `careers.${rule}`),
          outcome: 'success',
          request: meta,
          details: { policy: 'careers' },
        });
      });
      let detection: DetectionCounts | null = null;
      try {
        detection = await runFullDetection(db, { today: localDate(now()), municipalityId });
      } catch (error) {
        options.onDetectionError?.(error, municipalityId);
      }
      return { ...(await read(municipalityId, actor)), detection };
    },
  };
}

export type CareerSettingsService = ReturnType<typeof createCareerSettingsService>;
