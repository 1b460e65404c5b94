// The world of the innovation fund's integration tests: two municipalities, the approving authority (two grant
// officers) and the ministry (an analyst) forming the steering committee, the first municipality's managing
// office and administrator, the other's managing office, providers (one serving both municipalities, one only the
// first) with their staff, a programme with the Durchstarten definition and its FB5 cap, and a published call
// whose deadline is the first real call's: 31 March 2020. The clock stands on 1 March 2020. Test code only.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { withTenant } from '../platform/db/rls.ts';
import type { HttpServer } from '../platform/http/server.ts';
import { buildAccountsApp, createOrganisation, FakeClock } from '../../test/helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/database.ts';
import {
  insertTestInnovationCall,
  insertTestProgramme,
  type TestProgramme,
} from '../../test/helpers/funding-factories.ts';
import { signIn, type Staff } from '../cases/case-test-setup.ts';
import { addProvider } from '../offers/offers-test-setup.ts';

export interface InnovationWorld {
  database: TestDatabase;
  db: Kysely<Database>;
  app: HttpServer;
  clock: FakeClock;
  municipality: string;
  otherMunicipality: string;
  programme: TestProgramme;
  callId: string;
  office: Staff;
  admin: Staff;
  foreignOffice: Staff;
  officer: Staff;
  secondOfficer: Staff;
  analyst: Staff;
  provider: string;
  providerStaff: Staff;
  otherProvider: string;
  otherProviderStaff: Staff;
  close(): Promise<void>;
}

export const WORLD_START = new Date('2020-03-01T09:00:00Z');
/** The first real call's deadline: 31 March 2020, end of the day in Germany. */
export const DEADLINE = '2020-03-31T21:59:59.000Z';

export async function setUpInnovationWorld(): Promise<InnovationWorld> {
  const database = await createTestDatabase();
  const { db } = database.handle;
  const clock = new FakeClock(WORLD_START);
  const app = await buildAccountsApp(database, { clock });
  const municipality = await createOrganisation(db, 'municipality', 'Stadt Köln (Test)');
  const otherMunicipality = await createOrganisation(db, 'municipality', 'Rhein-Sieg-Kreis (Test)');
  const authority = await createOrganisation(db, 'approving_authority', 'Bezirksregierung Köln (Test)');
  const ministry = await createOrganisation(db, 'ministry', 'MKJFGFI (Test)');
  const provider = await addProvider(db, [municipality, otherMunicipality], 'Bildungswerk Rhein');
  const otherProvider = await addProvider(db, [municipality], 'Sprachschule Dom');
  const { programme, callId } = await withTenant(db, { municipalityId: null, userId: null }, async (trx) => {
    const created = await insertTestProgramme(trx);
    return { programme: created, callId: await insertTestInnovationCall(trx, created) };
  });
  const staff = (organisation: string, role: Parameters<typeof signIn>[4]) =>
    signIn(app, clock, db, organisation, role);
  return {
    database,
    db,
    app,
    clock,
    municipality,
    otherMunicipality,
    programme,
    callId,
    provider,
    otherProvider,
    office: await staff(municipality, ['managing_office']),
    admin: await staff(municipality, ['municipal_admin']),
    foreignOffice: await staff(otherMunicipality, ['managing_office']),
    officer: await staff(authority, ['grant_officer']),
    secondOfficer: await staff(authority, ['grant_officer']),
    analyst: await staff(ministry, ['ministry_analyst']),
    providerStaff: await staff(provider, ['provider_staff']),
    otherProviderStaff: await staff(otherProvider, ['provider_staff']),
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** A proposal body that passes validation: 2020–2021, 50,000 € + 70,000 €. */
export function proposalBody(callId: string, overrides: Record<string, unknown> = {}) {
  return {
    callId,
    title: 'Digitale Lernbegleitung',
    summary: 'Eine Lern-App mit begleitendem Coaching für junge Geduldete.',
    periodFrom: '2020-06-01',
    periodTo: '2021-12-31',
    amounts: [
      { budgetYear: 2020, amountCents: 5_000_000 },
      { budgetYear: 2021, amountCents: 7_000_000 },
    ],
    ...overrides,
  };
}

export const CONCEPT_PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n', 'latin1');

export interface FilePart {
  name: string;
  type: string;
  content: Buffer;
}

/** A multipart/form-data body of fields and files (the browser's form encoding). */
export function multipartBody(fields: Record<string, string>, files: readonly FilePart[]) {
  const boundary = `----durchstarten${randomUUID().replaceAll('-', '')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

export async function uploadDocument(
  staff: Staff,
  proposalId: string,
  fields: Record<string, string> = { title: 'Konzept', kind: 'concept' },
  file: FilePart = { name: 'konzept.pdf', type: 'application/pdf', content: CONCEPT_PDF },
) {
  const body = multipartBody(fields, [file]);
  return staff.browser.request('POST', `/api/v1/funding/innovation/proposals/${proposalId}/documents`, body.payload, {
    'content-type': body.contentType,
  });
}
