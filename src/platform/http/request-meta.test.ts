import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { requestMeta } from './request-meta.ts';

function fakeRequest(facts: { ip: string; userAgent?: string; id?: string }): FastifyRequest {
  return {
    ip: facts.ip,
    id: facts.id ?? 'req-1',
    headers: facts.userAgent === undefined ? {} : { 'user-agent': facts.userAgent },
  } as unknown as FastifyRequest;
}

describe('requestMeta', () => {
  it('takes IP, user agent and request id from the request', () => {
    expect(requestMeta(fakeRequest({ ip: '::ffff:127.0.0.1', userAgent: 'Mozilla/5.0' }))).toEqual({
      ip: '::ffff:127.0.0.1',
      userAgent: 'Mozilla/5.0',
      requestId: 'req-1',
    });
  });

  it('drops an address that does not parse and cuts long user agents', () => {
    const facts = requestMeta(fakeRequest({ ip: 'unknown, 10.0.0.1', userAgent: 'x'.repeat(1000) }));
    expect(facts.ip).toBeNull();
    expect(facts.userAgent).toHaveLength(256);
  });

  it('has no user agent when none was sent', () => {
    expect(requestMeta(fakeRequest({ ip: '203.0.113.7' })).userAgent).toBeNull();
  });
});
