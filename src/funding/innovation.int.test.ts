// The innovation fund (FB5) over HTTP on a real database: calls and their visibility, proposals by municipalities
// and providers (eligibility, who sees what), concept documents, the deadline, the steering committee's scores
// (one per member and criterion, changed by update, members only), the ranking, selection within the FB5 cap
// into a funding application, and bad input answered with field errors and nothing written.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminCount, adminRows, fieldsOf, problem, withVersion, type Staff } from '../cases/case-test-setup.ts';
import { withTenant } from '../platform/db/rls.ts';
import { insertTestProposal } from '../../test/helpers/funding-factories.ts';
import { innovationCallStatuses, innovationDocumentKinds, innovationProposalStatuses } from './innovation.codes.ts';
import {
  CONCEPT_PDF,
  DEADLINE,
  proposalBody,
  setUpInnovationWorld,
  uploadDocument,
  WORLD_START,
  type InnovationWorld,
} from './innovation-test-setup.ts';
import type {
  InnovationCall,
  InnovationCallList,
  InnovationProposal,
  InnovationProposalList,
  InnovationRanking,
  InnovationScore,
} from './innovation.schema.ts';

let world: InnovationWorld;

beforeAll(async () => {
  world = await setUpInnovationWorld();
});

afterAll(async () => {
  await world?.close();
});

const CALLS = '/api/v1/funding/innovation/calls';
const PROPOSALS = '/api/v1/funding/innovation/proposals';

function callBody(overrides: Record<string, unknown> = {}) {
  return {
    programmeId: world.programme.programmeId,
    strand: 'FB5',
    title: 'Innovationsfonds – zweiter Aufruf',
    description: 'Neue Wege in Ausbildung',
    opensAt: '2020-02-01T00:00:00+01:00',
    deadline: '2020-03-31T23:59:59+02:00',
    criteria: [
      { code: 'innovation', label: 'Innovationsgrad', weight: 3, maxScore: 10 },
      { code: 'transfer', label: 'Übertragbarkeit', weight: 2, maxScore: 5 },
    ],
    ...overrides,
  };
}

/** A new published call of the world's programme (its own proposals, scores and ranking). */
async function publishedCall(): Promise<InnovationCall> {
  const created = await world.officer.browser.post(CALLS, callBody());
  expect(created.statusCode, created.body).toBe(201);
  const draft = created.json() as InnovationCall;
  const published = await world.officer.browser.post(
    `${CALLS}/${draft.id}/status`,
    { status: 'published' },
    withVersion(draft.version),
  );
  expect(published.statusCode, published.body).toBe(200);
  return published.json() as InnovationCall;
}

async function draftProposal(staff: Staff, callId: string, overrides: Record<string, unknown> = {}) {
  const response = await staff.browser.post(PROPOSALS, proposalBody(callId, overrides));
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as InnovationProposal;
}

async function submittedProposal(staff: Staff, callId: string, overrides: Record<string, unknown> = {}) {
  const draft = await draftProposal(staff, callId, overrides);
  expect((await uploadDocument(staff, draft.id)).statusCode).toBe(201);
  const current = (await staff.browser.get(`${PROPOSALS}/${draft.id}`)).json() as InnovationProposal;
  const submitted = await staff.browser.post(
    `${PROPOSALS}/${draft.id}/submit`,
    undefined,
    withVersion(current.version),
  );
  expect(submitted.statusCode, submitted.body).toBe(200);
  return submitted.json() as InnovationProposal;
}

async function score(staff: Staff, proposalId: string, criterion: string, points: number) {
  return staff.browser.post(`${PROPOSALS}/${proposalId}/scores`, { criterion, score: points });
}

async function transition(callId: string, status: string) {
  const current = (await world.officer.browser.get(`${CALLS}/${callId}`)).json() as InnovationCall;
  return world.officer.browser.post(`${CALLS}/${callId}/status`, { status }, withVersion(current.version));
}

