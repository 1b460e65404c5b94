// The providers (Träger) serving the municipality and their contact persons. Providers are shared reference
// data, so every lookup names the municipality the provider must serve; a provider elsewhere is "not found".
// Contacts are kept by those who keep the provider's offers (authorize 'update' on its offers); their reads are
// not audited (no participant data), their writes are.
import type { Transaction } from 'kysely';
import { authorize, type Actor } from '../access/access.rules.ts';
import { actingIn } from '../cases/case.context.ts';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import { AppError } from '../platform/errors.ts';
import {
  deleteContact,
  findContact,
  findServingProvider,
  insertContact,
  listContacts,
  listProviders,
  updateContact,
  type ContactRow,
} from './offer.repository.ts';
import type {
  CreateProviderContact,
  ProviderContact,
  ProviderContactList,
  ProviderList,
  UpdateProviderContact,
} from './offer.schema.ts';
import {
  auditWrite,
  changedFieldsOf,
  mayEdit,
  offerTarget,
  refuse,
  type OfferContext,
  type RequestMeta,
} from './offers.context.ts';

type Trx = Transaction<Database>;

export function presentContact(row: ContactRow): ProviderContact {
  return {
    id: row.id,
    providerId: row.provider_id,
    name: row.name,
    role: row.role,
    email: row.email,
    phone: row.phone,
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

export function createProviderService(ctx: OfferContext) {
  const inTenant = <T>(actor: Actor, work: (trx: Trx) => Promise<T>) =>
    withTenant(ctx.db, { municipalityId: actor.activeMunicipalityId, userId: actor.userId }, work);

  /** A provider serving the municipality (else 404: a provider elsewhere is none of this tenant's business). */
  async function servingProvider(trx: Trx, providerId: string, municipalityId: string) {
    const provider = await findServingProvider(trx, providerId, municipalityId);
    if (!provider) throw new AppError('not_found', 'No such provider in this municipality.');
    return provider;
  }

  /** The frame of a change to a provider's contacts: the provider serves the tenant, the actor keeps it. */
  async function writeContacts<T>(
    actorOrNull: Actor | null,
    providerId: string,
    meta: RequestMeta,
    work: (trx: Trx, actor: Actor) => Promise<{ result: T; action: string; contactId: string; fields: string[] }>,
  ): Promise<T> {
    const { actor, municipalityId } = actingIn(actorOrNull);
    return inTenant(actor, async (trx) => {
      await servingProvider(trx, providerId, municipalityId);
      const decision = authorize(actor, 'update', offerTarget(municipalityId, providerId));
      if (!decision.allowed) {
        await refuse(
          ctx,
          actor,
          'update',
          { resourceType: 'provider_contact', resourceId: null },
          decision.reason,
          meta,
        );
      }
      const done = await work(trx, actor);
      await auditWrite(trx, actor, {
        action: done.action,
        resourceType: 'provider_contact',
        resourceId: done.contactId,
        changedFields: done.fields,
        details: { providerId },
        meta,
      });
      return done.result;
    });
  }

  async function lockedContact(trx: Trx, providerId: string, contactId: string, expectedVersion: number) {
    const row = await findContact(trx, providerId, contactId, true);
    if (!row) throw new AppError('not_found', 'No such contact.');
    if (row.version !== expectedVersion) {
      throw new AppError('precondition_failed', 'The contact was changed by someone else; reload it.');
    }
    return row;
  }

  return {
    async listProviders(actorOrNull: Actor | null): Promise<ProviderList> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      const rows = await inTenant(actor, (trx) => listProviders(trx, municipalityId));
      return {
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          shortName: row.short_name,
          offerCount: row.offer_count,
          currentOfferCount: row.current_offer_count,
          contactCount: row.contact_count,
          canEdit: mayEdit(actor, municipalityId, row.id),
        })),
      };
    },

    async listContacts(actorOrNull: Actor | null, providerId: string): Promise<ProviderContactList> {
      const { actor, municipalityId } = actingIn(actorOrNull);
      return inTenant(actor, async (trx) => {
        await servingProvider(trx, providerId, municipalityId);
        return { items: (await listContacts(trx, providerId)).map(presentContact) };
      });
    },

    async addContact(
      actor: Actor | null,
      providerId: string,
      input: CreateProviderContact,
      meta: RequestMeta,
    ): Promise<ProviderContact> {
      return writeContacts(actor, providerId, meta, async (trx) => {
        const row = await insertContact(trx, {
          provider_id: providerId,
          name: input.name,
          role: input.role ?? null,
          email: input.email,
          phone: input.phone ?? null,
        });
        return { result: presentContact(row), action: 'create', contactId: row.id, fields: changedFieldsOf(input) };
      });
    },

    async updateContact(
      actor: Actor | null,
      providerId: string,
      contactId: string,
      expectedVersion: number,
      input: UpdateProviderContact,
      meta: RequestMeta,
    ): Promise<ProviderContact> {
      return writeContacts(actor, providerId, meta, async (trx) => {
        await lockedContact(trx, providerId, contactId, expectedVersion);
        const changes = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
        const row = await updateContact(trx, contactId, changes, ctx.now());
        return { result: presentContact(row), action: 'update', contactId, fields: changedFieldsOf(input) };
      });
    },

    async deleteContact(
      actor: Actor | null,
      providerId: string,
      contactId: string,
      expectedVersion: number,
      meta: RequestMeta,
    ): Promise<void> {
      await writeContacts(actor, providerId, meta, async (trx) => {
        await lockedContact(trx, providerId, contactId, expectedVersion);
        await deleteContact(trx, contactId);
        return { result: undefined, action: 'delete', contactId, fields: [] };
      });
    },
  };
}
