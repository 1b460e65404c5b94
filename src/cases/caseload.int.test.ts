// My caseload (due steps, follow-ups, filters, sorting, pages) and the timeline of a participant.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDocument } from '../../test/helpers/participant-factories.ts';
import { withTenant } from '../platform/db/rls.ts';
import {
  adminRows,
  auditOf,
  caseBody,
  eligibleParticipant,
  setUpCaseWorld,
  withVersion,
  type CaseWorld,
} from './case-test-setup.ts';

let world: CaseWorld;

interface Item {
  caseId: string;
  participant: { familyName: string };
  status: string;
  nextDueStep: { title: string; dueOn: string } | null;
  nextDueOn: string | null;
  overdueSteps: number;
  followUp: string | null;
  lastContactAt: string | null;
  warnings: string[];
  assignments: { role: string; userId: string }[];
}
interface Page {
  items: Item[];
  nextCursor: string | null;
}

/** The manager's cases of this file, by letter. */
const cases: Record<string, string> = {};

async function openCase(letter: string, familyName: string, body: Record<string, unknown>) {
  const person = await eligibleParticipant(world, { family_name: familyName, given_names: letter });
  const response = await world.manager.browser.post(`/api/v1/participants/${person.id}/cases`, caseBody(world, body));
  expect(response.statusCode).toBe(201);
  cases[letter] = (response.json() as { id: string }).id;
  return { participantId: person.id, caseId: cases[letter] ?? '' };
}

async function addStep(caseId: string, dueOn: string) {
  const goal = await world.manager.browser.post(`/api/v1/cases/${caseId}/goals`, { title: 'Ziel' });
  const goalId = (goal.json() as { id: string }).id;
  const step = await world.manager.browser.post(`/api/v1/cases/${caseId}/goals/${goalId}/steps`, {
    title: `Schritt bis ${dueOn}`,
    dueOn,
  });
  expect(step.statusCode).toBe(201);
}

async function exit(caseId: string, exitedOn: string) {
  const response = await world.manager.browser.post(
    `/api/v1/cases/${caseId}/exit`,
    { exitedOn, outcome: 'employment_insured' },
    withVersion(1),
  );
  expect(response.statusCode).toBe(200);
  return response.json() as { version: number };
}

async function caseload(query = ''): Promise<Page> {
  const response = await world.manager.browser.get(`/api/v1/caseload${query}`);
  expect(response.statusCode).toBe(200);
  return response.json() as Page;
}

function letters(page: Page): string[] {
  return page.items.map((item) => Object.entries(cases).find(([, id]) => id === item.caseId)?.[0] ?? '?');
}

beforeAll(async () => {
  world = await setUpCaseWorld();
  // A: running, a step overdue, a contact. B: running FB4, a step due later. C: exited, follow-up due soon.
  // D: exited, follow-up overdue. E: followed up (closed).
  const a = await openCase('A', 'Ahmadi', { openedOn: '2026-10-01', intakeOn: null });
  await addStep(a.caseId, '2026-11-20');
  await world.manager.browser.post(`/api/v1/cases/${a.caseId}/contacts`, {
    occurredAt: '2026-11-25T09:30:00Z',
    channel: 'in_person',
    topic: 'Coaching',
    coaching: true,
  });
  const b = await openCase('B', 'Bakr', { openedOn: '2026-11-02', intakeOn: null, strands: ['FB4'] });
  await addStep(b.caseId, '2026-12-10');
  await openCase('C', 'Chowdhury', { openedOn: '2026-04-01', intakeOn: null });
  await exit(cases.C ?? '', '2026-06-05');
  await openCase('D', 'Dervishi', { openedOn: '2026-03-01', intakeOn: null });
  await exit(cases.D ?? '', '2026-05-01');
  await openCase('E', 'Elmi', { openedOn: '2026-02-01', intakeOn: null });
  const exitedE = await exit(cases.E ?? '', '2026-04-15');
  const follow = await world.manager.browser.post(
    `/api/v1/cases/${cases.E}/follow-up`,
    { followedUpOn: '2026-10-20', outcome: 'employment_insured' },
    withVersion(exitedE.version),
  );
  expect(follow.statusCode).toBe(200);
});