async function ranking(staff: Staff, callId: string): Promise<InnovationRanking> {
  const response = await staff.browser.get(`${CALLS}/${callId}/ranking`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as InnovationRanking;
}

/** Moves the clock and signs everyone in again (the sessions of a month ago have expired). */
async function moveClockTo(iso: string): Promise<void> {
  world.clock.current = new Date(iso);
  for (const staff of [world.officer, world.secondOfficer, world.analyst, world.providerStaff, world.office]) {
    const response = await staff.browser.login(staff.user, world.clock, staff.user);
    expect(response.statusCode, response.body).toBe(200);
  }
}

describe('calls', () => {
  it('are prepared by the authority for a strand that takes proposals by call, and seen once published', async () => {
    const created = await world.officer.browser.post(CALLS, callBody());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers.etag).toBe('"1"');
    const draft = created.json() as InnovationCall;
    expect(draft).toMatchObject({ status: 'draft', strand: 'FB5', acceptsProposals: false, programmeVersion: 1 });
    // Proposers do not see drafts.
    expect((await world.providerStaff.browser.get(`${CALLS}/${draft.id}`)).statusCode).toBe(404);
    const listed = (await world.providerStaff.browser.get(CALLS)).json() as InnovationCallList;
    expect(listed.items.map((call) => call.id)).not.toContain(draft.id);
    expect(listed.items.map((call) => call.id)).toContain(world.callId);
    const published = await world.officer.browser.post(
      `${CALLS}/${draft.id}/status`,
      { status: 'published' },
      withVersion(1),
    );
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ status: 'published', acceptsProposals: true, version: 2 });
    expect((await world.providerStaff.browser.get(`${CALLS}/${draft.id}`)).statusCode).toBe(200);
  });

  it('refuses a strand without proposals by call, and everyone but the authority', async () => {
    const fb1 = await world.officer.browser.post(CALLS, callBody({ strand: 'FB1' }));
    expect(fb1.statusCode).toBe(400);
    expect(problem(fb1).errors).toEqual([expect.objectContaining({ field: 'strand', code: 'not_by_call' })]);
    for (const staff of [world.office, world.providerStaff, world.analyst]) {
      expect((await staff.browser.post(CALLS, callBody())).statusCode).toBe(403);
    }
  });

  it('keeps criteria and opening fixed once published, and needs If-Match', async () => {
    const call = await publishedCall();
    const noMatch = await world.officer.browser.request('PATCH', `${CALLS}/${call.id}`, { title: 'Neu' });
    expect(noMatch.statusCode).toBe(428);
    const stale = await world.officer.browser.request('PATCH', `${CALLS}/${call.id}`, { title: 'Neu' }, withVersion(1));
    expect(stale.statusCode).toBe(412);
    const criteria = await world.officer.browser.request(
      'PATCH',
      `${CALLS}/${call.id}`,
      { criteria: [{ code: 'x', label: 'X', weight: 1, maxScore: 3 }] },
      withVersion(call.version),
    );
    expect(criteria.statusCode).toBe(409);
    const renamed = await world.officer.browser.request(
      'PATCH',
      `${CALLS}/${call.id}`,
      { title: 'Innovationsfonds – umbenannt' },
      withVersion(call.version),
    );
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ title: 'Innovationsfonds – umbenannt', version: call.version + 1 });
  });
});

