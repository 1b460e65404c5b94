// A case from intake to follow-up through the API, with the derived status at each step; bad input,
// concurrency, idempotency and the one-open-case rule.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  adminCount,
  auditOf,
  caseBody,
  eligibleParticipant,
  etagOf,
  fieldsOf,
  problem,
  setUpCaseWorld,
  withVersion,
  type CaseWorld,
} from './case-test-setup.ts';

let world: CaseWorld;

beforeAll(async () => {
  world = await setUpCaseWorld();
});

afterAll(async () => world?.close());

interface CaseView {
  id: string;
  status: string;
  version: number;
  eligibility: { decision: string; reasons: { strand: string; rule: string; effect: string }[]; lostAt: string | null };
  assignments: { current: { role: string; userId: string }[]; history: unknown[] };
  followUp: { dueOn: string; state: string | null; followedUpOn: string | null } | null;
  exit: { exitedOn: string; outcome: string } | null;
  counts: Record<string, number>;
  goals: { id: string; status: string; steps: { id: string; status: string; doneOn: string | null }[] }[];
  latestAssessment: { supportAreas: string[] } | null;
  writable: boolean;
  activeMeasures: number;
  lastContactAt: string | null;
}

async function getCase(id: string): Promise<CaseView> {
  const response = await world.manager.browser.get(`/api/v1/cases/${id}`);
  expect(response.statusCode).toBe(200);
  return response.json() as CaseView;
}