afterAll(async () => world?.close());

describe('the caseload', () => {
  it('shows my cases with their next due step, overdue steps, follow-ups and last contact', async () => {
    const page = await caseload();
    // Most urgent first: D's follow-up (1 Nov), A's step (20 Nov), C's follow-up (5 Dec), B's step (10 Dec).
    expect(letters(page)).toEqual(['D', 'A', 'C', 'B']);
    const [d, a, c, b] = page.items;
    expect(a).toMatchObject({
      status: 'planned',
      nextDueStep: { title: 'Schritt bis 2026-11-20', dueOn: '2026-11-20' },
      nextDueOn: '2026-11-20',
      overdueSteps: 1,
      followUp: null,
      lastContactAt: '2026-11-25T09:30:00.000Z',
      warnings: ['steps_overdue'],
      assignments: [{ role: 'participation_manager', userId: world.manager.user.id, displayName: expect.any(String) }],
    });
    expect(b).toMatchObject({ status: 'planned', overdueSteps: 0, warnings: [], lastContactAt: null });
    expect(c).toMatchObject({
      status: 'exited',
      followUp: 'due',
      nextDueOn: '2026-12-05',
      warnings: ['follow_up_due'],
    });
    expect(d).toMatchObject({ status: 'exited', followUp: 'overdue', warnings: ['follow_up_overdue'] });
    // Another manager's and a coach's caseloads are their own.
    expect(((await world.otherManager.browser.get('/api/v1/caseload')).json() as Page).items).toEqual([]);
    expect(((await world.coach.browser.get('/api/v1/caseload')).json() as Page).items).toEqual([]);
  });

  it('filters by status, warning, programme and strand', async () => {
    expect(letters(await caseload('?status=exited&sort=participantName'))).toEqual(['C', 'D']);
    expect(letters(await caseload('?status=followed_up'))).toEqual(['E']);
    expect(letters(await caseload('?status=planned,followed_up&sort=participantName'))).toEqual(['A', 'B', 'E']);
    expect(letters(await caseload('?warning=steps_overdue'))).toEqual(['A']);
    expect(letters(await caseload('?warning=follow_up_due,follow_up_overdue&sort=participantName'))).toEqual([
      'C',
      'D',
    ]);
    expect(letters(await caseload('?strand=FB4'))).toEqual(['B']);
    expect(letters(await caseload('?programme=diaa&strand=FB1&status=planned'))).toEqual(['A']);
    for (const bad of [
      '?status=lost',
      '?warning=late',
      '?strand=FB9',
      '?sort=birthDate',
      '?scope=all',
      '?status=open,open',
      '?limit=0',
    ]) {
      const response = await world.manager.browser.get(`/api/v1/caseload${bad}`);
      expect(response.statusCode, bad).toBe(400);
    }
  });

  it('sorts by every allowed field and pages without skipping or repeating', async () => {
    const orders: [string, string[]][] = [
      ['participantName', ['A', 'B', 'C', 'D']],
      ['-participantName', ['D', 'C', 'B', 'A']],
      ['openedOn', ['D', 'C', 'A', 'B']],
      ['-openedOn', ['B', 'A', 'C', 'D']],
      ['nextDueOn', ['D', 'A', 'C', 'B']],
      ['-nextDueOn', ['B', 'C', 'A', 'D']],
    ];
    for (const [sort, expected] of orders) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = await caseload(`?sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...letters(page));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen, sort).toEqual(expected);
    }
    const byContact = letters(await caseload('?sort=-lastContactAt'));
    expect(byContact[0]).toBe('A');
    expect([...byContact].sort()).toEqual(['A', 'B', 'C', 'D']);
    const first = await caseload('?sort=openedOn&limit=2');
    const wrongSort = await world.manager.browser.get(
      `/api/v1/caseload?sort=participantName&cursor=${first.nextCursor}`,
    );
    expect(wrongSort.statusCode).toBe(400);
  });

  it("shows participation managers their teams' cases with scope=team", async () => {
    const team = (await world.otherManager.browser.get('/api/v1/caseload?scope=team')).json() as Page;
    expect(team.items).toEqual([]);
    const mine = letters(
      (await world.manager.browser.get('/api/v1/caseload?scope=team&sort=participantName')).json() as Page,
    );
    expect(mine).toEqual(['A', 'B', 'C', 'D']);
  });

  it('is read with one audit entry per request: the count and the filter names, no values', async () => {
    await caseload('?status=exited&strand=FB1');
    const rows = await adminRows<{
      details: Record<string, unknown>;
      participant_id: string | null;
      resource_type: string;
    }>(
      world,
      `select details, participant_id, resource_type from audit_log
        where actor_user_id = $1 and details->>'view' = 'caseload' order by seq desc limit 1`,
      [world.manager.user.id],
    );
    expect(rows).toEqual([
      {
        resource_type: 'case',
        participant_id: null,
        details: { view: 'caseload', scope: 'own', count: 2, filters: 'status,strand' },
      },
    ]);
  });
});

describe('the timeline of a participant', () => {
  let participantId: string;
  let caseId: string;

  beforeAll(async () => {
    const person = await eligibleParticipant(world, { family_name: 'Faizi', given_names: 'Timeline' });
    participantId = person.id;
    await withTenant(world.db, { municipalityId: world.municipality, userId: null }, async (trx) => {
      await sql`insert into participant_language (municipality_id, participant_id, language, level)
                values (${world.municipality}, ${person.id}, 'de', 'A2')`.execute(trx);
      await sql`insert into participant_schooling (municipality_id, participant_id, qualification)
                values (${world.municipality}, ${person.id}, 'esa')`.execute(trx);
      await sql`insert into participant_consent (municipality_id, participant_id, purpose, scope, given_on, revoked_on)
                values (${world.municipality}, ${person.id}, 'follow_up_contact', 'Nachbefragung', '2026-09-01', '2026-11-02')`.execute(
        trx,
      );
    });
    const opened = await world.manager.browser.post(
      `/api/v1/participants/${person.id}/cases`,
      caseBody(world, { openedOn: '2026-09-01', intakeOn: null }),
    );
    caseId = (opened.json() as { id: string }).id;
    const url = `/api/v1/cases/${caseId}`;
    await world.manager.browser.post(`${url}/assessments`, {
      assessedOn: '2026-09-03',
      areas: { language: { needsSupport: true, germanLevel: 'A2' } },
    });
    await addStep(caseId, '2026-10-01');
    await world.manager.browser.post(`${url}/contacts`, {
      occurredAt: '2026-09-10T08:00:00Z',
      channel: 'video',
      topic: 'Videoberatung',
    });
    await world.manager.browser.post(`${url}/referrals`, { service: 'berufskolleg', referredOn: '2026-09-15' });
    await world.manager.browser.post(`${url}/conferences`, { heldOn: '2026-10-05', attendees: 'TM, Berufskolleg' });
    await addDocument(world.db, world.municipality, { caseId, participantId: person.id }, { title: 'Zeugnis' });
    const coach = await world.manager.browser.post(`${url}/assignments`, {
      role: 'coach',
      userId: world.coach.user.id,
    });
    await world.manager.browser.post(`${url}/assignments`, { role: 'coach', userId: world.otherCoach.user.id });
    expect(coach.statusCode).toBe(201);
    const current = (await world.manager.browser.get(url)).json() as { version: number };
    await world.manager.browser.post(
      `${url}/exit`,
      { exitedOn: '2026-11-01', outcome: 'school_certificate' },
      withVersion(current.version),
    );
  });

  it('contains every kind of event, newest first', async () => {
    const response = await world.manager.browser.get(`/api/v1/participants/${participantId}/timeline?limit=100`);
    expect(response.statusCode).toBe(200);
    const page = response.json() as { items: { kind: string; at: string; on: string | null; caseId: string | null }[] };
    const kinds = new Set(page.items.map((event) => event.kind));
    expect([...kinds].sort()).toEqual(
      [
        'assessment',
        'assignment_ended',
        'assignment_started',
        'case_exited',
        'case_opened',
        'consent_given',
        'consent_revoked',
        'conference',
        'contact',
        'document',
        'goal',
        'language_added',
        'participant_created',
        'referral',
        'residence_status',
        'schooling_added',
        'step',
      ].sort(),
    );
    const times = page.items.map((event) => event.at);
    expect(times).toEqual([...times].sort().reverse());
    const exitEvent = page.items.find((event) => event.kind === 'case_exited');
    // A day-only event is placed at the start of that day in Germany.
    expect(exitEvent).toMatchObject({ on: '2026-11-01', at: '2026-10-31T23:00:00.000Z', caseId });
    const opened = page.items.find((event) => event.kind === 'case_opened');
    expect(opened?.at).toBe('2026-08-31T22:00:00.000Z');
    expect(page.items.findIndex((event) => event.kind === 'case_exited')).toBeLessThan(
      page.items.findIndex((event) => event.kind === 'conference'),
    );
  });

  it('pages through all events without skipping or repeating, and filters by kind', async () => {
    const url = `/api/v1/participants/${participantId}/timeline`;
    const all = ((await world.manager.browser.get(`${url}?limit=100`)).json() as { items: { id: string }[] }).items;
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await world.manager.browser.get(`${url}?limit=4${cursor ? `&cursor=${cursor}` : ''}`)).json() as {
        items: { id: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.items.map((event) => event.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.map((event) => event.id));
    expect(new Set(seen).size).toBe(seen.length);
    const oldestFirst = (
      (await world.manager.browser.get(`${url}?limit=100&sort=at`)).json() as { items: { id: string }[] }
    ).items;
    expect(oldestFirst.map((event) => event.id)).toEqual([...seen].reverse());
    const some = (await world.manager.browser.get(`${url}?kind=contact,referral`)).json() as {
      items: { kind: string }[];
    };
    expect(some.items.map((event) => event.kind).sort()).toEqual(['contact', 'referral']);
    expect((await world.manager.browser.get(`${url}?kind=gossip`)).statusCode).toBe(400);
    const reads = (await auditOf(world, participantId)).filter((entry) => entry.details.view === 'timeline');
    expect(reads.at(-1)).toMatchObject({ resource_type: 'participant', action: 'read' });
    expect(reads.at(-1)?.details).toMatchObject({ count: 2, filters: 'kind' });
  });

  it('leaves out the cases the reader may not see', async () => {
    const url = `/api/v1/participants/${participantId}/timeline?limit=100`;
    // The other coach is assigned to the case; a second, restricted case of the person is not theirs.
    const second = await world.manager.browser.post(
      `/api/v1/participants/${participantId}/cases`,
      caseBody(world, { openedOn: '2026-11-20', intakeOn: null, restricted: true }),
    );
    expect(second.statusCode).toBe(201);
    const secondId = (second.json() as { id: string }).id;
    const forCoach = (await world.otherCoach.browser.get(url)).json() as { items: { caseId: string | null }[] };
    const caseIds = new Set(forCoach.items.map((event) => event.caseId).filter((id) => id !== null));
    expect([...caseIds]).toEqual([caseId]);
    const forManager = (await world.manager.browser.get(url)).json() as { items: { caseId: string | null }[] };
    expect(forManager.items.some((event) => event.caseId === secondId)).toBe(true);
    // The first coach's assignment has ended: the person is no longer theirs.
    expect((await world.coach.browser.get(url)).statusCode).toBe(404);
    expect((await world.foreignManager.browser.get(url)).statusCode).toBe(404);
  });
});