describe('proposals', () => {
  it('are drafted by a provider for a municipality it serves, with amounts per year, and audited', async () => {
    const draft = await draftProposal(world.providerStaff, world.callId, { municipalityId: world.otherMunicipality });
    expect(draft).toMatchObject({
      status: 'draft',
      municipalityId: world.otherMunicipality,
      applicantId: world.provider,
      applicantName: 'Bildungswerk Rhein',
      requestedCents: 12_000_000,
      editable: true,
      documents: [],
    });
    expect(draft.amounts).toEqual([
      { budgetYear: 2020, amountCents: 5_000_000 },
      { budgetYear: 2021, amountCents: 7_000_000 },
    ]);
    const entries = await adminRows<{ action: string; municipality_id: string }>(
      world,
      `select action, municipality_id from audit_log where resource_type = 'innovation_proposal' and resource_id = $1`,
      [draft.id],
    );
    expect(entries).toEqual([{ action: 'create', municipality_id: world.otherMunicipality }]);
  });

  it('come only from a municipality or a provider serving it', async () => {
    // The second provider does not serve the other municipality; the authority and the ministry do not propose.
    const foreign = await world.otherProviderStaff.browser.post(
      PROPOSALS,
      proposalBody(world.callId, { municipalityId: world.otherMunicipality }),
    );
    expect(foreign.statusCode).toBe(403);
    expect(
      (await world.officer.browser.post(PROPOSALS, proposalBody(world.callId, { municipalityId: world.municipality })))
        .statusCode,
    ).toBe(403);
    expect((await world.analyst.browser.post(PROPOSALS, proposalBody(world.callId))).statusCode).toBe(403);
    expect((await world.admin.browser.post(PROPOSALS, proposalBody(world.callId))).statusCode).toBe(403);
    // A municipality that does not exist: refused like any other, the denial audited in the shared chain (found by
    // the fuzzer: the denial's entry in that municipality's chain failed on the audit log's foreign key, a 500).
    const nowhere = randomUUID();
    const unknown = await world.officer.browser.post(
      PROPOSALS,
      proposalBody(world.callId, { municipalityId: nowhere }),
    );
    expect(unknown.statusCode).toBe(403);
    expect(
      await adminCount(
        world,
        `select count(*) as n from system_audit_log where outcome = 'denied' and details ->> 'municipalityId' = '${nowhere}'`,
      ),
    ).toBe(1);
    const office = await draftProposal(world.office, world.callId);
    expect(office).toMatchObject({ municipalityId: world.municipality, applicantId: world.municipality });
  });

  it('are checked against the programme definition, every problem listed, nothing written', async () => {
    const before = await adminCount(world, 'select count(*) as n from innovation_proposal');
    const response = await world.office.browser.post(
      PROPOSALS,
      proposalBody(world.callId, {
        periodFrom: '2019-01-01',
        periodTo: '2024-12-31',
        amounts: [{ budgetYear: 2018, amountCents: 1_000 }],
      }),
    );
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(['amounts.0.budgetYear', 'periodFrom', 'periodTo']);
    expect(await adminCount(world, 'select count(*) as n from innovation_proposal')).toBe(before);
  });

  it('answers bad input with 400 and field errors, never 5xx', async () => {
    const before = await adminCount(world, 'select count(*) as n from innovation_proposal');
    const bodies: [unknown, string][] = [
      [{}, 'callId'],
      [proposalBody(world.callId, { amounts: [] }), 'amounts'],
      [proposalBody(world.callId, { amounts: [{ budgetYear: 2020, amountCents: -1 }] }), 'amounts.0.amountCents'],
      [proposalBody(world.callId, { amounts: [{ budgetYear: 2020, amountCents: 1.5 }] }), 'amounts.0.amountCents'],
      [
        proposalBody(world.callId, {
          amounts: [
            { budgetYear: 2020, amountCents: 1 },
            { budgetYear: 2020, amountCents: 2 },
          ],
        }),
        'amounts.1.budgetYear',
      ],
      [proposalBody(world.callId, { periodFrom: '2020-02-30' }), 'periodFrom'],
      [proposalBody(world.callId, { periodTo: '2020-01-01' }), 'periodTo'],
      [proposalBody(world.callId, { title: '' }), 'title'],
      [proposalBody(world.callId, { extra: 1 }), ''],
      [proposalBody('not-a-uuid'), 'callId'],
      [
        proposalBody(world.callId, { amounts: [{ budgetYear: 2020, amountCents: 10_000_000_000_001 }] }),
        'amounts.0.amountCents',
      ],
    ];
    for (const [body, field] of bodies) {
      const response = await world.providerStaff.browser.post(PROPOSALS, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(response), JSON.stringify(body)).toContain(field);
    }
    const unknownCall = await world.office.browser.post(
      PROPOSALS,
      proposalBody('00000000-0000-4000-8000-000000000000'),
    );
    expect(unknownCall.statusCode).toBe(400);
    expect(await adminCount(world, 'select count(*) as n from innovation_proposal')).toBe(before);
  });

  it('are seen by their proposer; a provider sees only its own; drafts only by the proposer', async () => {
    const own = await draftProposal(world.providerStaff, world.callId, { municipalityId: world.municipality });
    const other = await submittedProposal(world.otherProviderStaff, world.callId);
    const listed = (
      await world.providerStaff.browser.get(`${PROPOSALS}?callId=${world.callId}`)
    ).json() as InnovationProposalList;
    expect(listed.items.map((item) => item.id)).toContain(own.id);
    expect(listed.items.every((item) => item.applicantId === world.provider)).toBe(true);
    expect((await world.providerStaff.browser.get(`${PROPOSALS}/${other.id}`)).statusCode).toBe(404);
    // The committee sees the submitted one, not the draft; the municipality's office sees submitted ones of its
    // municipality; the other municipality's office sees neither.
    expect((await world.analyst.browser.get(`${PROPOSALS}/${other.id}`)).statusCode).toBe(200);
    expect((await world.analyst.browser.get(`${PROPOSALS}/${own.id}`)).statusCode).toBe(404);
    expect((await world.office.browser.get(`${PROPOSALS}/${other.id}`)).statusCode).toBe(200);
    expect((await world.office.browser.get(`${PROPOSALS}/${own.id}`)).statusCode).toBe(404);
    expect((await world.foreignOffice.browser.get(`${PROPOSALS}/${other.id}`)).statusCode).toBe(404);
    const denied = await adminCount(
      world,
      `select count(*) as n from audit_log where resource_id = $1 and outcome = 'denied'`,
      [own.id],
    );
    expect(denied).toBeGreaterThanOrEqual(2);
    // Only the proposing organisation changes a proposal, even where others may see it.
    const foreignEdit = await world.office.browser.request(
      'PATCH',
      `${PROPOSALS}/${other.id}`,
      { title: 'Übernommen' },
      withVersion(other.version),
    );
    expect(foreignEdit.statusCode).toBe(403);
  });

  it('are changed as drafts with If-Match, and frozen once submitted', async () => {
    const draft = await draftProposal(world.providerStaff, world.callId);
    const changed = await world.providerStaff.browser.request(
      'PATCH',
      `${PROPOSALS}/${draft.id}`,
      { amounts: [{ budgetYear: 2021, amountCents: 9_000_000 }] },
      withVersion(draft.version),
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ requestedCents: 9_000_000, version: draft.version + 1 });
    const stale = await world.providerStaff.browser.request(
      'PATCH',
      `${PROPOSALS}/${draft.id}`,
      { title: 'X' },
      withVersion(draft.version),
    );
    expect(stale.statusCode).toBe(412);
    const submitted = await submittedProposal(world.providerStaff, world.callId);
    const frozen = await world.providerStaff.browser.request(
      'PATCH',
      `${PROPOSALS}/${submitted.id}`,
      { title: 'Nachträglich' },
      withVersion(submitted.version),
    );
    expect(frozen.statusCode).toBe(409);
  });
});

