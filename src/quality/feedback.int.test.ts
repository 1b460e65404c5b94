// Participant feedback through the API: one-time links (created by staff with 'update' on the enrolment) that
// work once and without an account, expired/used/unknown links, the survey filled in with staff, anonymity
// (nothing links a response to a person or an enrolment; providers see aggregates above the threshold only),
// tenants, bad input and the public routes' rate limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../../test/helpers/accounts.ts';
import { createWindowLimiter } from './feedback-throttle.ts';
import { createFeedbackService, MAX_INVITATIONS_PER_ENROLMENT } from './feedback.service.ts';
import type { InvitationCreated, Survey } from './feedback.schema.ts';
import type { ProviderIndicators } from './indicator.schema.ts';
import {
  addEnrolment,
  addOffer,
  adminCount,
  adminRows,
  fieldsOf,
  personWithCase,
  problem,
  setUpQualityWorld,
  type QualityWorld,
  type Staff,
} from './quality-test-setup.ts';

let world: QualityWorld;
let offer: string;
let enrolment: string;
let participant: string;
/** Somebody without an account, from another address. */
let anonymous: Browser;

const answers = { helped: 5, understood: 4, time_place: 3, respected: 5, learned: 4, recommend: 'yes' };

async function invite(staff: Staff, enrolmentId: string, body: Record<string, unknown> = { language: 'de' }) {
  return staff.browser.post(`/api/v1/enrolments/${enrolmentId}/feedback-invitations`, body);
}

async function newLink(enrolmentId = enrolment, language = 'de'): Promise<InvitationCreated> {
  const response = await invite(world.manager, enrolmentId, { language });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as InvitationCreated;
}

function responses(offerId = offer) {
  return adminCount(world, 'select count(*) as n from feedback_response where offer_id = $1', [offerId]);
}

async function freshEnrolment(status: 'active' | 'completed' | 'waiting' = 'completed') {
  const person = await personWithCase(world, world.municipality);
  return addEnrolment(world, world.municipality, person.participantId, offer, {
    status,
    starts_on: status === 'waiting' ? null : '2026-01-05',
    ends_on: status === 'completed' ? '2026-06-30' : null,
  });
}

beforeAll(async () => {
  world = await setUpQualityWorld();
  offer = await addOffer(world, world.municipality, world.provider, { title: 'Deutsch B1 am Abend', capacity: 30 });
  const person = await personWithCase(world, world.municipality);
  participant = person.participantId;
  enrolment = await addEnrolment(world, world.municipality, participant, offer, {
    status: 'completed',
    ends_on: '2026-06-30',
  });
  anonymous = new Browser(world.app, '198.51.100.7');
});

afterAll(async () => {
  await world.close();
});

