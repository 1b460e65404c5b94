// Quality dialogues with providers: the managing office records them (date, attendees, findings, follow-up)
// with the actions agreed (owner, due date, status); a provider's staff read their own provider's. Creates are
// idempotent (Idempotency-Key), changes need If-Match, everything is audited (field names, never values).
import { authorize, type Action, type Actor } from '../access/access.rules.ts';
import { assertVersion } from '../cases/case.context.ts';
import { AppError, type FieldError } from '../platform/errors.ts';
import { parseSort, readCursor, toPage } from '../platform/http/listing.ts';
import {
  actionsOf,
  deleteActionRow,
  deleteDialogueRow,
  findAction,
  findDialogue,
  insertActions,
  insertDialogue,
  offerProvider,
  providerServes,
  searchDialogues,
  updateActionRow,
  updateDialogueRow,
  type ActionRow,
  type DialogueSummaryRow,
} from './dialogue.repository.ts';
import type {
  CreateAction,
  CreateDialogue,
  Dialogue,
  DialoguePage,
  DialogueSummary,
  ListDialoguesQuery,
  QualityActionRecord,
  UpdateAction,
  UpdateDialogue,
} from './dialogue.schema.ts';
import {
  actingIn,
  auditQuality,
  auditRefusal,
  fieldsOf,
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

const NOT_FOUND = 'No such quality dialogue.';

function presentAction(row: ActionRow, day: string): QualityActionRecord {
  return {
    id: row.id,
    dialogueId: row.dialogue_id,
    action: row.action,
    owner: row.owner,
    dueOn: row.due_on,
    status: row.status,
    doneOn: row.done_on,
    overdue: row.status === 'open' && row.due_on !== null && row.due_on < day,
    version: row.version,
  };
}

function presentSummary(row: DialogueSummaryRow, day: string): DialogueSummary {
  return {
    id: row.id,
    providerId: row.provider_id,
    providerName: row.provider_name,
    offerId: row.offer_id,
    offerTitle: row.offer_title,
    heldOn: row.held_on,
    attendees: row.attendees,
    followUpOn: row.follow_up_on,
    followUpDue: row.follow_up_on !== null && row.follow_up_on <= day && row.follow_up_notes === null,
    openActions: row.open_actions,
    overdueActions: row.overdue_actions,
    version: row.version,
  };
}

function presentDialogue(row: DialogueSummaryRow, actions: readonly ActionRow[], day: string): Dialogue {
  return {
    ...presentSummary(row, day),
    findings: row.findings,
    followUpNotes: row.follow_up_notes,
    actions: actions.map((a) => presentAction(a, day)),
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function invalid(field: string, message: string): AppError {
  const error: FieldError = { in: 'body', field, code: 'invalid_reference', message };
  return new AppError('validation_failed', message, { fieldErrors: [error] });
}

/** A done action has the day it was done on (given, kept, or today); any other has none. */
function doneOnFor(current: ActionRow, input: UpdateAction, day: string): string | null {
  if (input.status === undefined && input.doneOn === undefined) return current.done_on;
  const status = input.status ?? current.status;
  if (status !== 'done') {
    if (input.doneOn) throw invalid('doneOn', 'Only a done action has a day it was done on.');
    return null;
  }
  return input.doneOn ?? (current.status === 'done' ? current.done_on : null) ?? day;
}

export function createDialogueService(options: QualityServiceOptions) {
  const ctx: QualityContext = qualityContext(options);

  /** Loads a dialogue the actor may act on: not visible → 404, visible but not allowed → 403; both audited. */
  async function load(
    trx: Trx,
    who: Actor,
    municipalityId: string,
    id: string,
    action: Action,
    meta: RequestMeta,
    lock = false,
  ): Promise<DialogueSummaryRow> {
    const row = await findDialogue(trx, id, today(ctx), { lock });
    if (!row) throw new AppError('not_found', NOT_FOUND);
    const target = qualityTarget(municipalityId, row.provider_id);
    for (const step of action === 'read' ? (['read'] as const) : (['read', action] as const)) {
      const decision = authorize(who, step, target);
      if (decision.allowed) continue;
      await auditRefusal(ctx, who, municipalityId, {
        action,
        resourceType: 'quality_dialogue',
        resourceId: id,
        reason: decision.reason,
        meta,
      });
      throw step === 'read'
        ? new AppError('not_found', NOT_FOUND)
        : new AppError('forbidden', 'You may not change quality dialogues.');
    }
    return row;
  }

  /** The offer (if any) must be one of the provider's offers. */
  async function checkOffer(trx: Trx, providerId: string, offerId: string | null | undefined) {
    if (offerId === null || offerId === undefined) return;
    const provider = await offerProvider(trx, offerId);
    if (provider !== providerId) throw invalid('offerId', "The offer is not one of this provider's offers.");
  }

  async function full(trx: Trx, id: string): Promise<Dialogue> {
    const day = today(ctx);
    const row = await findDialogue(trx, id, day);
    if (!row) throw new AppError('not_found', NOT_FOUND);
    return presentDialogue(row, await actionsOf(trx, id), day);
  }

  return {
    async list(actor: Actor | null, query: ListDialoguesQuery): Promise<DialoguePage> {
      const { actor: who, municipalityId } = actingIn(actor);
      const reach = qualityReach(who, municipalityId, 'read');
      if (reach.providerId !== null && query.providerId !== undefined && query.providerId !== reach.providerId) {
        // Another provider's dialogues: none the actor may see.
        return { items: [], nextCursor: null };
      }
      const order = parseSort(query.sort);
      const position = readCursor(query.cursor, query.sort);
      const day = today(ctx);
      const rows = await withActor(ctx, who, (trx) =>
        searchDialogues(trx, {
          today: day,
          providerId: reach.providerId ?? query.providerId,
          offerId: query.offerId,
          overdue: query.overdue,
          direction: order.direction,
          after: position ? { value: String(position.value), id: position.id } : undefined,
          limit: query.limit,
        }),
      );
      return toPage(
        rows,
        query.limit,
        query.sort,
        (row) => ({ value: row.held_on, id: row.id }),
        (row) => presentSummary(row, day),
      );
    },

    async get(actor: Actor | null, id: string, meta: RequestMeta): Promise<Dialogue> {
      const { actor: who, municipalityId } = actingIn(actor);
      return withActor(ctx, who, async (trx) => {
        await load(trx, who, municipalityId, id, 'read', meta);
        return full(trx, id);
      });
    },

    async create(actor: Actor | null, input: CreateDialogue, meta: RequestMeta): Promise<Dialogue> {
      const { actor: who, municipalityId } = actingIn(actor);
      const decision = authorize(who, 'create', qualityTarget(municipalityId, input.providerId));
      if (!decision.allowed) {
        await auditRefusal(ctx, who, municipalityId, {
          action: 'create',
          resourceType: 'quality_dialogue',
          resourceId: null,
          reason: decision.reason,
          meta,
        });
        throw new AppError('forbidden', 'You may not record quality dialogues.');
      }
      return withActor(ctx, who, async (trx) => {
        if (!(await providerServes(trx, input.providerId, municipalityId))) {
          throw invalid('providerId', 'Not a provider serving this municipality.');
        }
        await checkOffer(trx, input.providerId, input.offerId);
        const id = await insertDialogue(trx, {
          municipality_id: municipalityId,
          provider_id: input.providerId,
          offer_id: input.offerId ?? null,
          held_on: input.heldOn,
          attendees: input.attendees,
          findings: input.findings ?? null,
          follow_up_on: input.followUpOn ?? null,
          follow_up_notes: input.followUpNotes ?? null,
          created_by: who.userId,
        });
        await insertActions(
          trx,
          municipalityId,
          id,
          (input.actions ?? []).map((a) => ({ action: a.action, owner: a.owner, dueOn: a.dueOn ?? null })),
        );
        const { actions, ...fields } = input;
        await auditQuality(trx, municipalityId, who, {
          action: 'create',
          resourceType: 'quality_dialogue',
          resourceId: id,
          changedFields: fieldsOf('dialogue', fields),
          details: { providerId: input.providerId, actions: actions?.length ?? 0 },
          meta,
        });
        return full(trx, id);
      });
    },

    async update(
      actor: Actor | null,
      id: string,
      version: number,
      input: UpdateDialogue,
      meta: RequestMeta,
    ): Promise<Dialogue> {
      const { actor: who, municipalityId } = actingIn(actor);
      return withActor(ctx, who, async (trx) => {
        const row = await load(trx, who, municipalityId, id, 'update', meta, true);
        assertVersion(row, version, 'quality dialogue');
        await checkOffer(trx, row.provider_id, input.offerId);
        const heldOn = input.heldOn ?? row.held_on;
        await updateDialogueRow(
          trx,
          id,
          {
            ...(input.offerId !== undefined ? { offer_id: input.offerId } : {}),
            held_on: heldOn,
            ...(input.attendees !== undefined ? { attendees: input.attendees } : {}),
            ...(input.findings !== undefined ? { findings: input.findings } : {}),
            ...(input.followUpOn !== undefined ? { follow_up_on: input.followUpOn } : {}),
            ...(input.followUpNotes !== undefined ? { follow_up_notes: input.followUpNotes } : {}),
          },
          ctx.now(),
        );
        await auditQuality(trx, municipalityId, who, {
          action: 'update',
          resourceType: 'quality_dialogue',
          resourceId: id,
          changedFields: fieldsOf('dialogue', input),
          meta,
        });
        return full(trx, id);
      });
    },

    async remove(actor: Actor | null, id: string, version: number, meta: RequestMeta): Promise<void> {
      const { actor: who, municipalityId } = actingIn(actor);
      await withActor(ctx, who, async (trx) => {
        const row = await load(trx, who, municipalityId, id, 'delete', meta, true);
        assertVersion(row, version, 'quality dialogue');
        await deleteDialogueRow(trx, id);
        await auditQuality(trx, municipalityId, who, {
          action: 'delete',
          resourceType: 'quality_dialogue',
          resourceId: id,
          meta,
        });
      });
    },

    /** Adds an agreed action (each action has its own version). */
    async addAction(
      actor: Actor | null,
      id: string,
      input: CreateAction,
      meta: RequestMeta,
    ): Promise<QualityActionRecord> {
      const { actor: who, municipalityId } = actingIn(actor);
      return withActor(ctx, who, async (trx) => {
        await load(trx, who, municipalityId, id, 'update', meta, true);
        const [row] = await insertActions(trx, municipalityId, id, [
          { action: input.action, owner: input.owner, dueOn: input.dueOn ?? null },
        ]);
        if (!row) throw new Error('action not inserted');
        await auditQuality(trx, municipalityId, who, {
          action: 'create',
          resourceType: 'quality_action',
          resourceId: row.id,
          changedFields: fieldsOf('action', input),
          details: { dialogueId: id },
          meta,
        });
        return presentAction(row, today(ctx));
      });
    },

    async updateAction(
      actor: Actor | null,
      id: string,
      actionId: string,
      version: number,
      input: UpdateAction,
      meta: RequestMeta,
    ): Promise<QualityActionRecord> {
      const { actor: who, municipalityId } = actingIn(actor);
      const day = today(ctx);
      return withActor(ctx, who, async (trx) => {
        await load(trx, who, municipalityId, id, 'update', meta, true);
        const current = await findAction(trx, id, actionId);
        if (!current) throw new AppError('not_found', 'No such action.');
        assertVersion(current, version, 'action');
        const status = input.status ?? current.status;
        const doneOn = doneOnFor(current, input, day);
        const row = await updateActionRow(
          trx,
          actionId,
          {
            ...(input.action !== undefined ? { action: input.action } : {}),
            ...(input.owner !== undefined ? { owner: input.owner } : {}),
            ...(input.dueOn !== undefined ? { due_on: input.dueOn } : {}),
            status,
            done_on: doneOn,
          },
          ctx.now(),
        );
        await auditQuality(trx, municipalityId, who, {
          action: 'update',
          resourceType: 'quality_action',
          resourceId: actionId,
          changedFields: fieldsOf('action', input),
          details: { dialogueId: id },
          meta,
        });
        return presentAction(row, day);
      });
    },

    async removeAction(actor: Actor | null, id: string, actionId: string, version: number, meta: RequestMeta) {
      const { actor: who, municipalityId } = actingIn(actor);
      await withActor(ctx, who, async (trx) => {
        await load(trx, who, municipalityId, id, 'update', meta, true);
        const current = await findAction(trx, id, actionId);
        if (!current) throw new AppError('not_found', 'No such action.');
        assertVersion(current, version, 'action');
        await deleteActionRow(trx, actionId);
        await auditQuality(trx, municipalityId, who, {
          action: 'delete',
          resourceType: 'quality_action',
          resourceId: actionId,
          details: { dialogueId: id },
          meta,
        });
      });
    },
  };
}

export type DialogueService = ReturnType<typeof createDialogueService>;
