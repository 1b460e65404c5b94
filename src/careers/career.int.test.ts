// The alerts and settings API: who sees a person's alerts (case workers; providers never; other tenants 404),
// acknowledging and dismissing (validation, If-Match, audit), the caseload's list and counts, the municipality's
// counts, the settings (policy: admin changes, manager reads; a change re-runs the detector), and the detector
// running inside the transaction of an enrolment change made through the enrolments API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolment, history } from '../../test/helpers/career-histories.ts';
import { createProvider, storeHistory, type StoredHistory } from '../../test/helpers/career-store.ts';
import { assignToCase } from '../../test/helpers/participant-factories.ts';
import {
  adminRows,
  etagOf,
  fieldsOf,
  setUpCaseWorld,
  signIn,
  withVersion,
  type CaseWorld,
  type Staff,
} from '../cases/case-test-setup.ts';
import { runFullDetection } from './career-detection.service.ts';
import type { Alert, AlertList, AlertSummary, CareerSettingsState, CaseloadAlertPage } from './career.schema.ts';

const TODAY = '2026-11-29';
let world: CaseWorld;
let provider: string;
let admin: Staff;
let office: Staff;
let providerStaff: Staff;
/** Two drop-outs and a third measure, in a case of the manager's team with the coach assigned. */
let person: StoredHistory;

const dropouts = () =>
  history({
    enrolments: [
      enrolment({ startsOn: '2026-01-01', endsOn: '2026-02-01', status: 'dropped_out', dropoutReason: 'health' }),
      enrolment({ startsOn: '2026-03-01', endsOn: '2026-04-01', status: 'dropped_out', dropoutReason: 'overload' }),
      enrolment({ startsOn: '2026-05-01', endsOn: null, status: 'active' }),
    ],
  });

async function alertsOf(staff: Staff, participantId = person.participantId) {
  return staff.browser.get(`/api/v1/participants/${participantId}/alerts`);
}

async function firstAlert(rule: string): Promise<Alert> {
  const list = (await alertsOf(world.manager)).json() as AlertList;
  const alert = list.items.find((item) => item.rule === rule);
  if (!alert) throw new Error(`no ${rule} alert`);
  return alert;
}

beforeAll(async () => {
  world = await setUpCaseWorld();
  provider = await createProvider(world.db, world.municipality, 'Bildungswerk Kalk');
  admin = await signIn(world.app, world.clock, world.db, world.municipality, ['municipal_admin']);
  office = await signIn(world.app, world.clock, world.db, world.municipality, ['managing_office']);
  providerStaff = await signIn(world.app, world.clock, world.db, provider, ['provider_staff']);
  person = await storeHistory(world.db, world.municipality, provider, dropouts(), { case: { team_id: world.team } });
  await assignToCase(
    world.db,
    world.municipality,
    { caseId: person.caseId, participantId: person.participantId },
    world.coach.user.id,
  );
  await runFullDetection(world.db, { today: TODAY, municipalityId: world.municipality });
});

afterAll(async () => {
  await world?.close();
});

describe("a participant's alerts", () => {
  it('shows the case workers each alert with the enrolments that triggered it', async () => {
    for (const staff of [world.manager, world.coach]) {
      const response = await alertsOf(staff);
      expect(response.statusCode).toBe(200);
      const { items } = response.json() as AlertList;
      const alert = items.find((item) => item.rule === 'repeated_dropouts');
      expect(alert).toMatchObject({ status: 'open', details: { count: 2, withinMonths: 12 }, version: 1 });
      expect(alert?.enrolments.map((e) => [e.id, e.providerName, e.offerType, e.status, e.dropoutReason])).toEqual([
        [person.history.enrolments[0]?.id, 'Bildungswerk Kalk', 'other', 'dropped_out', 'health'],
        [person.history.enrolments[1]?.id, 'Bildungswerk Kalk', 'other', 'dropped_out', 'overload'],
      ]);
    }
  });

  it('is not found for a coach not assigned and for another municipality, and forbidden to providers', async () => {
    expect((await alertsOf(world.otherCoach)).statusCode).toBe(404);
    expect((await alertsOf(world.foreignManager)).statusCode).toBe(404);
    expect((await alertsOf(providerStaff)).statusCode).toBe(403);
    expect((await providerStaff.browser.get('/api/v1/alerts')).statusCode).toBe(403);
    const denials = await adminRows<{ n: string }>(
      world,
      `select count(*) as n from audit_log where participant_id = $1 and outcome = 'denied'`,
      [person.participantId],
    );
    expect(Number(denials[0]?.n)).toBeGreaterThanOrEqual(1);
  });

  it('answers 400 for a bad id or state', async () => {
    expect((await world.manager.browser.get('/api/v1/participants/not-a-uuid/alerts')).statusCode).toBe(400);
    expect(
      (await world.manager.browser.get(`/api/v1/participants/${person.participantId}/alerts?status=gone`)).statusCode,
    ).toBe(400);
  });
});

