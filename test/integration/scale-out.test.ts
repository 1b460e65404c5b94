// Scale-out: two app processes on different ports against one PostgreSQL, as behind a load balancer without
// sticky sessions. Whatever one instance does, the other sees: sessions, edits with their versions, idempotency
// keys, uploaded documents (stored in the database, not on an instance's disk); scheduled jobs run once per
// slot across both, and both try every slot.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt } from '../../src/accounts/totp.ts';
import { withTenant } from '../../src/platform/db/rls.ts';
import { createOrganisation, createUser, PLAIN_COOKIE, TEST_SECRET_KEY, type TestUser } from '../helpers/accounts.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { newDataDir } from '../helpers/data-dir.ts';
import { freePort, spawnServer, stopServer, waitUntilReady, type ServerProcess } from '../helpers/server-process.ts';

const PURGE_EVERY_SECONDS = 2;

let database: TestDatabase;
let user: TestUser;
/** A second account, for the session test: a TOTP code is accepted only once per account. */
let otherUser: TestUser;
let teamId: string;
const instances: { server: ServerProcess; dataDir: string }[] = [];
let a: ServerProcess;
let b: ServerProcess;
/** When both instances were ready (job slots from then on must have been tried by both). */
let bothReadyAt: Date;

async function adminRows<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: database.adminUrl });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

interface Answer {
  status: number;
  headers: Headers;
  body: Buffer;
  json<T = Record<string, unknown>>(): T;
}

/** One browser talking to whichever instance the balancer picks: the session cookie travels with it. */
class Browser {
  token: string | undefined;