describe('a one-time feedback link', () => {
  it('is created with a QR code and stored only as a hash', async () => {
    const link = await newLink(enrolment, 'ar');
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(link.link).toBe(`http://localhost:80/feedback#${link.token}`);
    expect(link.qrCodeSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(new Date(link.expiresAt).getTime() - new Date(link.createdAt).getTime()).toBe(30 * 24 * 3600_000);
    const stored = await adminRows<{ token_hash: Buffer; language: string }>(
      world,
      'select token_hash, language from feedback_invitation where id = $1',
      [link.id],
    );
    expect(stored[0]?.language).toBe('ar');
    expect(stored[0]?.token_hash.length).toBe(32);
    expect(stored[0]?.token_hash.toString('base64url')).not.toBe(link.token);
  });

  it('opens without an account in its language, switches language, and takes the answers once', async () => {
    const link = await newLink(enrolment, 'ar');
    const opened = await anonymous.post('/api/v1/feedback/survey', { token: link.token });
    expect(opened.statusCode, opened.body).toBe(200);
    const survey = opened.json() as Survey;
    expect([survey.state, survey.language, survey.direction, survey.offerTitle]).toEqual([
      'open',
      'ar',
      'rtl',
      'Deutsch B1 am Abend',
    ]);
    expect(survey.texts['question.helped']).toBe('ساعدتني الدورة.');
    expect(survey.texts.offer).toBe('الدورة: Deutsch B1 am Abend');
    expect(survey.languages.map((l) => l.code)).toEqual(['de', 'en', 'ar', 'fa', 'ti', 'fr', 'tr']);
    const german = (
      await anonymous.post('/api/v1/feedback/survey', { token: link.token, language: 'de' })
    ).json() as Survey;
    expect([german.language, german.direction, german.texts.title]).toEqual(['de', 'ltr', 'Wie war das Angebot?']);

    const before = await responses();
    const sent = await anonymous.post('/api/v1/feedback/responses', { token: link.token, language: 'de', answers });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toEqual({ received: true });
    expect(await responses()).toBe(before + 1);

    const again = await anonymous.post('/api/v1/feedback/responses', { token: link.token, language: 'de', answers });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(await responses()).toBe(before + 1);
    const reopened = (await anonymous.post('/api/v1/feedback/survey', { token: link.token })).json() as Survey;
    expect([reopened.state, reopened.offerTitle]).toEqual(['used', null]);
  });

  it('stores one response when the same link is sent twice at once', async () => {
    const link = await newLink(await freshEnrolment());
    const before = await responses();
    const [a, b] = await Promise.all([
      anonymous.post('/api/v1/feedback/responses', { token: link.token, language: 'de', answers }),
      new Browser(world.app, '198.51.100.8').post('/api/v1/feedback/responses', {
        token: link.token,
        language: 'de',
        answers,
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
    expect(await responses()).toBe(before + 1);
  });

  it('answers 410 when expired and 404 when unknown, and a new link replaces the unused one', async () => {
    const target = await freshEnrolment();
    const first = await newLink(target);
    const second = await newLink(target);
    const replaced = await anonymous.post('/api/v1/feedback/responses', {
      token: first.token,
      language: 'de',
      answers,
    });
    expect(replaced.statusCode).toBe(410);
    expect(((await anonymous.post('/api/v1/feedback/survey', { token: first.token })).json() as Survey).state).toBe(
      'expired',
    );
    world.clock.advance(31 * 24 * 3600_000);
    try {
      const expired = await anonymous.post('/api/v1/feedback/responses', {
        token: second.token,
        language: 'de',
        answers,
      });
      expect(expired.statusCode).toBe(410);
      expect(problem(expired).code).toBe('gone');
    } finally {
      world.clock.advance(-31 * 24 * 3600_000);
    }
    const unknown = 'A'.repeat(43);
    expect((await anonymous.post('/api/v1/feedback/survey', { token: unknown })).statusCode).toBe(404);
    expect(
      (await anonymous.post('/api/v1/feedback/responses', { token: unknown, language: 'de', answers })).statusCode,
    ).toBe(404);
  });

  it('refuses bad answers with field errors and stores nothing', async () => {
    const link = await newLink(await freshEnrolment());
    const before = await responses();
    const bad: [Record<string, unknown>, string[]][] = [
      [{ helped: 6 }, ['answers.helped']],
      [{ recommend: 'maybe' }, ['answers.recommend']],
      [{ improvement: 'x'.repeat(1001) }, ['answers.improvement']],
      [{ helped: null, improvement: '' }, ['answers']],
      [{ ...answers, participantId: 'x' }, ['answers']],
    ];
    for (const [body, fields] of bad) {
      const response = await anonymous.post('/api/v1/feedback/responses', {
        token: link.token,
        language: 'de',
        answers: body,
      });
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(fieldsOf(response), JSON.stringify(body)).toEqual(fields);
    }
    const badToken = await anonymous.post('/api/v1/feedback/responses', { token: 'short', language: 'de', answers });
    expect(fieldsOf(badToken)).toEqual(['token']);
    const badLanguage = await anonymous.post('/api/v1/feedback/survey', { token: link.token, language: 'xx' });
    expect(fieldsOf(badLanguage)).toEqual(['language']);
    expect(await responses()).toBe(before);
    // The link still works afterwards.
    const sent = await anonymous.post('/api/v1/feedback/responses', {
      token: link.token,
      language: 'tr',
      answers: { helped: 2 },
    });
    expect(sent.statusCode).toBe(201);
  });

  it('limits the public routes per client address', async () => {
    const service = createFeedbackService({
      db: world.db,
      limiter: createWindowLimiter({ windowMs: 60_000, perKey: 2, total: 100, maxKeys: 10, now: () => new Date() }),
    });
    const token = 'B'.repeat(43);
    for (let i = 0; i < 2; i += 1) {
      await expect(service.publicSurvey({ token }, '192.0.2.1')).rejects.toMatchObject({ code: 'not_found' });
    }
    await expect(service.publicSurvey({ token }, '192.0.2.1')).rejects.toMatchObject({ code: 'too_many_requests' });
    await expect(service.publicSurvey({ token }, '192.0.2.2')).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('who may ask for feedback', () => {
  it("lets the provider's staff invite for their own offer's enrolments, not for another provider's", async () => {
    expect((await invite(world.providerStaff, await freshEnrolment())).statusCode).toBe(201);
    expect((await invite(world.otherProviderStaff, await freshEnrolment())).statusCode).toBe(404);
  });

  it('hides enrolments of people a coach is not assigned to, and of other municipalities', async () => {
    const target = await freshEnrolment();
    expect((await invite(world.coach, target)).statusCode).toBe(404);
    expect((await invite(world.foreignManager, target)).statusCode).toBe(404);
    // Roles without enrolment update are refused at the door.
    expect((await invite(world.office, target)).statusCode).toBe(403);
    expect(
      await adminCount(world, 'select count(*) as n from feedback_invitation where enrolment_id = $1', [target]),
    ).toBe(0);
    const denied = await adminRows<{ outcome: string }>(
      world,
      `select outcome from audit_log where resource_type = 'feedback_invitation' and actor_user_id = $1`,
      [world.coach.user.id],
    );
    expect(denied.map((d) => d.outcome)).toEqual(['denied']);
  });

  it('refuses enrolments that did not take place, more than the maximum of links, and bad input', async () => {
    expect((await invite(world.manager, await freshEnrolment('waiting'))).statusCode).toBe(409);
    const target = await freshEnrolment();
    for (let i = 0; i < MAX_INVITATIONS_PER_ENROLMENT; i += 1)
      expect((await invite(world.manager, target)).statusCode).toBe(201);
    expect((await invite(world.manager, target)).statusCode).toBe(409);
    const bad = await invite(world.manager, await freshEnrolment(), { language: 'xx', validDays: 365 });
    expect(bad.statusCode).toBe(400);
    expect(fieldsOf(bad)).toEqual(['language', 'validDays']);
  });

  it('keeps a link of one municipality its own: the response lands there, never in another', async () => {
    const foreignOffer = await addOffer(world, world.otherMunicipality, world.provider, { capacity: 5 });
    const person = await personWithCase(world, world.otherMunicipality);
    const foreignEnrolment = await addEnrolment(world, world.otherMunicipality, person.participantId, foreignOffer, {
      status: 'completed',
      ends_on: '2026-06-30',
    });
    // Staff of this municipality cannot reach the other's enrolment…
    expect((await invite(world.manager, foreignEnrolment)).statusCode).toBe(404);
    const created = await world.foreignManager.browser.post(
      `/api/v1/enrolments/${foreignEnrolment}/feedback-invitations`,
      {
        language: 'fr',
      },
    );
    expect(created.statusCode).toBe(201);
    const token = (created.json() as InvitationCreated).token;
    expect((await anonymous.post('/api/v1/feedback/responses', { token, language: 'fr', answers })).statusCode).toBe(
      201,
    );
    const stored = await adminRows<{ municipality_id: string }>(
      world,
      'select municipality_id from feedback_response where offer_id = $1',
      [foreignOffer],
    );
    expect(stored.map((s) => s.municipality_id)).toEqual([world.otherMunicipality]);
  });
});

describe('the survey filled in with staff', () => {
  it('gives the questions and stores the answers anonymously, counting as a used link', async () => {
    const target = await freshEnrolment();
    const survey = await world.manager.browser.get(`/api/v1/enrolments/${target}/feedback-survey?language=fa`);
    expect(survey.statusCode).toBe(200);
    expect((survey.json() as Survey).direction).toBe('rtl');
    const before = await responses();
    const sent = await world.manager.browser.post(
      `/api/v1/enrolments/${target}/feedback`,
      { language: 'fa', answers: { ...answers, improvement: '  Mehr Übungen  ' } },
      { 'idempotency-key': `staff-${target}` },
    );
    expect(sent.statusCode, sent.body).toBe(201);
    // A retry with the same key replays the answer and stores nothing twice.
    const replay = await world.manager.browser.post(
      `/api/v1/enrolments/${target}/feedback`,
      { language: 'fa', answers: { ...answers, improvement: '  Mehr Übungen  ' } },
      { 'idempotency-key': `staff-${target}` },
    );
    expect(replay.statusCode).toBe(201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(await responses()).toBe(before + 1);
    const stored = await adminRows<{ answers: Record<string, unknown>; given_in: string }>(
      world,
      `select answers, to_char(given_in, 'YYYY-MM-DD') as given_in from feedback_response
        where offer_id = $1 and language = 'fa'`,
      [offer],
    );
    expect(stored[0]?.answers).toEqual({ ...answers, improvement: 'Mehr Übungen' });
    expect(stored[0]?.given_in).toBe('2026-11-01');
    const invitations = await adminRows<{ used: boolean }>(
      world,
      'select used_at is not null as used from feedback_invitation where enrolment_id = $1',
      [target],
    );
    expect(invitations).toEqual([{ used: true }]);
  });
});

describe('anonymity towards the provider', () => {
  it('keeps no link from a response to a person, an enrolment, an invitation or a day', async () => {
    const columns = await adminRows<{ column_name: string }>(
      world,
      `select column_name from information_schema.columns where table_name = 'feedback_response' order by 1`,
    );
    expect(columns.map((c) => c.column_name)).toEqual([
      'answers',
      'given_in',
      'id',
      'language',
      'municipality_id',
      'offer_id',
      'survey_version',
    ]);
  });

  it('shows the provider only the number of responses below the threshold, and never free text', async () => {
    const lone = await addOffer(world, world.municipality, world.provider, { title: 'Kleiner Kurs', capacity: 8 });
    const people = await Promise.all([0, 1, 2].map(() => personWithCase(world, world.municipality)));
    const enrolments = await Promise.all(
      people.map((p) =>
        addEnrolment(world, world.municipality, p.participantId, lone, { status: 'completed', ends_on: '2026-06-30' }),
      ),
    );
    const offerOf = async (staff: Staff) => {
      const response = await staff.browser.get(`/api/v1/quality/providers/${world.provider}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json() as ProviderIndicators;
      return { body, text: response.body, lone: body.offers.find((o) => o.offer.id === lone) };
    };
    for (const [index, id] of enrolments.slice(0, 2).entries()) {
      const link = await newLink(id);
      const sent = await anonymous.post('/api/v1/feedback/responses', {
        token: link.token,
        language: 'de',
        answers: { helped: index + 1, improvement: `Hinweis ${index}` },
      });
      expect(sent.statusCode).toBe(201);
    }
    let seen = await offerOf(world.providerStaff);
    expect(seen.lone?.indicators.feedback).toMatchObject({
      responses: 2,
      shown: false,
      recommend: null,
      comments: null,
    });
    expect(seen.lone?.indicators.feedback.questions.every((q) => q.mean === null)).toBe(true);
    const third = await newLink(enrolments[2] ?? '');
    await anonymous.post('/api/v1/feedback/responses', {
      token: third.token,
      language: 'de',
      answers: { helped: 3, improvement: 'Hinweis 2' },
    });
    seen = await offerOf(world.providerStaff);
    const helped = seen.lone?.indicators.feedback.questions.find((q) => q.question === 'helped');
    expect(helped).toEqual({ question: 'helped', answered: 3, mean: 2, agreeShare: 0 });
    expect(seen.lone?.indicators.feedback.comments).toBeNull();
    // Nothing in the provider's view names an enrolment or a person.
    for (const id of [...enrolments, ...people.map((p) => p.participantId)]) expect(seen.text).not.toContain(id);
    // The managing office reads the free text, in alphabetical order.
    const office = await offerOf(world.office);
    expect(office.lone?.indicators.feedback.comments).toEqual(['Hinweis 0', 'Hinweis 1', 'Hinweis 2']);
  });
});
