// The world of the innovation fund's integration tests: the funding parties (funding-parties-test-setup.ts) and
// the ministry (an analyst) forming the steering committee with the authority, a programme with the Durchstarten
// definition and its FB5 cap, and a published call whose deadline is the first real call's: 31 March 2020. The
// clock stands on 1 March 2020. Test code only.
import { randomUUID } from 'node:crypto';
import { withTenant } from '../platform/db/rls.ts';
import { createOrganisation } from '../../test/helpers/accounts.ts';
import {
  insertTestInnovationCall,
  insertTestProgramme,
  type TestProgramme,
} from '../../test/helpers/funding-factories.ts';
import type { Staff } from '../cases/case-test-setup.ts';
import { setUpFundingParties, type FundingParties } from './funding-parties-test-setup.ts';

export interface InnovationWorld extends FundingParties {
  programme: TestProgramme;
  callId: string;
  analyst: Staff;
}

export const WORLD_START = new Date('2020-03-01T09:00:00Z');
/** The first real call's deadline: 31 March 2020, end of the day in Germany. */
export const DEADLINE = '2020-03-31T21:59:59.000Z';

export async function setUpInnovationWorld(): Promise<InnovationWorld> {
  const parties = await setUpFundingParties(WORLD_START);
  const ministry = await createOrganisation(parties.db, 'ministry', 'MKJFGFI (Test)');
  const { programme, callId } = await withTenant(parties.db, { municipalityId: null, userId: null }, async (trx) => {
    const created = await insertTestProgramme(trx);
    return { programme: created, callId: await insertTestInnovationCall(trx, created) };
  });
  return { ...parties, programme, callId, analyst: await parties.staff(ministry, ['ministry_analyst']) };
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
