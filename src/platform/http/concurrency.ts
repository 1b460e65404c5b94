// Optimistic concurrency: every mutable resource has a version, sent as a strong ETag ("<version>");
// updates must name the version they change with If-Match (missing → 428, stale → 412 in the service).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.ts';

export function etagFor(version: number): string {
  return `"${version}"`;
}

export function setEtag(reply: FastifyReply, version: number): void {
  reply.header('etag', etagFor(version));
}

/** The version named by If-Match. */
export function requireIfMatch(request: FastifyRequest): number {
  const header = request.headers['if-match'];
  if (header === undefined || header === '') {
    throw new AppError('precondition_required', 'Send If-Match with the ETag of the version you are changing.', {
      fieldErrors: [{ in: 'headers', field: 'if-match', code: 'required', message: 'If-Match is required' }],
    });
  }
  const match = /^(?:W\/)?"([1-9][0-9]{0,9})"$/.exec(String(header).trim());
  if (!match?.[1]) {
    throw new AppError('bad_request', 'If-Match must be an ETag like "3".', {
      fieldErrors: [{ in: 'headers', field: 'if-match', code: 'invalid_format', message: 'expected an ETag like "3"' }],
    });
  }
  return Number(match[1]);
}
