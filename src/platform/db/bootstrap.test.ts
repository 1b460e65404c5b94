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

  it('survives a new embedded port, and changes with the admin secret', () => {
    const base = derivedAppPassword('postgres://a:secret@127.0.0.1:41000/x');
    expect(derivedAppPassword('postgres://a:secret@127.0.0.1:42000/x')).toBe(base);
    expect(derivedAppPassword('postgres://a:other@127.0.0.1:41000/x')).not.toBe(base);
    expect(base).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('without an admin password, depends on the login and server', () => {
    expect(derivedAppPassword('postgres://a@h1/x')).not.toBe(derivedAppPassword('postgres://a@h2/x'));
  });
});
