import { describe, expect, it } from 'vitest';
import { databaseName, derivedAppPassword, withDatabase } from './bootstrap.ts';

describe('connection strings', () => {
  it('swaps the database of a URL and reads it back', () => {
    const url = withDatabase('postgres://u:p%40ss@127.0.0.1:5432/postgres?sslmode=disable', 'durchstarten test');
    expect(databaseName(url)).toBe('durchstarten test');
    expect(url).toContain('sslmode=disable');
    expect(url).toContain('p%40ss');
  });

  it('defaults to the postgres database', () => {
    expect(databaseName('postgres://u@h')).toBe('postgres');
  });
});

describe('derivedAppPassword', () => {
  it('is stable for one admin connection, so that all instances agree', () => {
    expect(derivedAppPassword('postgres://a:secret@h:1/x')).toBe(derivedAppPassword('postgres://a:secret@h:1/y'));
  });

  it('changes with the admin secret and the server', () => {
    const base = derivedAppPassword('postgres://a:secret@h:1/x');
    expect(derivedAppPassword('postgres://a:other@h:1/x')).not.toBe(base);
    expect(derivedAppPassword('postgres://a:secret@h:2/x')).not.toBe(base);
    expect(base).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