  async send(
    server: ServerProcess,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    const isBuffer = Buffer.isBuffer(body);
    const response = await fetch(`${server.baseUrl}${path}`, {
      method,
      headers: {
        'sec-fetch-site': 'same-origin',
        ...(body !== undefined && !isBuffer ? { 'content-type': 'application/json' } : {}),
        ...(this.token ? { cookie: `${PLAIN_COOKIE}=${this.token}` } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { body: isBuffer ? new Uint8Array(body) : JSON.stringify(body) }),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = (pair ?? '').split('=');
      if (name === PLAIN_COOKIE) this.token = value ? value : undefined;
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      headers: response.headers,
      body: bytes,
      json: <T>() => JSON.parse(bytes.toString('utf8')) as T,
    };
  }
}

function multipart(fields: Record<string, string>, file: { name: string; type: string; content: Buffer }) {
  const boundary = `----durchstarten${randomUUID().replaceAll('-', '')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  chunks.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        `Content-Type: ${file.type}\r\n\r\n`,
    ),
    file.content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function filesUnder(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => !entry.isDirectory()).map((entry) => join(entry.parentPath, entry.name));
}

function isoDay(offsetDays: number): string {
  return new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

async function signIn(browser: Browser, server: ServerProcess, account: TestUser = user): Promise<void> {
  const first = await browser.send(server, 'POST', '/api/v1/auth/login', {
    email: account.email,
    password: account.password,
  });
  expect(first.status, first.body.toString()).toBe(200);
  expect(first.json()).toMatchObject({ stage: 'second_factor' });
  const second = await browser.send(server, 'POST', '/api/v1/auth/login/second-factor', {
    code: totpCodeAt(account.totpSecret as string, new Date()),
  });
  expect(second.status, second.body.toString()).toBe(200);
  expect(second.json()).toMatchObject({ stage: 'active' });
}

async function startInstance(): Promise<ServerProcess> {
  const dataDir = await newDataDir('scale-out');
  const server = spawnServer({
    command: 'serve',
    dataDir,
    port: await freePort(),
    env: {
      DATABASE_URL: database.adminUrl,
      DURCHSTARTEN_SECRET_KEY: TEST_SECRET_KEY.toString('base64'),
      DURCHSTARTEN_JOBS: 'on',
      DURCHSTARTEN_JOB_SCHEDULES: `purge=*/${PURGE_EVERY_SECONDS} * * * * *`,
      // Debug: the scheduler logs the slots it found claimed by the other instance.
      LOG_LEVEL: 'debug',
    },
  });
  instances.push({ server, dataDir });
  await waitUntilReady(server, 90_000);
  return server;
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database.handle;
  const municipality = await createOrganisation(db, 'municipality', `Stadt ${randomUUID().slice(0, 6)}`);
  user = await createUser(db, { organisationId: municipality, roles: ['participation_manager'], totp: true });
  otherUser = await createUser(db, { organisationId: municipality, roles: ['participation_manager'], totp: true });
  teamId = await withTenant(db, { municipalityId: municipality, userId: null }, async (trx) => {
    const team = await trx
      .insertInto('team')
      .values({ municipality_id: municipality, name: 'Team Scale-out' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('team_member')
      .values({ municipality_id: municipality, team_id: team.id, user_id: user.id })
      .execute();
    return team.id;
  });
  [a, b] = await Promise.all([startInstance(), startInstance()]);
  bothReadyAt = new Date();
}, 180_000);

afterAll(async () => {
  for (const { server, dataDir } of instances) {
    if (server.child.exitCode === null) await stopServer(server, 30_000).catch(() => server.child.kill('SIGKILL'));
    await rm(dataDir, { recursive: true, force: true });
  }
  await database?.close();
}, 60_000);

describe('two instances on one database', () => {
  const browser = new Browser();
  let participantId: string;

  it('accepts a session signed in on A at B, and a sign-out at B ends it at A', async () => {
    const other = new Browser();
    await signIn(other, a, otherUser);
    const atB = await other.send(b, 'GET', '/api/v1/auth/session');
    expect(atB.json()).toMatchObject({ stage: 'active', user: { id: otherUser.id } });
    expect((await other.send(b, 'GET', '/api/v1/participants')).status).toBe(200);

    const token = other.token;
    expect((await other.send(b, 'POST', '/api/v1/auth/logout')).status).toBe(204);
    // The same cookie, presented again at A: the session ended in the shared database.
    other.token = token;
    expect((await other.send(a, 'GET', '/api/v1/participants')).status).toBe(401);
    expect((await other.send(a, 'GET', '/api/v1/auth/session')).json()).toMatchObject({ stage: null });
    await signIn(browser, a);
  });

  it('replays an idempotent creation from A at B: one participant, the same answer', async () => {
    const key = `scale-out-${randomUUID()}`;
    const familyName = `Rahimi-${randomUUID().slice(0, 8)}`;
    const payload = {
      familyName,
      givenNames: 'Sahar',
      birthDate: '2004-03-12',
      birthDatePrecision: 'day',
      accommodation: 'private',
      workPermission: 'permitted',
      residenceStatuses: [{ status: 'toleration_60a', validFrom: '2024-06-01' }],
    };
    const created = await browser.send(a, 'POST', '/api/v1/participants', payload, { 'idempotency-key': key });
    expect(created.status, created.body.toString()).toBe(201);
    const replayed = await browser.send(b, 'POST', '/api/v1/participants', payload, { 'idempotency-key': key });
    expect(replayed.status).toBe(201);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    expect(replayed.json<{ id: string }>().id).toBe(created.json<{ id: string }>().id);
    expect(replayed.headers.get('etag')).toBe(created.headers.get('etag'));
    const rows = await adminRows<{ n: number }>('select count(*)::int as n from participant where family_name = $1', [
      familyName,
    ]);
    expect(rows[0]?.n).toBe(1);
    // The same key with another payload is refused at B as well.
    const other = await browser.send(
      b,
      'POST',
      '/api/v1/participants',
      { ...payload, givenNames: 'Sara' },
      {
        'idempotency-key': key,
      },
    );
    expect(other.status).toBe(422);
    participantId = created.json<{ id: string }>().id;
  });

  it("shows an edit made on A at B, takes A's version at B, and refuses a stale one with 412", async () => {
    const edited = await browser.send(
      a,
      'PATCH',
      `/api/v1/participants/${participantId}`,
      { city: 'Köln' },
      {
        'if-match': '"1"',
      },
    );
    expect(edited.status, edited.body.toString()).toBe(200);
    expect(edited.headers.get('etag')).toBe('"2"');

    const readAtB = await browser.send(b, 'GET', `/api/v1/participants/${participantId}`);
    expect(readAtB.json()).toMatchObject({ city: 'Köln', version: 2 });
    expect(readAtB.headers.get('etag')).toBe('"2"');

    const atB = await browser.send(
      b,
      'PATCH',
      `/api/v1/participants/${participantId}`,
      { city: 'Bonn' },
      {
        'if-match': edited.headers.get('etag') as string,
      },
    );
    expect(atB.status, atB.body.toString()).toBe(200);
    expect(atB.headers.get('etag')).toBe('"3"');

    const stale = await browser.send(
      a,
      'PATCH',
      `/api/v1/participants/${participantId}`,
      { city: 'Essen' },
      {
        'if-match': '"2"',
      },
    );
    expect(stale.status).toBe(412);
    expect((await browser.send(a, 'GET', `/api/v1/participants/${participantId}`)).json()).toMatchObject({
      city: 'Bonn',
      version: 3,
    });
  });

  it('serves a document uploaded on A byte for byte from B, with no file on either disk', async () => {
    const opened = await browser.send(a, 'POST', `/api/v1/participants/${participantId}/cases`, {
      teamId,
      openedOn: isoDay(-1),
      intakeOn: isoDay(-2),
      strands: ['FB1'],
    });
    expect(opened.status, opened.body.toString()).toBe(201);
    const caseId = opened.json<{ id: string }>().id;

    // A PDF with random content, so that a byte-identical download cannot come from anywhere else.
    const content = Buffer.concat([
      Buffer.from('%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ', 'latin1'),
      randomBytes(256 * 1024),
      Buffer.from('\ntrailer\n%%EOF\n', 'latin1'),
    ]);
    const form = multipart(
      { title: 'Zeugnis', kind: 'certificate' },
      {
        name: 'zeugnis.pdf',
        type: 'application/pdf',
        content,
      },
    );
    const uploaded = await browser.send(a, 'POST', `/api/v1/cases/${caseId}/documents`, form.payload, {
      'content-type': form.contentType,
    });
    expect(uploaded.status, uploaded.body.toString()).toBe(201);
    const document = uploaded.json<{ id: string; sha256: string }>();
    expect(document.sha256).toBe(createHash('sha256').update(content).digest('hex'));

    const downloaded = await browser.send(b, 'GET', `/api/v1/cases/${caseId}/documents/${document.id}/content`);
    expect(downloaded.status).toBe(200);
    expect(downloaded.body.equals(content)).toBe(true);

    // External database: neither instance keeps anything in its data directory, the document least of all.
    for (const { dataDir } of instances) expect(await filesUnder(dataDir)).toEqual([]);
  });

  it('runs each scheduled slot exactly once across both instances, and both try every slot', async () => {
    // Let a few slots pass with both instances running.
    await sleep(5 * PURGE_EVERY_SECONDS * 1000);
    const stopAt = new Date();
    const runs = await adminRows<{ slot: Date; instance: string; status: string }>(
      `select slot, instance, status from job_run where job = 'purge' and slot > $1 and slot < $2 order by slot`,
      [bothReadyAt, stopAt],
    );
    expect(runs.length).toBeGreaterThanOrEqual(3);
    expect(runs.every((run) => run.status === 'succeeded')).toBe(true);
    // No slot missing in the window: one run per 2-second step.
    const slots = runs.map((run) => run.slot.getTime());
    for (let i = 1; i < slots.length; i += 1) expect(slots[i]! - slots[i - 1]!).toBe(PURGE_EVERY_SECONDS * 1000);
    // Instance names are host:pid:random; the pid says which process ran the slot.
    const pidOf = (instance: string) => Number(instance.split(':')[1]);
    expect(runs.every((run) => [a.child.pid, b.child.pid].includes(pidOf(run.instance)))).toBe(true);

    // The logs agree: for every slot one instance started the job and the other found the slot taken.
    const logOf = (server: ServerProcess) =>
      server
        .output()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg?: string; job?: string; slot?: string });
    const started = (server: ServerProcess) =>
      new Set(
        logOf(server)
          .filter((l) => l.msg === 'job started' && l.job === 'purge')
          .map((l) => l.slot),
      );
    const claimedElsewhere = (server: ServerProcess) =>
      new Set(
        logOf(server)
          .filter((l) => l.msg === 'slot claimed by another instance' && l.job === 'purge')
          .map((l) => l.slot),
      );
    for (const run of runs) {
      const slot = run.slot.toISOString();
      const [winner, loser] = pidOf(run.instance) === a.child.pid ? [a, b] : [b, a];
      expect(started(winner).has(slot), `winner started ${slot}`).toBe(true);
      expect(started(loser).has(slot), `loser did not start ${slot}`).toBe(false);
      if (!claimedElsewhere(loser).has(slot)) {
        console.log(
          loser
            .output()
            .split('\n')
            .filter((l) => l.includes('purge') || l.includes('jobs'))
            .join('\n'),
        );
      }
      expect(claimedElsewhere(loser).has(slot), `loser tried ${slot}`).toBe(true);
    }
    const share = { a: runs.filter((run) => pidOf(run.instance) === a.child.pid).length, b: 0 };
    share.b = runs.length - share.a;
    console.info(`purge slots in the window: ${runs.length}, run by A: ${share.a}, by B: ${share.b}`);
  }, 60_000);
});