describe('a case from intake to follow-up', () => {
  it('runs through every stage with the status derived from its data', async () => {
    const { manager } = world;
    const person = await eligibleParticipant(world, { birth_date: '2003-04-17', birth_date_precision: 'day' });

    const opened = await manager.browser.post(
      `/api/v1/participants/${person.id}/cases`,
      caseBody(world, { strands: ['FB1', 'FB4'], openedOn: '2026-05-04', intakeOn: '2026-04-28' }),
    );
    expect(opened.statusCode).toBe(201);
    expect(etagOf(opened)).toBe('"1"');
    const created = opened.json() as CaseView;
    expect(created).toMatchObject({ status: 'open', version: 1, writable: true, exit: null, followUp: null });
    expect(created.eligibility.decision).toBe('eligible');
    // Every rule of every strand is kept as evidence, met ones included.
    expect(created.eligibility.reasons.filter((r) => r.rule === 'age').map((r) => r.strand)).toEqual(['FB1', 'FB4']);
    expect(created.assignments.current).toEqual([
      expect.objectContaining({ role: 'participation_manager', userId: manager.user.id }),
    ]);
    const url = `/api/v1/cases/${created.id}`;

    const assessment = await manager.browser.post(`${url}/assessments`, {
      assessedOn: '2026-05-06',
      areas: {
        language: { needsSupport: true, germanLevel: 'A2', notes: 'versteht wenig am Telefon' },
        childcare: { needsSupport: false, children: 0, needsCare: false },
        legal_status: { needsSupport: true, residenceStatus: 'toleration_60a', workPermission: 'permitted' },
      },
      notes: 'motiviert',
    });
    expect(assessment.statusCode).toBe(201);
    expect((assessment.json() as { supportAreas: string[] }).supportAreas).toEqual(['language', 'legal_status']);
    expect((await getCase(created.id)).status).toBe('assessed');

    const goal = await manager.browser.post(`${url}/goals`, { title: 'Ausbildung als Tischler', area: 'vocational' });
    expect(goal.statusCode).toBe(201);
    const goalId = (goal.json() as { id: string }).id;
    const step = await manager.browser.post(`${url}/goals/${goalId}/steps`, {
      title: 'Bewerbung an Schreinerei schicken',
      ownerUserId: world.coach.user.id,
      dueOn: '2026-05-20',
    });
    expect(step.statusCode).toBe(201);
    const stepId = (step.json() as { id: string }).id;
    expect((await getCase(created.id)).status).toBe('planned');

    const contact = await manager.browser.post(`${url}/contacts`, {
      occurredAt: '2026-05-12T10:00:00+02:00',
      durationMinutes: 60,
      channel: 'in_person',
      topic: 'Coaching: Bewerbungsunterlagen',
      coaching: true,
    });
    expect(contact.statusCode).toBe(201);

    const referral = await manager.browser.post(`${url}/referrals`, {
      service: 'jobcenter',
      referredOn: '2026-05-13',
      description: 'Termin zur Ausbildungsförderung',
    });
    expect(referral.statusCode).toBe(201);
    const referralId = (referral.json() as { id: string }).id;
    expect((await getCase(created.id)).status).toBe('planned');
    const accepted = await manager.browser.request(
      'PATCH',
      `${url}/referrals/${referralId}`,
      { outcome: 'accepted' },
      withVersion(1),
    );
    expect(accepted.statusCode).toBe(200);
    // The day of the outcome defaults to today (of the municipality's calendar).
    expect(accepted.json()).toMatchObject({ outcome: 'accepted', outcomeOn: '2026-11-29', version: 2 });
    const inMeasures = await getCase(created.id);
    expect(inMeasures).toMatchObject({ status: 'in_measures', activeMeasures: 1 });
    expect(inMeasures.counts).toEqual({
      assessments: 1,
      goals: 1,
      contacts: 1,
      referrals: 1,
      conferences: 0,
      documents: 0,
    });
    expect(inMeasures.lastContactAt).toBe('2026-05-12T08:00:00.000Z');

    const conference = await manager.browser.post(`${url}/conferences`, {
      heldOn: '2026-05-27',
      attendees: 'Teilhabemanagement, Coaching, Jobcenter',
      agreements: 'Bewerbung bis Mitte Dezember',
    });
    expect(conference.statusCode).toBe(201);

    // The step is overdue (due 20 May, today is 29 November) until it is done.
    expect((await getCase(created.id)).goals[0]?.steps[0]).toMatchObject({ status: 'open', overdue: true });
    const done = await manager.browser.request(
      'PATCH',
      `${url}/steps/${stepId}`,
      { status: 'done', doneOn: '2026-06-01' },
      withVersion(1),
    );
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', doneOn: '2026-06-01', overdue: false });

    const current = await getCase(created.id);
    const exited = await manager.browser.post(
      `${url}/exit`,
      { exitedOn: '2026-06-10', outcome: 'training_dual', notes: 'Ausbildungsvertrag unterschrieben' },
      withVersion(current.version),
    );
    expect(exited.statusCode).toBe(200);
    const afterExit = exited.json() as CaseView;
    expect(afterExit).toMatchObject({
      status: 'exited',
      writable: false,
      exit: { exitedOn: '2026-06-10', outcome: 'training_dual' },
      // Due six months after the exit; it shows as a task from two weeks before (today is 29 November).
      followUp: { dueOn: '2026-12-10', state: 'due', followedUpOn: null },
    });

    // An exited case takes no more plan or contact work, and cannot be exited again.
    const refused = [
      await manager.browser.post(`${url}/contacts`, {
        occurredAt: '2026-11-29T09:00:00Z',
        channel: 'phone',
        topic: 'x',
      }),
      await manager.browser.post(`${url}/goals`, { title: 'Noch ein Ziel' }),
      await manager.browser.post(`${url}/assessments`, {
        assessedOn: '2026-11-29',
        areas: { housing: { needsSupport: false, accommodation: 'private' } },
      }),
      await manager.browser.request('PATCH', `${url}/steps/${stepId}`, { title: 'anders' }, withVersion(2)),
      await manager.browser.request('PATCH', url, { intakeNotes: 'später' }, withVersion(afterExit.version)),
      await manager.browser.post(
        `${url}/exit`,
        { exitedOn: '2026-11-29', outcome: 'dropout' },
        withVersion(afterExit.version),
      ),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([409, 409, 409, 409, 409, 409]);

    const followedUp = await manager.browser.post(
      `${url}/follow-up`,
      { followedUpOn: '2026-11-29', outcome: 'training_dual', notes: 'Ausbildung läuft' },
      withVersion(afterExit.version),
    );
    expect(followedUp.statusCode).toBe(200);
    expect(followedUp.json()).toMatchObject({
      status: 'followed_up',
      followUp: { followedUpOn: '2026-11-29', state: null, outcome: 'training_dual' },
    });
    const again = await manager.browser.post(
      `${url}/follow-up`,
      { followedUpOn: '2026-11-29', outcome: 'dropout' },
      withVersion((followedUp.json() as CaseView).version),
    );
    expect(again.statusCode).toBe(409);

    // Every read and write of the case is in the municipality's audit log, about this participant.
    const audit = await auditOf(world, person.id);
    const successes = audit.filter((entry) => entry.outcome === 'success');
    expect(successes.every((entry) => entry.resource_type === 'case')).toBe(true);
    expect(successes.filter((entry) => entry.action === 'create').length).toBeGreaterThanOrEqual(7);
    expect(successes.some((entry) => entry.changed_fields.includes('contact.topic'))).toBe(true);
    // Names of fields, never their values.
    expect(JSON.stringify(audit)).not.toContain('Bewerbungsunterlagen');
  });
});

describe('opening a case', () => {
  it('lists every problem of an invalid case and creates nothing', async () => {
    const person = await eligibleParticipant(world);
    const url = `/api/v1/participants/${person.id}/cases`;
    const before = await adminCount(world, 'select count(*) as n from participant_case');
    const shape = await world.manager.browser.post(url, {
      teamId: 'not-a-uuid',
      openedOn: '2026-02-30',
      strands: ['FB9', 'FB1'],
      programme: 'kim2',
      colour: 'blue',
    });
    expect(shape.statusCode).toBe(400);
    expect(problem(shape).code).toBe('validation_failed');
    expect(fieldsOf(shape)).toEqual(expect.arrayContaining(['openedOn', 'programme', 'strands.0', 'teamId']));
    expect(fieldsOf(shape)).toContain('');
    const rules = await world.manager.browser.post(
      url,
      caseBody(world, {
        teamId: '00000000-0000-4000-8000-000000000000',
        openedOn: '2026-12-24',
        intakeOn: '2027-01-01',
      }),
    );
    expect(rules.statusCode).toBe(400);
    expect(fieldsOf(rules)).toEqual(['intakeOn', 'openedOn', 'teamId']);
    const duplicateStrands = await world.manager.browser.post(url, caseBody(world, { strands: ['FB1', 'FB1'] }));
    expect(duplicateStrands.statusCode).toBe(400);
    const noStrands = await world.manager.browser.post(url, caseBody(world, { strands: [] }));
    expect(noStrands.statusCode).toBe(400);
    expect((await world.manager.browser.post('/api/v1/participants/x/cases', caseBody(world))).statusCode).toBe(400);
    expect(await adminCount(world, 'select count(*) as n from participant_case')).toBe(before);
  });

  it('refuses a person who is not eligible with every reason, and admits an age exception only with a justification', async () => {
    const tooOld = await eligibleParticipant(world, { birth_date: '1990-03-01', birth_date_precision: 'day' });
    const url = `/api/v1/participants/${tooOld.id}/cases`;
    const refused = await world.manager.browser.post(url, caseBody(world, { strands: ['FB1', 'FB3'] }));
    expect(refused.statusCode).toBe(422);
    expect(problem(refused).errors).toEqual([
      expect.objectContaining({ field: 'strands.FB1', code: 'eligibility.age.too_old' }),
      expect.objectContaining({ field: 'strands.FB3', code: 'eligibility.age.too_old' }),
      expect.objectContaining({ field: 'exceptionJustification', code: 'required_for_exception' }),
    ]);
    const admitted = await world.manager.browser.post(
      url,
      caseBody(world, { exceptionJustification: 'Schulabschluss kurz vor dem Ziel, Maßnahme sonst abgebrochen' }),
    );
    expect(admitted.statusCode).toBe(201);
    expect((admitted.json() as CaseView).eligibility.decision).toBe('eligible_by_exception');

    // Only the age can be waived: a person without an admitted status stays out, justification or not.
    const protectedStatus = await eligibleParticipant(world, { status: 'residence_25b' });
    const notAdmitted = await world.manager.browser.post(
      `/api/v1/participants/${protectedStatus.id}/cases`,
      caseBody(world, { exceptionJustification: 'bitte trotzdem' }),
    );
    expect(notAdmitted.statusCode).toBe(422);
    expect(problem(notAdmitted).errors?.map((e) => e.code)).toEqual(['eligibility.residence_status.not_admitted']);

    // FB2 excludes a legal work ban; FB1 does not.
    const banned = await eligibleParticipant(world, { work_permission: 'banned' });
    const fb2 = await world.manager.browser.post(
      `/api/v1/participants/${banned.id}/cases`,
      caseBody(world, { strands: ['FB1', 'FB2'] }),
    );
    expect(fb2.statusCode).toBe(422);
    expect(problem(fb2).errors?.map((e) => e.field)).toEqual(['strands.FB2']);
    expect(
      (await world.manager.browser.post(`/api/v1/participants/${banned.id}/cases`, caseBody(world))).statusCode,
    ).toBe(201);
  });

  it('allows one open case per participant and programme (409), and a new one after the exit', async () => {
    const person = await eligibleParticipant(world);
    const url = `/api/v1/participants/${person.id}/cases`;
    const first = await world.manager.browser.post(url, caseBody(world));
    expect(first.statusCode).toBe(201);
    const second = await world.manager.browser.post(url, caseBody(world, { strands: ['FB4'] }));
    expect(second.statusCode).toBe(409);
    expect(problem(second).errors).toEqual([expect.objectContaining({ field: 'programme', code: 'open_case_exists' })]);
    const firstCase = first.json() as CaseView;
    const exit = await world.manager.browser.post(
      `/api/v1/cases/${firstCase.id}/exit`,
      { exitedOn: '2026-11-28', outcome: 'moved_away' },
      withVersion(1),
    );
    expect(exit.statusCode).toBe(200);
    expect((await world.manager.browser.post(url, caseBody(world, { strands: ['FB4'] }))).statusCode).toBe(201);
    const list = await world.manager.browser.get(`${url}?sort=openedOn`);
    expect(list.statusCode).toBe(200);
    expect((list.json() as { items: { status: string }[] }).items.map((c) => c.status).sort()).toEqual([
      'exited',
      'open',
    ]);
    expect((await world.manager.browser.get(`${url}?open=true`)).json()).toMatchObject({ items: [{ status: 'open' }] });
  });

  it('replays a creation sent twice with the same Idempotency-Key and refuses the key for another payload', async () => {
    const person = await eligibleParticipant(world);
    const url = `/api/v1/participants/${person.id}/cases`;
    const key = { 'idempotency-key': `case-${person.id}` };
    const first = await world.manager.browser.post(url, caseBody(world), key);
    expect(first.statusCode).toBe(201);
    const replay = await world.manager.browser.post(url, caseBody(world), key);
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect((replay.json() as CaseView).id).toBe((first.json() as CaseView).id);
    const other = await world.manager.browser.post(url, caseBody(world, { strands: ['FB4'] }), key);
    expect(other.statusCode).toBe(422);
    expect(
      await adminCount(world, 'select count(*) as n from participant_case where participant_id = $1', [person.id]),
    ).toBe(1);
  });
});

describe('changing a case', () => {
  it('needs the current version in If-Match (428 without, 412 when stale) and evaluates new strands again', async () => {
    const person = await eligibleParticipant(world, { work_permission: 'banned' });
    const created = (
      await world.manager.browser.post(`/api/v1/participants/${person.id}/cases`, caseBody(world))
    ).json() as CaseView;
    const url = `/api/v1/cases/${created.id}`;
    expect((await world.manager.browser.request('PATCH', url, { intakeNotes: 'neu' })).statusCode).toBe(428);
    expect((await world.manager.browser.request('PATCH', url, { intakeNotes: 'neu' }, withVersion(5))).statusCode).toBe(
      412,
    );
    expect(
      (await world.manager.browser.request('PATCH', url, { intakeNotes: 'neu' }, withVersion('nonsense'))).statusCode,
    ).toBe(400);
    const changed = await world.manager.browser.request('PATCH', url, { intakeNotes: 'neu' }, withVersion(1));
    expect(changed.statusCode).toBe(200);
    expect(etagOf(changed)).toBe('"2"');
    expect((await world.manager.browser.request('PATCH', url, { intakeNotes: 'alt' }, withVersion(1))).statusCode).toBe(
      412,
    );
    // Adding FB2 for a person with a work ban is refused with the reason, and changes nothing.
    const fb2 = await world.manager.browser.request('PATCH', url, { strands: ['FB1', 'FB2'] }, withVersion(2));
    expect(fb2.statusCode).toBe(422);
    expect((await getCase(created.id)).version).toBe(2);
    const empty = await world.manager.browser.request('PATCH', url, {}, withVersion(2));
    expect(empty.statusCode).toBe(400);
    const unknown = await world.manager.browser.request('PATCH', url, { programme: 'kim' }, withVersion(2));
    expect(unknown.statusCode).toBe(400);
  });

  it('changes contacts, referrals and conferences only at their current version (428 without, 412 when stale)', async () => {
    const person = await eligibleParticipant(world);
    const created = (
      await world.manager.browser.post(`/api/v1/participants/${person.id}/cases`, caseBody(world))
    ).json() as CaseView;
    const url = `/api/v1/cases/${created.id}`;
    const parts = [
      {
        path: 'contacts',
        body: { occurredAt: '2026-11-20T10:00:00Z', channel: 'phone', topic: 'Termin' },
        change: { topic: 'Termin beim Jobcenter' },
      },
      { path: 'referrals', body: { service: 'jobcenter', referredOn: '2026-11-20' }, change: { outcome: 'accepted' } },
      {
        path: 'conferences',
        body: { heldOn: '2026-11-20', attendees: 'TM, Coach' },
        change: { findings: 'Sprachkurs' },
      },
    ];
    for (const part of parts) {
      const added = await world.manager.browser.post(`${url}/${part.path}`, part.body);
      expect(added.statusCode, part.path).toBe(201);
      const partUrl = `${url}/${part.path}/${(added.json() as { id: string }).id}`;
      expect((await world.manager.browser.request('PATCH', partUrl, part.change)).statusCode, part.path).toBe(428);
      expect((await world.manager.browser.request('PATCH', partUrl, part.change, withVersion(2))).statusCode).toBe(412);
      const changed = await world.manager.browser.request('PATCH', partUrl, part.change, withVersion(1));
      expect(changed.statusCode, part.path).toBe(200);
      expect(changed.json()).toMatchObject({ ...part.change, version: 2 });
      expect(etagOf(changed)).toBe('"2"');
      // The old version is gone: the same change again is stale, and nothing else moved.
      expect((await world.manager.browser.request('PATCH', partUrl, part.change, withVersion(1))).statusCode).toBe(412);
    }
    // Another case's part cannot be reached through this case's URL.
    const other = (
      await world.manager.browser.post(
        `/api/v1/participants/${(await eligibleParticipant(world)).id}/cases`,
        caseBody(world),
      )
    ).json() as CaseView;
    const contacts = (await world.manager.browser.get(`${url}/contacts`)).json() as { items: { id: string }[] };
    const foreignUrl = `/api/v1/cases/${other.id}/contacts/${contacts.items[0]?.id ?? ''}`;
    expect((await world.manager.browser.request('PATCH', foreignUrl, { topic: 'x' }, withVersion(2))).statusCode).toBe(
      404,
    );
  });

  it('checks the parts of a case field by field and keeps them unchanged on bad input', async () => {
    const person = await eligibleParticipant(world);
    const created = (
      await world.manager.browser.post(`/api/v1/participants/${person.id}/cases`, caseBody(world, { strands: ['FB4'] }))
    ).json() as CaseView;
    const url = `/api/v1/cases/${created.id}`;
    const areas = await world.manager.browser.post(`${url}/assessments`, {
      assessedOn: '2026-11-28',
      areas: {
        language: { needsSupport: 'yes', germanLevel: 'Z9' },
        childcare: { needsSupport: false, children: -1, needsCare: false },
        astrology: { needsSupport: true },
      },
    });
    expect(areas.statusCode).toBe(400);
    expect(fieldsOf(areas)).toEqual(
      expect.arrayContaining([
        'areas',
        'areas.childcare.children',
        'areas.language.germanLevel',
        'areas.language.needsSupport',
      ]),
    );
    const noArea = await world.manager.browser.post(`${url}/assessments`, { assessedOn: '2026-11-28', areas: {} });
    expect(noArea.statusCode).toBe(400);
    const early = await world.manager.browser.post(`${url}/assessments`, {
      assessedOn: '2020-01-01',
      areas: { housing: { needsSupport: false, accommodation: 'private' } },
    });
    expect(fieldsOf(early)).toEqual(['assessedOn']);
    // Coaching sessions belong to FB1; this case is FB4 only. A contact in the future is refused too.
    const coaching = await world.manager.browser.post(`${url}/contacts`, {
      occurredAt: '2026-12-01T10:00:00Z',
      channel: 'phone',
      topic: 'Coaching',
      coaching: true,
    });
    expect(coaching.statusCode).toBe(400);
    expect(fieldsOf(coaching)).toEqual(['coaching', 'occurredAt']);
    const channel = await world.manager.browser.post(`${url}/contacts`, {
      occurredAt: 'yesterday',
      channel: 'pigeon',
      topic: '',
    });
    expect(fieldsOf(channel)).toEqual(['channel', 'occurredAt', 'topic']);
    const goal = await world.manager.browser.post(`${url}/goals`, { title: 'Sprachkurs B1' });
    const goalId = (goal.json() as { id: string }).id;
    const owner = await world.manager.browser.post(`${url}/goals/${goalId}/steps`, {
      title: 'Anmeldung',
      ownerUserId: world.foreignManager.user.id,
    });
    expect(fieldsOf(owner)).toEqual(['ownerUserId']);
    // Parts of a case have their own version: If-Match is required (428) and must be current (412).
    const goalUrl = `${url}/goals/${goalId}`;
    expect((await world.manager.browser.request('PATCH', goalUrl, { status: 'achieved' })).statusCode).toBe(428);
    expect(
      (await world.manager.browser.request('PATCH', goalUrl, { status: 'achieved' }, withVersion(2))).statusCode,
    ).toBe(412);
    const achieved = await world.manager.browser.request('PATCH', goalUrl, { status: 'achieved' }, withVersion(1));
    expect(achieved.statusCode).toBe(200);
    expect(etagOf(achieved)).toBe('"2"');
    expect((await world.manager.browser.request('PATCH', goalUrl, { status: 'open' }, withVersion(1))).statusCode).toBe(
      412,
    );
    const step = await world.manager.browser.post(`${url}/goals/${goalId}/steps`, { title: 'Anmeldung' });
    const stepId = (step.json() as { id: string }).id;
    const doneOnly = await world.manager.browser.request(
      'PATCH',
      `${url}/steps/${stepId}`,
      { doneOn: '2026-11-28' },
      withVersion(1),
    );
    expect(fieldsOf(doneOnly)).toEqual(['doneOn']);
    const referral = await world.manager.browser.post(`${url}/referrals`, {
      service: 'bamf_course',
      referredOn: '2026-11-20',
    });
    const referralId = (referral.json() as { id: string }).id;
    const outcome = await world.manager.browser.request(
      'PATCH',
      `${url}/referrals/${referralId}`,
      { outcome: 'started', outcomeOn: '2026-11-01' },
      withVersion(1),
    );
    expect(fieldsOf(outcome)).toEqual(['outcomeOn']);
    expect(await adminCount(world, 'select count(*) as n from case_assessment where case_id = $1', [created.id])).toBe(
      0,
    );
    expect(await adminCount(world, 'select count(*) as n from case_contact where case_id = $1', [created.id])).toBe(0);
    expect((await getCase(created.id)).status).toBe('planned');
    // Garbage in the path or query is a 400, never a 500.
    expect((await world.manager.browser.get(`/api/v1/cases/${created.id}/contacts?sort=topic`)).statusCode).toBe(400);
    expect((await world.manager.browser.get(`/api/v1/cases/${created.id}/contacts?cursor=%%%`)).statusCode).toBe(400);
    expect((await world.manager.browser.get(`/api/v1/cases/${created.id}/contacts?coaching=maybe`)).statusCode).toBe(
      400,
    );
    expect((await world.manager.browser.get('/api/v1/cases/123')).statusCode).toBe(400);
  });

  it('pages through the contacts log without skipping, and filters it', async () => {
    const person = await eligibleParticipant(world);
    const created = (
      await world.manager.browser.post(`/api/v1/participants/${person.id}/cases`, caseBody(world))
    ).json() as CaseView;
    const url = `/api/v1/cases/${created.id}/contacts`;
    for (let day = 1; day <= 7; day += 1) {
      const response = await world.manager.browser.post(url, {
        occurredAt: `2026-11-${String(day + 10).padStart(2, '0')}T09:00:00Z`,
        channel: day % 2 === 0 ? 'phone' : 'in_person',
        topic: `Termin ${day}`,
        coaching: day % 3 === 0,
      });
      expect(response.statusCode).toBe(201);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await world.manager.browser.get(`${url}?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json() as {
        items: { topic: string }[];
        nextCursor: string | null;
      };
      seen.push(...page.items.map((item) => item.topic));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Termin 7', 'Termin 6', 'Termin 5', 'Termin 4', 'Termin 3', 'Termin 2', 'Termin 1']);
    const phone = (await world.manager.browser.get(`${url}?channel=phone&sort=occurredAt`)).json() as {
      items: { topic: string }[];
    };
    expect(phone.items.map((item) => item.topic)).toEqual(['Termin 2', 'Termin 4', 'Termin 6']);
    const coaching = (await world.manager.browser.get(`${url}?coaching=true`)).json() as { items: { topic: string }[] };
    expect(coaching.items.map((item) => item.topic)).toEqual(['Termin 6', 'Termin 3']);
    const period = (
      await world.manager.browser.get(`${url}?from=2026-11-13T00:00:00Z&to=2026-11-15T00:00:00Z`)
    ).json() as { items: { topic: string }[] };
    expect(period.items.map((item) => item.topic)).toEqual(['Termin 4', 'Termin 3']);
    expect(
      (await world.manager.browser.get(`${url}?from=2026-11-15T00:00:00Z&to=2026-11-13T00:00:00Z`)).statusCode,
    ).toBe(400);
    const audit = await auditOf(world, person.id);
    const listReads = audit.filter((entry) => entry.details.view === 'contacts');
    expect(listReads.at(-1)?.details).toMatchObject({ count: 2, filters: 'from,to' });
  });
});
