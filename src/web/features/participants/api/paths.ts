// Where the participant API lives and the query keys of this feature.

export const PARTICIPANTS_PATH = '/api/v1/participants';
/** Every query of this feature starts with this key, so that a change can refresh them all. */
export const PARTICIPANTS_KEY = ['participants'] as const;

export function participantPath(id: string, ...rest: string[]): string {
  return [PARTICIPANTS_PATH, encodeURIComponent(id), ...rest.map(encodeURIComponent)].join('/');
}

export function participantKey(id: string) {
  return [...PARTICIPANTS_KEY, 'one', id] as const;
}

/** A fresh Idempotency-Key for one creating request; a retry of that request sends the same key. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
