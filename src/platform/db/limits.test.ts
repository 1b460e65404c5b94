import { describe, expect, it } from 'vitest';
import { databaseLimitOf } from './limits.ts';

function pgError(code: string, message = 'error'): Error {
  return Object.assign(new Error(message), { code });
}

describe('databaseLimitOf', () => {
  it('recognises a full pool by the messages of pg-pool', () => {
    expect(databaseLimitOf(new Error('timeout exceeded when trying to connect'))?.kind).toBe('pool_timeout');
    expect(databaseLimitOf(new Error('Connection terminated due to connection timeout'))?.kind).toBe('pool_timeout');
  });

  it('maps the SQLSTATEs of reached limits and of an unavailable server', () => {
    expect(databaseLimitOf(pgError('57014', 'canceling statement due to statement timeout'))?.kind).toBe(
      'statement_timeout',
    );
    expect(databaseLimitOf(pgError('55P03', 'canceling statement due to lock timeout'))?.kind).toBe('lock_timeout');
    for (const code of ['53300', '57P01', '57P02', '57P03', '25P03', 'ECONNREFUSED', 'ECONNRESET']) {
      expect(databaseLimitOf(pgError(code))?.kind, code).toBe('database_unavailable');
    }
    expect(databaseLimitOf(new Error('Connection terminated unexpectedly'))?.kind).toBe('database_unavailable');
  });

  it('finds the limit inside a wrapping error', () => {
    const wrapped = new Error('query failed', { cause: pgError('57014') });
    expect(databaseLimitOf(wrapped)?.kind).toBe('statement_timeout');
  });

  it('leaves every other error alone, so that real faults stay 500s', () => {
    expect(databaseLimitOf(pgError('23505', 'duplicate key'))).toBeUndefined();
    expect(databaseLimitOf(pgError('42P01', 'relation does not exist'))).toBeUndefined();
    expect(databaseLimitOf(new Error('timeout exceeded'))).toBeUndefined();
    expect(databaseLimitOf('57014')).toBeUndefined();
    expect(databaseLimitOf(undefined)).toBeUndefined();
  });
});