describe('acknowledging and dismissing', () => {
  it('acknowledges with a plan: If-Match required and current, the plan required', async () => {
    const alert = await firstAlert('repeated_dropouts');
    const url = `/api/v1/alerts/${alert.id}/acknowledge`;
    expect((await world.manager.browser.post(url, { plan: 'Coaching' })).statusCode).toBe(428);
    const blank = await world.manager.browser.post(url, { plan: '   ' }, withVersion(alert.version));
    expect(blank.statusCode).toBe(400);
    expect(fieldsOf(blank)).toEqual(['plan']);
    const missing = await world.manager.browser.post(url, {}, withVersion(alert.version));
    expect(missing.statusCode).toBe(400);
    expect(fieldsOf(missing)).toEqual(['plan']);
    expect(
      (await world.manager.browser.post(url, { plan: 'Coaching' }, withVersion(alert.version + 1))).statusCode,
    ).toBe(412);
    expect((await world.otherCoach.browser.post(url, { plan: 'x' }, withVersion(alert.version))).statusCode).toBe(404);

    const done = await world.coach.browser.post(
      url,
      { plan: 'Coaching vor dem nächsten Kurs' },
      withVersion(alert.version),
    );
    expect(done.statusCode).toBe(200);
    expect(etagOf(done)).toBe(`"${alert.version + 1}"`);
    expect(done.json()).toMatchObject({
      status: 'acknowledged',
      plan: 'Coaching vor dem nächsten Kurs',
      handledBy: { id: world.coach.user.id },
    });
    const audit = await adminRows<{ action: string; changed_fields: string[] }>(
      world,
      `select action, changed_fields from audit_log where resource_type = 'alert' and resource_id = $1 and outcome = 'success'`,
      [alert.id],
    );
    expect(audit).toEqual([{ action: 'update', changed_fields: ['alert.status', 'alert.plan'] }]);
  });

  it('dismisses with a reason; a dismissed alert stays dismissed', async () => {
    const alert = await firstAlert('no_progress');
    const url = `/api/v1/alerts/${alert.id}/dismiss`;
    const blank = await world.manager.browser.post(url, { reason: '' }, withVersion(alert.version));
    expect(fieldsOf(blank)).toEqual(['reason']);
    const done = await world.manager.browser.post(url, { reason: 'Krank, mit Attest' }, withVersion(alert.version));
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({ status: 'dismissed', dismissalReason: 'Krank, mit Attest' });
    const again = await world.manager.browser.post(url, { reason: 'nochmal' }, withVersion(alert.version + 1));
    expect(again.statusCode).toBe(409);
    await runFullDetection(world.db, { today: TODAY, municipalityId: world.municipality });
    expect((await firstAlert(alert.rule)).status).toBe('dismissed');
  });
});

describe('caseload and counts', () => {
  it("lists the open alerts of my team's cases and counts them on the caseload", async () => {
    const other = await storeHistory(world.db, world.municipality, provider, dropouts(), {
      case: { team_id: world.otherTeam },
    });
    await runFullDetection(world.db, { today: TODAY, municipalityId: world.municipality });
    const mine = (await world.manager.browser.get('/api/v1/alerts')).json() as CaseloadAlertPage;
    expect(mine.items.every((item) => item.participant.id === person.participantId)).toBe(true);
    const theirs = (
      await world.otherManager.browser.get('/api/v1/alerts?rule=repeated_dropouts')
    ).json() as CaseloadAlertPage;
    expect(theirs.items.map((item) => item.participant.id)).toEqual([other.participantId]);
    expect(theirs.items[0]).toMatchObject({ rule: 'repeated_dropouts', status: 'open', enrolmentCount: 2 });

    const caseload = (await world.otherManager.browser.get('/api/v1/caseload?scope=team')).json() as {
      items: { caseId: string; openAlerts: number }[];
    };
    const open = (
      await world.otherManager.browser.get(`/api/v1/participants/${other.participantId}/alerts?status=open`)
    ).json() as AlertList;
    expect(caseload.items.find((item) => item.caseId === other.caseId)?.openAlerts).toBe(open.items.length);
    expect(open.items.length).toBeGreaterThanOrEqual(1);
  });

  it('counts alerts by rule, provider and offer type for the managing office, without personal data', async () => {
    const response = await office.browser.get('/api/v1/alerts/summary');
    expect(response.statusCode).toBe(200);
    const summary = response.json() as AlertSummary;
    expect(summary.total).toBeGreaterThanOrEqual(2);
    expect(summary.byRule.find((row) => row.key === 'repeated_dropouts')?.alerts).toBe(2);
    expect(summary.byProvider).toEqual([
      expect.objectContaining({ providerId: provider, providerName: 'Bildungswerk Kalk' }),
    ]);
    expect(summary.byOfferType.map((row) => row.key)).toContain('other');
    expect(JSON.stringify(summary)).not.toContain(person.participantId);
    expect((await world.coach.browser.get('/api/v1/alerts/summary')).statusCode).toBe(403);
  });
});