describe('documents', () => {
  it('are uploaded to a draft, checked by their content, downloaded (audited), required to submit, and then kept', async () => {
    const draft = await draftProposal(world.providerStaff, world.callId);
    const noConcept = await world.providerStaff.browser.post(
      `${PROPOSALS}/${draft.id}/submit`,
      undefined,
      withVersion(draft.version),
    );
    expect(noConcept.statusCode).toBe(400);
    expect(problem(noConcept).errors).toEqual([
      expect.objectContaining({ field: 'documents', code: 'concept_missing' }),
    ]);

    const notPdf = await uploadDocument(
      world.providerStaff,
      draft.id,
      { title: 'Konzept', kind: 'concept' },
      {
        name: 'konzept.pdf',
        type: 'application/pdf',
        content: Buffer.from('not a pdf'),
      },
    );
    expect(notPdf.statusCode).toBe(400);
    expect(problem(notPdf).errors).toEqual([expect.objectContaining({ field: 'file', code: 'content_mismatch' })]);
    const exe = await uploadDocument(
      world.providerStaff,
      draft.id,
      { title: 'Programm', kind: 'other' },
      {
        name: 'setup.exe',
        type: 'application/x-msdownload',
        content: Buffer.from('MZ'),
      },
    );
    expect(exe.statusCode).toBe(415);
    const badKind = await uploadDocument(world.providerStaff, draft.id, { title: 'Konzept', kind: 'certificate' });
    expect(badKind.statusCode).toBe(400);
    expect(fieldsOf(badKind)).toEqual(['kind']);
    // Someone else cannot attach to it.
    expect((await uploadDocument(world.otherProviderStaff, draft.id)).statusCode).toBe(404);

    const uploaded = await uploadDocument(world.providerStaff, draft.id);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const document = uploaded.json() as { id: string; sizeBytes: number; kind: string };
    expect(document).toMatchObject({ kind: 'concept', sizeBytes: CONCEPT_PDF.byteLength });
    const download = await world.providerStaff.browser.get(`${PROPOSALS}/${draft.id}/documents/${document.id}/content`);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toContain('konzept.pdf');
    expect(Buffer.from(download.body, 'latin1').equals(CONCEPT_PDF)).toBe(true);
    expect(
      await adminCount(world, `select count(*) as n from audit_log where resource_id = $1 and action = 'read'`, [
        document.id,
      ]),
    ).toBe(1);

    const current = (await world.providerStaff.browser.get(`${PROPOSALS}/${draft.id}`)).json() as InnovationProposal;
    const submitted = await world.providerStaff.browser.post(
      `${PROPOSALS}/${draft.id}/submit`,
      undefined,
      withVersion(current.version),
    );
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({
      status: 'submitted',
      editable: false,
      submittedAt: WORLD_START.toISOString(),
    });
    expect((await uploadDocument(world.providerStaff, draft.id)).statusCode).toBe(409);
    const removed = await world.providerStaff.browser.delete(`${PROPOSALS}/${draft.id}/documents/${document.id}`);
    expect(removed.statusCode).toBe(409);
    // The committee reads the concept.
    const byCommittee = await world.analyst.browser.get(`${PROPOSALS}/${draft.id}/documents/${document.id}/content`);
    expect(byCommittee.statusCode).toBe(200);
  });

  it('cannot be deleted from a submitted proposal even by the application role directly', async () => {
    const proposal = await submittedProposal(world.providerStaff, world.callId);
    const [document] = proposal.documents;
    expect(document).toBeDefined();
    await expect(
      withTenant(world.db, { municipalityId: proposal.municipalityId, userId: null }, (trx) =>
        sql`delete from innovation_document where id = ${document?.id}::uuid`.execute(trx),
      ),
    ).rejects.toMatchObject({ constraint: 'innovation_proposal_part_deletable' });
    await expect(
      withTenant(world.db, { municipalityId: proposal.municipalityId, userId: null }, (trx) =>
        sql`delete from innovation_proposal where id = ${proposal.id}::uuid`.execute(trx),
      ),
    ).rejects.toMatchObject({ code: '42501' });
  });
});

