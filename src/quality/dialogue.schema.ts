// Quality dialogues with providers (date, attendees, findings, follow-up) and their agreed actions (owner, due
// date, status). Shared by the API and the web forms.
import { z } from 'zod';
import { inputDate, isoDate, isoDateTime } from '../platform/dates.ts';
import { listQuerySchema, pageSchema } from '../platform/http/listing.ts';
import { notEmpty, optionalText, requiredText } from '../cases/case-work.schema.ts';
import { qualityActionStatuses } from './quality.codes.ts';

const NOTHING_TO_CHANGE = 'name at least one field to change';

export const MAX_ACTIONS_PER_DIALOGUE = 50;

export const createActionSchema = z
  .strictObject({
    action: requiredText(1000).describe('What was agreed'),
    owner: requiredText(200).describe('Who does it (a person or an organisation, as agreed)'),
    dueOn: inputDate.nullable().optional(),
  })
  .meta({ id: 'CreateQualityAction' });
export type CreateAction = z.infer<typeof createActionSchema>;

export const updateActionSchema = createActionSchema
  .partial()
  .extend({
    status: z.enum(qualityActionStatuses).optional(),
    doneOn: inputDate.nullable().optional().describe('With status done; defaults to today'),
  })
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateQualityAction' });
export type UpdateAction = z.infer<typeof updateActionSchema>;

const dialogueFields = {
  offerId: z.uuid().nullable().optional().describe('The offer the dialogue was about, if one (of the provider)'),
  heldOn: inputDate,
  attendees: requiredText(2000).describe('Who took part (names or functions)'),
  findings: optionalText(20000),
  followUpOn: inputDate.nullable().optional().describe('When to look at the agreed actions again'),
  followUpNotes: optionalText(20000),
};

export const createDialogueSchema = z
  .strictObject({
    providerId: z.uuid(),
    ...dialogueFields,
    actions: z.array(createActionSchema).max(MAX_ACTIONS_PER_DIALOGUE).optional(),
  })
  .meta({ id: 'CreateQualityDialogue' });
export type CreateDialogue = z.infer<typeof createDialogueSchema>;

export const updateDialogueSchema = z
  .strictObject(dialogueFields)
  .partial()
  .strict()
  .refine(notEmpty, NOTHING_TO_CHANGE)
  .meta({ id: 'UpdateQualityDialogue' });
export type UpdateDialogue = z.infer<typeof updateDialogueSchema>;

export const actionSchema = z
  .object({
    id: z.uuid(),
    dialogueId: z.uuid(),
    action: z.string(),
    owner: z.string(),
    dueOn: isoDate.nullable(),
    status: z.enum(qualityActionStatuses),
    doneOn: isoDate.nullable(),
    /** Open and past its due date. */
    overdue: z.boolean(),
    version: z.number().int().positive(),
  })
  .meta({ id: 'QualityAction' });
export type QualityActionRecord = z.infer<typeof actionSchema>;

const dialogueBase = {
  id: z.uuid(),
  providerId: z.uuid(),
  providerName: z.string(),
  offerId: z.uuid().nullable(),
  offerTitle: z.string().nullable(),
  heldOn: isoDate,
  attendees: z.string(),
  followUpOn: isoDate.nullable(),
  /** The follow-up date has come and no follow-up notes are recorded yet. */
  followUpDue: z.boolean(),
  openActions: z.number().int().min(0),
  overdueActions: z.number().int().min(0),
  version: z.number().int().positive(),
};

export const dialogueSummarySchema = z.object(dialogueBase).meta({ id: 'QualityDialogueSummary' });
export type DialogueSummary = z.infer<typeof dialogueSummarySchema>;

export const dialogueSchema = z
  .object({
    ...dialogueBase,
    findings: z.string().nullable(),
    followUpNotes: z.string().nullable(),
    actions: z.array(actionSchema),
    createdBy: z.uuid().nullable(),
    createdAt: isoDateTime,
    updatedAt: isoDateTime,
  })
  .meta({ id: 'QualityDialogue' });
export type Dialogue = z.infer<typeof dialogueSchema>;

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listDialoguesQuerySchema = listQuerySchema({
  sort: ['heldOn'],
  defaultSort: '-heldOn',
  filters: {
    providerId: z.uuid().optional(),
    offerId: z.uuid().optional(),
    overdue: booleanQuery.optional().describe('true: only dialogues with overdue actions or a due follow-up'),
  },
});
export type ListDialoguesQuery = z.infer<typeof listDialoguesQuerySchema>;
export const dialoguePageSchema = pageSchema(dialogueSummarySchema, 'QualityDialoguePage');
export type DialoguePage = z.infer<typeof dialoguePageSchema>;

export const dialogueParamsSchema = z.strictObject({ id: z.uuid() });
export const actionParamsSchema = z.strictObject({ id: z.uuid(), actionId: z.uuid() });