describe('settings', () => {
  it('are read by participation managers and changed by the municipal administrator with If-Match', async () => {
    const read = await world.manager.browser.get('/api/v1/municipality-policy/careers');
    expect(read.statusCode).toBe(200);
    expect(etagOf(read)).toBe('"1"');
    const state = read.json() as CareerSettingsState;
    expect(state.settings.no_progress).toEqual({ enabled: true, minMeasures: 3, withinMonths: 24 });
    expect(state.version).toBe(1);

    const url = '/api/v1/municipality-policy/careers';
    const off = { repeated_dropouts: { enabled: false } };
    expect((await world.manager.browser.put(url, off, withVersion(1))).statusCode).toBe(403);
    expect((await admin.browser.put(url, off)).statusCode).toBe(428);
    const bad = await admin.browser.put(url, { no_progress: { minMeasures: 1 } }, withVersion(1));
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['no_progress.minMeasures']);
    expect((await admin.browser.put(url, off, withVersion(2))).statusCode).toBe(412);
  });

  it('re-runs the detector after a change: alerts of a rule switched off are resolved', async () => {
    const url = '/api/v1/municipality-policy/careers';
    const before = (
      await world.otherManager.browser.get('/api/v1/alerts?rule=repeated_dropouts')
    ).json() as CaseloadAlertPage;
    expect(before.items).toHaveLength(1);
    const saved = await admin.browser.put(url, { repeated_dropouts: { enabled: false } }, withVersion(1));
    expect(saved.statusCode).toBe(200);
    expect(etagOf(saved)).toBe('"2"');
    const state = saved.json() as CareerSettingsState;
    expect(state.settings.repeated_dropouts.enabled).toBe(false);
    expect(state.detection?.resolved).toBeGreaterThanOrEqual(1);
    const after = (
      await world.otherManager.browser.get('/api/v1/alerts?rule=repeated_dropouts')
    ).json() as CaseloadAlertPage;
    expect(after.items).toEqual([]);
    // The acknowledged alert of the first person keeps its state.
    expect((await firstAlert('repeated_dropouts')).status).toBe('acknowledged');
    const back = await admin.browser.put(url, {}, withVersion(2));
    expect(back.statusCode).toBe(200);
  });
});

describe('the detector on enrolment changes', () => {
  it('raises the alert inside the enrolment update that records the second drop-out', async () => {
    const stored = await storeHistory(
      world.db,
      world.municipality,
      provider,
      history({
        enrolments: [
          enrolment({ startsOn: '2026-01-05', endsOn: '2026-03-01', status: 'dropped_out', dropoutReason: 'family' }),
          enrolment({ startsOn: '2026-06-01', endsOn: null, status: 'active' }),
        ],
      }),
      { case: { team_id: world.team } },
    );
    const running = stored.history.enrolments[1]?.id as string;
    const before = (await alertsOf(world.manager, stored.participantId)).json() as AlertList;
    expect(before.items).toEqual([]);
    const current = await world.manager.browser.get(`/api/v1/enrolments/${running}`);
    expect(current.statusCode).toBe(200);
    const changed = await world.manager.browser.request(
      'PATCH',
      `/api/v1/enrolments/${running}`,
      { status: 'dropped_out', dropoutReason: 'motivation' },
      { 'if-match': etagOf(current) },
    );
    expect(changed.statusCode).toBe(200);
    const after = (await alertsOf(world.manager, stored.participantId)).json() as AlertList;
    expect(after.items.map((item) => item.rule)).toContain('repeated_dropouts');
    expect(after.items.find((item) => item.rule === 'repeated_dropouts')?.enrolments.map((e) => e.id)).toEqual(
      stored.history.enrolments.map((e) => e.id),
    );
  });
});