describe('scoring by the steering committee', () => {
  it('takes one score per member and criterion; a second is refused, the score is changed by update', async () => {
    const proposal = await submittedProposal(world.providerStaff, world.callId);
    const first = await score(world.officer, proposal.id, 'innovation', 8);
    expect(first.statusCode, first.body).toBe(201);
    const again = await score(world.officer, proposal.id, 'innovation', 9);
    expect(again.statusCode).toBe(409);
    expect(problem(again)).toMatchObject({ code: 'conflict' });
    const created = first.json() as InnovationScore;
    const changed = await world.officer.browser.request(
      'PATCH',
      `${PROPOSALS}/${proposal.id}/scores/innovation`,
      { score: 9, comment: 'Überzeugendes Konzept' },
      withVersion(created.version),
    );
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ score: 9, comment: 'Überzeugendes Konzept', version: 2 });
    // A second member scores the same criterion independently.
    expect((await score(world.analyst, proposal.id, 'innovation', 6)).statusCode).toBe(201);
    const mine = (await world.analyst.browser.get(`${PROPOSALS}/${proposal.id}/scores`)).json() as {
      items: InnovationScore[];
    };
    expect(mine.items.map((item) => [item.criterion, item.score])).toEqual([['innovation', 6]]);
    expect(
      await adminCount(world, `select count(*) as n from innovation_score where proposal_id = $1`, [proposal.id]),
    ).toBe(2);
  });

  it('refuses non-members, scores above the maximum, unknown criteria and drafts', async () => {
    const proposal = await submittedProposal(world.otherProviderStaff, world.callId);
    for (const staff of [world.office, world.providerStaff, world.otherProviderStaff, world.admin]) {
      const response = await score(staff, proposal.id, 'innovation', 5);
      expect(response.statusCode).toBe(403);
    }
    const tooMany = await score(world.officer, proposal.id, 'transfer', 6);
    expect(tooMany.statusCode).toBe(400);
    expect(problem(tooMany).errors).toEqual([expect.objectContaining({ field: 'score', code: 'too_big' })]);
    const unknown = await score(world.officer, proposal.id, 'beauty', 1);
    expect(unknown.statusCode).toBe(400);
    expect(fieldsOf(unknown)).toEqual(['criterion']);
    const negative = await score(world.officer, proposal.id, 'transfer', -1);
    expect(negative.statusCode).toBe(400);
    const draft = await draftProposal(world.providerStaff, world.callId);
    expect((await score(world.officer, draft.id, 'innovation', 5)).statusCode).toBe(404);
    expect(
      await adminCount(world, `select count(*) as n from innovation_score where proposal_id = $1`, [proposal.id]),
    ).toBe(0);
  });
});

