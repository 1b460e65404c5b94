// Documents of a case through the API: multipart upload with size and type limits checked on the content,
// download as an audited attachment, deletion, and the limits of who may do what.
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../platform/db/rls.ts';
import { MAX_DOCUMENT_BYTES } from './case-document.rules.ts';
import {
  adminCount,
  auditOf,
  caseBody,
  eligibleParticipant,
  fieldsOf,
  problem,
  setUpCaseWorld,
  withVersion,
  type CaseWorld,
  type Staff,
} from './case-test-setup.ts';

let world: CaseWorld;
let caseId: string;
let participantId: string;

const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n', 'latin1');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

interface FilePart {
  name: string;
  type: string;
  content: Buffer;
  field?: string;
}

function multipart(fields: Record<string, string>, files: FilePart[]) {
  const boundary = `----durchstarten${randomUUID().replaceAll('-', '')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'file'}"; filename="${file.name}"\r\n` +
          `Content-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function upload(
  staff: Staff,
  id: string,
  fields: Record<string, string>,
  files: FilePart[],
  headers: Record<string, string> = {},
) {
  const body = multipart(fields, files);
  return staff.browser.request('POST', `/api/v1/cases/${id}/documents`, body.payload, {
    'content-type': body.contentType,
    ...headers,
  });
}

function documentCount(id = caseId) {
  return adminCount(world, 'select count(*) as n from case_document where case_id = $1', [id]);
}

beforeAll(async () => {
  world = await setUpCaseWorld();
  const person = await eligibleParticipant(world);
  participantId = person.id;
  const created = await world.manager.browser.post(`/api/v1/participants/${person.id}/cases`, caseBody(world));
  caseId = (created.json() as { id: string }).id;
});

afterAll(async () => world?.close());

describe('uploading documents', () => {
  it('stores a PDF with its digest and gives it back as an audited attachment', async () => {
    const uploaded = await upload(world.manager, caseId, { title: 'Schulzeugnis Klasse 9', kind: 'certificate' }, [
      { name: 'Zeugnis Müller.pdf', type: 'application/pdf', content: pdf },
    ]);
    expect(uploaded.statusCode).toBe(201);
    const document = uploaded.json() as { id: string; sha256: string; sizeBytes: number; fileName: string };
    expect(document).toMatchObject({
      fileName: 'Zeugnis Müller.pdf',
      sizeBytes: pdf.byteLength,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      contentType: 'application/pdf',
      kind: 'certificate',
    });
    const list = (await world.manager.browser.get(`/api/v1/cases/${caseId}/documents`)).json() as {
      items: { id: string }[];
    };
    expect(list.items.map((item) => item.id)).toContain(document.id);
    expect(JSON.stringify(list)).not.toContain('content"');

    const download = await world.manager.browser.get(`/api/v1/cases/${caseId}/documents/${document.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Zeugnis M_ller.pdf"; filename*=UTF-8''Zeugnis%20M%C3%BCller.pdf`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['cache-control']).toBe('no-store');
    expect((download as unknown as { rawPayload: Buffer }).rawPayload).toEqual(pdf);
    const reads = (await auditOf(world, participantId)).filter((entry) => entry.details.view === 'document_content');
    expect(reads).toEqual([expect.objectContaining({ action: 'read', resource_type: 'case', outcome: 'success' })]);
    expect(reads[0]?.details.partId).toBe(document.id);
  });

  it('refuses files over 10 MiB with 413 and stores nothing', async () => {
    const before = await documentCount();
    const tooLarge = await upload(world.manager, caseId, { title: 'Riesig', kind: 'other' }, [
      { name: 'gross.txt', type: 'text/plain', content: Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x61) },
    ]);
    expect(tooLarge.statusCode).toBe(413);
    expect(fieldsOf(tooLarge)).toEqual(['file']);
    expect(await documentCount()).toBe(before);
    const exactly = await upload(world.manager, caseId, { title: 'Genau 10 MiB', kind: 'other' }, [
      { name: 'genau.txt', type: 'text/plain', content: Buffer.alloc(MAX_DOCUMENT_BYTES, 0x61) },
    ]);
    expect(exactly.statusCode).toBe(201);
    expect(await documentCount()).toBe(before + 1);
  });

  it('accepts only the allowed formats, checked on the content, and lists every problem of the form', async () => {
    const before = await documentCount();
    const html = await upload(world.manager, caseId, { title: 'Seite', kind: 'other' }, [
      { name: 'seite.html', type: 'text/html', content: Buffer.from('<script>alert(1)</script>') },
    ]);
    expect(html.statusCode).toBe(415);
    const disguised = await upload(world.manager, caseId, { title: 'Ausweis', kind: 'residence_document' }, [
      { name: 'ausweis.pdf', type: 'application/pdf', content: png },
    ]);
    expect(disguised.statusCode).toBe(400);
    expect(problem(disguised).errors?.map((e) => e.code)).toEqual(['content_mismatch']);
    const form = await upload(world.manager, caseId, { title: '', kind: 'selfie', colour: 'red' }, []);
    expect(form.statusCode).toBe(400);
    expect(fieldsOf(form)).toEqual(['colour', 'file', 'kind', 'title']);
    const twoFiles = await upload(world.manager, caseId, { title: 'Zwei', kind: 'other' }, [
      { name: 'a.pdf', type: 'application/pdf', content: pdf },
      { name: 'b.pdf', type: 'application/pdf', content: pdf },
    ]);
    expect(twoFiles.statusCode).toBe(400);
    expect(fieldsOf(twoFiles)).toEqual(['file']);
    const json = await world.manager.browser.post(`/api/v1/cases/${caseId}/documents`, { title: 'x', kind: 'other' });
    expect(json.statusCode).toBe(415);
    expect(await documentCount()).toBe(before);
  });

  // Found by the API fuzzer: a form cut off before its closing boundary was a 500 (busboy's plain Error).
  it('refuses a truncated multipart body with 400 and stores nothing', async () => {
    const before = await documentCount();
    const whole = multipart({ title: 'Zeugnis', kind: 'certificate' }, [
      { name: 'zeugnis.pdf', type: 'application/pdf', content: pdf },
    ]);
    const cut = whole.payload.subarray(0, whole.payload.length - 40);
    const response = await world.manager.browser.request('POST', `/api/v1/cases/${caseId}/documents`, cut, {
      'content-type': whole.contentType,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(problem(response).code).toBe('bad_request');
    expect(await documentCount()).toBe(before);
  });

  it('documents the download in the content types a document can have', async () => {
    const document = (await world.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<{
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    }>();
    const download = document.paths['/api/v1/cases/{id}/documents/{documentId}/content']?.get?.responses['200'];
    expect(Object.keys(download?.content ?? {})).toEqual(
      expect.arrayContaining(['application/pdf', 'image/png', 'text/plain']),
    );
    expect(Object.keys(download?.content ?? {})).not.toContain('application/json');
  });

  it('replays an upload with the same Idempotency-Key and refuses the key for another file', async () => {
    const key = { 'idempotency-key': `doc-${randomUUID()}` };
    const fields = { title: 'Lebenslauf', kind: 'cv' };
    const file = { name: 'cv.pdf', type: 'application/pdf', content: pdf };
    const first = await upload(world.manager, caseId, fields, [file], key);
    expect(first.statusCode).toBe(201);
    const before = await documentCount();
    const replay = await upload(world.manager, caseId, fields, [file], key);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((replay.json() as { id: string }).id).toBe((first.json() as { id: string }).id);
    const other = await upload(
      world.manager,
      caseId,
      fields,
      [{ ...file, content: Buffer.concat([pdf, Buffer.from('%x')]) }],
      key,
    );
    expect(other.statusCode).toBe(422);
    expect(await documentCount()).toBe(before);
  });
});

describe('deleting documents', () => {
  it('removes a document (audited) and keeps the signed form of a consent', async () => {
    const uploaded = await upload(world.manager, caseId, { title: 'Brief', kind: 'letter' }, [
      { name: 'brief.txt', type: 'text/plain', content: Buffer.from('Sehr geehrte Damen und Herren,\n') },
    ]);
    const id = (uploaded.json() as { id: string }).id;
    const url = `/api/v1/cases/${caseId}/documents/${id}`;
    expect((await world.coach.browser.delete(url)).statusCode).toBe(404);
    expect((await world.manager.browser.delete(url)).statusCode).toBe(204);
    expect((await world.manager.browser.get(`${url}/content`)).statusCode).toBe(404);
    expect((await world.manager.browser.delete(url)).statusCode).toBe(404);
    const deletions = (await auditOf(world, participantId)).filter((entry) => entry.action === 'delete');
    expect(deletions.at(-1)?.details).toMatchObject({ part: 'document', partId: id });

    const consentForm = await upload(world.manager, caseId, { title: 'Einwilligung', kind: 'consent' }, [
      { name: 'einwilligung.pdf', type: 'application/pdf', content: pdf },
    ]);
    const formId = (consentForm.json() as { id: string }).id;
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      sql`insert into participant_consent (municipality_id, participant_id, purpose, scope, given_on, document_id)
          values (${world.municipality}, ${participantId}, 'case_management', 'Fallbegleitung', '2026-11-27', ${formId})`.execute(
        trx,
      ),
    );
    expect((await world.manager.browser.delete(`/api/v1/cases/${caseId}/documents/${formId}`)).statusCode).toBe(409);
  });

  it('still accepts documents after the exit (certificates come later)', async () => {
    const person = await eligibleParticipant(world);
    const created = await world.manager.browser.post(`/api/v1/participants/${person.id}/cases`, caseBody(world));
    const id = (created.json() as { id: string }).id;
    const exit = await world.manager.browser.post(
      `/api/v1/cases/${id}/exit`,
      { exitedOn: '2026-11-28', outcome: 'language_certificate' },
      withVersion(1),
    );
    expect(exit.statusCode).toBe(200);
    const certificate = await upload(world.manager, id, { title: 'B1-Zertifikat', kind: 'certificate' }, [
      { name: 'b1.png', type: 'image/png', content: png },
    ]);
    expect(certificate.statusCode).toBe(201);
    expect(await documentCount(id)).toBe(1);
  });
});
