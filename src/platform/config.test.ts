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