describe('ranking, deadline and selection within the cap', () => {
  let call: InnovationCall;
  let strong: InnovationProposal;
  let weak: InnovationProposal;
  let big: InnovationProposal;

  beforeAll(async () => {
    call = await publishedCall();
    strong = await submittedProposal(world.providerStaff, call.id);
    weak = await submittedProposal(world.office, call.id);
    big = await submittedProposal(world.otherProviderStaff, call.id, {
      amounts: [
        { budgetYear: 2020, amountCents: 200_000_000 },
        { budgetYear: 2021, amountCents: 280_000_000 },
      ],
    });
    // strong: innovation 8 and 10, transfer 4 and 5; weak: innovation 2 and 4, transfer 1 and 1; big: all maximum.
    for (const [proposal, officer, analyst] of [
      [strong, [8, 4], [10, 5]],
      [weak, [2, 1], [4, 1]],
      [big, [10, 5], [10, 5]],
    ] as const) {
      for (const [member, points] of [
        [world.officer, officer],
        [world.analyst, analyst],
      ] as const) {
        expect((await score(member, proposal.id, 'innovation', points[0])).statusCode).toBe(201);
        expect((await score(member, proposal.id, 'transfer', points[1])).statusCode).toBe(201);
      }
    }
  });

  it('ranks by weighted mean with per-criterion means, scorers and spread, and shows the remaining cap', async () => {
    const result = await ranking(world.analyst, call.id);
    expect(result.members).toBe(2);
    expect(result.proposals.map((entry) => [entry.proposalId, entry.rank, entry.weightedPercent])).toEqual([
      [big.id, 1, 100],
      // (3 · 9/10 + 2 · 4.5/5) / 5 = 0.9
      [strong.id, 2, 90],
      // (3 · 3/10 + 2 · 1/5) / 5 = 0.26
      [weak.id, 3, 26],
    ]);
    expect(result.proposals[1]).toMatchObject({
      scorers: 2,
      completeScorers: 2,
      criteria: [
        { criterion: 'innovation', mean: 9, scorers: 2, min: 8, max: 10, spread: 2 },
        { criterion: 'transfer', mean: 4.5, scorers: 2, min: 4, max: 5, spread: 1 },
      ],
      tie: null,
    });
    expect(result).toMatchObject({ capCents: 500_000_000, committedCents: 0, remainingCents: 500_000_000 });
    // Not for proposers.
    expect((await world.providerStaff.browser.get(`${CALLS}/${call.id}/ranking`)).statusCode).toBe(403);
  });

  it('takes no selection before the ranking is closed, and no closing before the deadline', async () => {
    const early = await world.officer.browser.post(
      `${PROPOSALS}/${strong.id}/select`,
      undefined,
      withVersion(strong.version),
    );
    expect(early.statusCode).toBe(409);
    const closeEarly = await transition(call.id, 'ranking_closed');
    expect(closeEarly.statusCode).toBe(409);
    expect(problem(closeEarly)).toMatchObject({ deadline: DEADLINE });
  });

  it('refuses proposals after the deadline with 409 naming it, then closes the ranking and freezes the scores', async () => {
    const late = await draftProposal(world.providerStaff, call.id);
    expect((await uploadDocument(world.providerStaff, late.id)).statusCode).toBe(201);
    await moveClockTo('2020-03-31T22:00:00Z');
    const version = ((await world.providerStaff.browser.get(`${PROPOSALS}/${late.id}`)).json() as InnovationProposal)
      .version;
    const refused = await world.providerStaff.browser.post(
      `${PROPOSALS}/${late.id}/submit`,
      undefined,
      withVersion(version),
    );
    expect(refused.statusCode).toBe(409);
    expect(problem(refused)).toMatchObject({ deadline: DEADLINE });
    expect((await world.providerStaff.browser.post(PROPOSALS, proposalBody(call.id))).statusCode).toBe(409);

    const closed = await transition(call.id, 'ranking_closed');
    expect(closed.statusCode, closed.body).toBe(200);
    expect((await score(world.secondOfficer, strong.id, 'innovation', 1)).statusCode).toBe(409);
  });

  it('selects within the cap into a submitted application of kind innovation, and refuses beyond it', async () => {
    // Earlier decisions have committed 200,000 € of the 5 Mio € (the counter the grant decisions keep).
    await adminRows(
      world,
      `update programme_strand_cap set committed_cents = 20000000 where programme_id = $1 and strand = 'FB5'`,
      [world.programme.programmeId],
    );
    const selected = await world.officer.browser.post(
      `${PROPOSALS}/${strong.id}/select`,
      undefined,
      withVersion(strong.version),
    );
    expect(selected.statusCode, selected.body).toBe(200);
    const proposal = selected.json() as InnovationProposal;
    expect(proposal).toMatchObject({ status: 'selected', applicationId: expect.any(String) });
    const [application] = await adminRows<{ kind: string; status: string; applicant_id: string; reference: string }>(
      world,
      `select kind, status, applicant_id, reference from funding_application where id = $1`,
      [proposal.applicationId],
    );
    expect(application).toMatchObject({
      kind: 'innovation',
      status: 'submitted',
      applicant_id: world.provider,
      // the applications' file reference: programme, year of submission, municipality key, running number
      reference: expect.stringMatching(/^T[0-9A-F]{12}-2020-[0-9A-F]{8}-0001$/),
    });
    const lines = await adminRows<{ strand: string; budget_year: number; amount_cents: string }>(
      world,
      `select strand, budget_year, amount_cents from application_cost_line where application_id = $1 order by budget_year`,
      [proposal.applicationId],
    );
    expect(lines).toEqual([
      { strand: 'FB5', budget_year: 2020, amount_cents: '5000000' },
      { strand: 'FB5', budget_year: 2021, amount_cents: '7000000' },
    ]);

    // 500,000,000 − 20,000,000 committed − 12,000,000 selected = 468,000,000 left; the big one asks 480,000,000.
    const after = await ranking(world.officer, call.id);
    expect(after).toMatchObject({
      committedCents: 20_000_000,
      selectedPendingCents: 12_000_000,
      remainingCents: 468_000_000,
    });
    const over = await world.officer.browser.post(`${PROPOSALS}/${big.id}/select`, undefined, withVersion(big.version));
    expect(over.statusCode).toBe(409);
    expect(problem(over)).toMatchObject({
      limit: 'innovation_cap',
      remainingCents: 468_000_000,
      requestedCents: 480_000_000,
    });
    expect((await world.officer.browser.get(`${PROPOSALS}/${big.id}`)).json()).toMatchObject({ status: 'submitted' });
    expect(await adminCount(world, `select count(*) as n from funding_application where kind = 'innovation'`)).toBe(1);
    // The ministry scores but does not select.
    expect(
      (await world.analyst.browser.post(`${PROPOSALS}/${weak.id}/select`, undefined, withVersion(weak.version)))
        .statusCode,
    ).toBe(403);
  });

  it('completes the call: the proposals not selected are closed, each audited in its municipality', async () => {
    const completed = await transition(call.id, 'completed');
    expect(completed.statusCode, completed.body).toBe(200);
    const statuses = await adminRows<{ id: string; status: string }>(
      world,
      `select id, status from innovation_proposal where call_id = $1 and status <> 'draft' order by status`,
      [call.id],
    );
    expect(Object.fromEntries(statuses.map((row) => [row.id, row.status]))).toMatchObject({
      [strong.id]: 'selected',
      [weak.id]: 'not_selected',
      [big.id]: 'not_selected',
    });
    const audited = await adminRows<{ resource_id: string; municipality_id: string }>(
      world,
      `select resource_id, municipality_id from audit_log where action = 'not_select' order by resource_id`,
    );
    expect(audited).toEqual(
      expect.arrayContaining([
        { resource_id: weak.id, municipality_id: world.municipality },
        { resource_id: big.id, municipality_id: world.municipality },
      ]),
    );
  });
});

describe('the schema', () => {
  it('keeps the code lists of the migration in step with innovation.codes.ts', async () => {
    const rows = await adminRows<{ definition: string }>(
      world,
      `select pg_get_constraintdef(oid) as definition from pg_constraint
        where conrelid in ('innovation_call'::regclass, 'innovation_proposal'::regclass, 'innovation_document'::regclass)
          and contype = 'c'`,
    );
    const all = rows.map((row) => row.definition).join('\n');
    for (const code of [...innovationCallStatuses, ...innovationProposalStatuses, ...innovationDocumentKinds]) {
      expect(all).toContain(`'${code}'::text`);
    }
  });

  it('lets factories insert a proposal for the tenant-isolation suite', async () => {
    const id = await withTenant(world.db, { municipalityId: world.municipality, userId: null }, (trx) =>
      insertTestProposal(trx, world.municipality, world.callId),
    );
    expect(
      await adminCount(world, 'select count(*) as n from innovation_proposal_amount where proposal_id = $1', [id]),
    ).toBe(2);
  });
});
