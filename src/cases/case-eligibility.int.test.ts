// Eligibility of open cases is re-evaluated when the participant's record changes (through the participants
// API) and every night; a loss is flagged on the case and on the caseload, a regain clears it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCaseEligibilityService } from './case-eligibility.service.ts';
import {
  auditOf,
  caseBody,
  eligibleParticipant,
  etagOf,
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
  version: number;
  eligibility: { decision: string; lostAt: string | null; checkedAt: string | null };
  warnings: { kind: string }[];
}

async function caseView(id: string): Promise<CaseView> {
  return (await world.manager.browser.get(`/api/v1/cases/${id}`)).json() as CaseView;
}

async function caseloadItem(caseId: string, query = '') {
  const page = (await world.manager.browser.get(`/api/v1/caseload?limit=100${query}`)).json() as {
    items: { caseId: string; eligibilityLost: boolean; eligibilityLostAt: string | null; warnings: string[] }[];
  };
  return page.items.find((item) => item.caseId === caseId);
}

describe('when the residence status changes', () => {
  it('flags the lost eligibility on the case and the caseload, and clears it when regained', async () => {
    const person = await eligibleParticipant(world);
    const opened = await world.manager.browser.post(
      `/api/v1/participants/${person.id}/cases`,
      caseBody(world, { strands: ['FB1', 'FB4'] }),
    );
    const created = opened.json() as CaseView;
    expect(created.eligibility).toMatchObject({ decision: 'eligible', lostAt: null });
    const participantUrl = `/api/v1/participants/${person.id}`;
    const participant = await world.manager.browser.get(participantUrl);
    expect(participant.statusCode).toBe(200);

    // A residence permit under § 25b is not admitted to DiAA: the case loses its eligibility.
    const changed = await world.manager.browser.post(
      `${participantUrl}/residence-statuses`,
      { status: 'residence_25b', validFrom: '2026-11-29' },
      withVersion(etagOf(participant)),
    );
    expect(changed.statusCode).toBe(201);
    const lost = await caseView(created.id);
    expect(lost.eligibility).toMatchObject({ decision: 'not_eligible', lostAt: '2026-11-29T08:00:00.000Z' });
    expect(lost.warnings).toEqual([{ kind: 'eligibility_lost', since: '2026-11-29T08:00:00.000Z' }]);
    expect(lost.version).toBe(created.version + 1);
    expect(await caseloadItem(created.id)).toMatchObject({
      eligibilityLost: true,
      eligibilityLostAt: '2026-11-29T08:00:00.000Z',
      warnings: ['eligibility_lost'],
    });
    expect(await caseloadItem(created.id, '&warning=eligibility_lost')).toBeDefined();
    const audit = (await auditOf(world, person.id)).filter((entry) => entry.details.trigger === 'participant_changed');
    expect(audit).toEqual([
      expect.objectContaining({ resource_type: 'case', action: 'update', actor_user_id: world.manager.user.id }),
    ]);
    expect(audit[0]?.details).toMatchObject({ from: 'eligible', to: 'not_eligible', lost: true });

    // A later change that keeps it lost keeps the day it was lost.
    world.clock.advance(60_000);
    const statuses = (changed.json() as { residenceStatuses: { id: string; status: string }[] }).residenceStatuses;
    const permit = statuses.find((status) => status.status === 'residence_25b');
    expect(permit).toBeDefined();
    const corrected = await world.manager.browser.request(
      'PATCH',
      `${participantUrl}/residence-statuses/${permit?.id}`,
      { notes: 'Karte liegt vor' },
      withVersion(etagOf(changed)),
    );
    expect(corrected.statusCode).toBe(200);
    expect((await caseView(created.id)).eligibility.lostAt).toBe('2026-11-29T08:00:00.000Z');

    // Entered by mistake: removing the permit gives the Duldung back, and the warning goes.
    const removed = await world.manager.browser.delete(`${participantUrl}/residence-statuses/${permit?.id}`, {
      'if-match': etagOf(corrected),
    });
    expect(removed.statusCode).toBe(200);
    const regained = await caseView(created.id);
    expect(regained.eligibility).toMatchObject({ decision: 'eligible', lostAt: null });
    expect(regained.warnings).toEqual([]);
    expect(await caseloadItem(created.id, '&warning=eligibility_lost')).toBeUndefined();
  });

  it('leaves exited cases alone', async () => {
    const person = await eligibleParticipant(world);
    const created = (
      await world.manager.browser.post(`/api/v1/participants/${person.id}/cases`, caseBody(world))
    ).json() as CaseView;
    await world.manager.browser.post(
      `/api/v1/cases/${created.id}/exit`,
      { exitedOn: '2026-11-28', outcome: 'handover_kim' },
      withVersion(1),
    );
    const participant = await world.manager.browser.get(`/api/v1/participants/${person.id}`);
    const changed = await world.manager.browser.post(
      `/api/v1/participants/${person.id}/residence-statuses`,
      { status: 'residence_25b', validFrom: '2026-11-29' },
      withVersion(etagOf(participant)),
    );
    expect(changed.statusCode).toBe(201);
    expect((await caseView(created.id)).eligibility).toMatchObject({ decision: 'eligible', lostAt: null });
  });
});

describe('the nightly re-evaluation', () => {
  it('finds the people who grew out of the programme, once, without touching unchanged cases', async () => {
    // 27 today, 28 on 1 December.
    const turning = await eligibleParticipant(world, { birth_date: '1998-12-01', birth_date_precision: 'day' });
    const staying = await eligibleParticipant(world, { birth_date: '2004-06-15', birth_date_precision: 'day' });
    const open = async (id: string) =>
      ((await world.manager.browser.post(`/api/v1/participants/${id}/cases`, caseBody(world))).json() as CaseView).id;
    const turningCase = await open(turning.id);
    const stayingCase = await open(staying.id);
    const before = await caseView(stayingCase);

    const night = new Date('2026-12-02T01:00:00Z');
    const job = createCaseEligibilityService({ db: world.db, now: () => night });
    const first = await job.reevaluateMunicipality(world.municipality);
    expect(first.lost).toBe(1);
    expect(first.evaluated).toBeGreaterThanOrEqual(2);
    const grownOut = await caseView(turningCase);
    expect(grownOut.eligibility).toMatchObject({ decision: 'not_eligible', lostAt: night.toISOString() });
    expect(await caseloadItem(turningCase, '&warning=eligibility_lost')).toMatchObject({ eligibilityLost: true });
    // Unchanged cases keep their version (a user editing them is not disturbed), but record the check.
    const unchanged = await caseView(stayingCase);
    expect(unchanged.version).toBe(before.version);
    expect(unchanged.eligibility.checkedAt).toBe(night.toISOString());

    const second = await job.reevaluateMunicipality(world.municipality);
    expect(second).toMatchObject({ changed: 0, lost: 0 });
    expect((await caseView(turningCase)).version).toBe(grownOut.version);
    const scheduled = (await auditOf(world, turning.id)).filter((entry) => entry.details.trigger === 'scheduled');
    expect(scheduled).toEqual([expect.objectContaining({ actor_user_id: null, action: 'update' })]);

    // Another municipality's run does not see these cases at all.
    expect(await job.reevaluateMunicipality(world.otherMunicipality)).toEqual({
      evaluated: 0,
      changed: 0,
      lost: 0,
      regained: 0,
    });
    const all = await job.reevaluateAll();
    expect(all.municipalities).toBeGreaterThanOrEqual(2);
    expect(all.changed).toBe(0);
  });
});
