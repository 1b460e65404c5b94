import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives working defaults for a fresh machine: embedded database in ./data, port 3000', () => {
    const config = loadConfig({}, '/srv/durchstarten');
    expect(config).toMatchObject({
      env: 'production',
      host: 'localhost',
      port: 3000,
      dataDir: '/srv/durchstarten/data',
      database: { url: undefined, appUrl: undefined, embeddedPort: 0, poolMax: 10 },
      trustProxy: 0,
    });
  });

  it('lists every problem at once', () => {
    const attempt = () =>
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', TRUST_PROXY: 'maybe' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'TRUST_PROXY']);
    }
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' }).port).toBe(3000);
  });

  it('accepts an external PostgreSQL and flags', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://owner:pw@db.example:5432/durchstarten',
      DATABASE_APP_URL: 'postgresql://durchstarten_app:pw@db.example/durchstarten',
      TRUST_PROXY: 'true',
      PORT: '8080',
    });
    expect(config.database.url).toBe('postgres://owner:pw@db.example:5432/durchstarten');
    expect(config.trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(0);
    expect(config.port).toBe(8080);
  });

  it('refuses an application URL without the admin URL', () => {
    expect(() => loadConfig({ DATABASE_APP_URL: 'postgres://a@b/c' })).toThrow(/DATABASE_APP_URL/);
  });

  it('rejects ports out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });
});

describe('limits and job schedules', () => {
  it('has defaults for every limit that keep the connection timeout above the database limits', () => {
    const config = loadConfig({});
    expect(config.database).toMatchObject({
      statementTimeoutMs: 15_000,
      lockTimeoutMs: 10_000,
      idleInTransactionTimeoutMs: 60_000,
      poolAcquireTimeoutMs: 5_000,
    });
    expect(config.http).toEqual({ requestTimeoutMs: 30_000, connectionTimeoutMs: 60_000, keepAliveTimeoutMs: 72_000 });
    expect(config.overload).toEqual({
      maxPoolWaiting: 100,
      maxEventLoopDelayMs: 500,
      maxEventLoopUtilization: 0,
      retryAfterSeconds: 5,
    });
    expect(config.jobSchedules).toEqual({});
  });

  it('refuses a connection timeout that would cut off a request before the database gives up', () => {
    expect(() =>
      loadConfig({
        HTTP_CONNECTION_TIMEOUT_MS: '20000',
        DATABASE_STATEMENT_TIMEOUT_MS: '15000',
        DATABASE_POOL_ACQUIRE_TIMEOUT_MS: '5000',
      }),
    ).toThrow(/HTTP_CONNECTION_TIMEOUT_MS/);
    expect(() => loadConfig({ OVERLOAD_MAX_EVENT_LOOP_UTILIZATION: '1.5' })).toThrow(
      /OVERLOAD_MAX_EVENT_LOOP_UTILIZATION/,
    );
  });

  it('reads per-job schedules separated by semicolons, patterns with spaces and commas included', () => {
    const config = loadConfig({ DURCHSTARTEN_JOB_SCHEDULES: ' purge=*/2 * * * * * ; retention=0 4,16 * * *;' });
    expect(config.jobSchedules).toEqual({ purge: '*/2 * * * * *', retention: '0 4,16 * * *' });
  });

  it('lists every malformed job schedule at once', () => {
    try {
      loadConfig({
        DURCHSTARTEN_JOB_SCHEDULES: 'purge=61 * * * *;retention;Bad Name=* * * * *;purge2=* * * * *;purge2=0 * * * *',
      });
      expect.unreachable('the schedules are invalid');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(4);
      expect(problems.every((problem) => problem.startsWith('DURCHSTARTEN_JOB_SCHEDULES'))).toBe(true);
      expect(problems.join('\n')).toMatch(/purge.*61 \* \* \* \*.*not a cron pattern/);
      expect(problems.join('\n')).toMatch(/given twice/);
    }
  });
});

describe('backup settings', () => {
  it('backs up daily at 02:00 into <dataDir>/backups with 35 days of retention in embedded mode', () => {
    const config = loadConfig({}, '/srv/durchstarten');
    expect(config.backup).toEqual({
      enabled: true,
      dir: '/srv/durchstarten/data/backups',
      schedule: '0 2 * * *',
      retentionDays: 35,
    });
  });

  it('is off with an external server unless switched on, and takes its directory, schedule and retention', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://x@db/app' }).backup.enabled).toBe(false);
    const config = loadConfig(
      {
        DATABASE_URL: 'postgres://x@db/app',
        DURCHSTARTEN_BACKUP: 'on',
        DURCHSTARTEN_BACKUP_DIR: 'backups',
        DURCHSTARTEN_BACKUP_SCHEDULE: '30 1 * * *',
        DURCHSTARTEN_BACKUP_RETENTION_DAYS: '7',
      },
      '/srv/app',
    );
    expect(config.backup).toEqual({ enabled: true, dir: '/srv/app/backups', schedule: '30 1 * * *', retentionDays: 7 });
    expect(loadConfig({ DURCHSTARTEN_BACKUP: 'off' }).backup.enabled).toBe(false);
  });

  it('refuses a malformed schedule and a retention below one day', () => {
    expect(() => loadConfig({ DURCHSTARTEN_BACKUP_SCHEDULE: '99 2 * * *' })).toThrow(/DURCHSTARTEN_BACKUP_SCHEDULE/);
    expect(() => loadConfig({ DURCHSTARTEN_BACKUP_RETENTION_DAYS: '0' })).toThrow(/DURCHSTARTEN_BACKUP_RETENTION_DAYS/);
  });
});
