// Pure rules of the audit log: what an entry may contain, its canonical text, and the chain check that
// `durchstarten audit:verify` runs. The canonical text here is an independent re-implementation of the SQL
// function audit_canonical() of migration 20261129_0004_audit.ts; both must produce the same bytes
// (proved by audit.rules.test.ts with vectors computed by PostgreSQL, and by audit.int.test.ts).

import { cleanLine } from '../platform/text.ts';
export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Small, non-personal facts about an event: flat, scalar values, integers only (see audit_details_valid()). */
export type AuditDetails = Record<string, string | number | boolean | null>;

export const CANONICAL_VERSION = 'durchstarten-audit-v1';
export const SYSTEM_CHAIN = 'system';
export const HASH_BYTES = 32;
/** prev_hash of the first entry of every chain. */
export const GENESIS_HASH: Uint8Array = new Uint8Array(HASH_BYTES);

export const ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
export const RESOURCE_TYPE_PATTERN = /^[a-z][a-z0-9_]*$/;
const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DETAIL_INTEGER = /^-?(0|[1-9][0-9]{0,14})$/;
export const USER_AGENT_MAX = 256;
const REQUEST_ID_MAX = 128;
const DETAILS_MAX_KEYS = 20;

export function chainKeyFor(municipalityId: string | null): string {
  return municipalityId === null ? SYSTEM_CHAIN : `m:${municipalityId.toLowerCase()}`;
}

/** Cuts a user agent to at most `max` characters without splitting a surrogate pair. */
export function truncateUserAgent(value: string | null, max = USER_AGENT_MAX): string | null {
  return cleanLine(value, max);
}

export interface AuditEntryFacts {
  municipalityId: string | null;
  actor: { userId: string | null; organisationId: string | null; roles: readonly string[] } | null;
  action: string;
  resourceType: string;
  resourceId?: string | null | undefined;
  participantId?: string | null | undefined;
  changedFields?: readonly string[] | undefined;
  outcome: AuditOutcome;
  request?: { ip: string | null; userAgent: string | null; requestId: string | null } | undefined;
  details?: AuditDetails | undefined;
}

/**
 * Problems with an entry a caller built (a programming error, not user input). The database enforces the same
 * rules with constraints; checking here gives a readable message before the statement runs.
 */
export function auditEntryProblems(entry: AuditEntryFacts): string[] {
  const problems: string[] = [];
  const uuid = (name: string, value: string | null | undefined) => {
    if (value != null && !UUID_PATTERN.test(value)) problems.push(`${name} must be a UUID`);
  };
  uuid('municipalityId', entry.municipalityId);
  uuid('actor.userId', entry.actor?.userId);
  uuid('actor.organisationId', entry.actor?.organisationId);
  uuid('participantId', entry.participantId);
  if (entry.action.length > 100 || !ACTION_PATTERN.test(entry.action)) {
    problems.push('action must look like "participant.read" (lower case, dot-separated, at most 100 characters)');
  }
  if (entry.resourceType.length > 64 || !RESOURCE_TYPE_PATTERN.test(entry.resourceType)) {
    problems.push('resourceType must be lower case letters, digits and "_" (at most 64 characters)');
  }
  if (entry.resourceId != null && (entry.resourceId.length < 1 || entry.resourceId.length > 200)) {
    problems.push('resourceId must have 1 to 200 characters');
  }
  if (!(AUDIT_OUTCOMES as readonly string[]).includes(entry.outcome)) problems.push('outcome is unknown');
  const roles = entry.actor?.roles ?? [];
  if (roles.length > 50 || roles.some((role) => !RESOURCE_TYPE_PATTERN.test(role))) {
    problems.push('actor.roles must be role names');
  }
  const fields = entry.changedFields ?? [];
  if (fields.length > 200 || fields.some((field) => !FIELD_NAME_PATTERN.test(field))) {
    problems.push('changedFields must be field names (never values), at most 200');
  }
  const requestId = entry.request?.requestId;
  if (requestId != null && (requestId.length < 1 || requestId.length > REQUEST_ID_MAX)) {
    problems.push(`request.requestId must have 1 to ${REQUEST_ID_MAX} characters`);
  }
  const details = entry.details ?? {};
  const keys = Object.keys(details);
  if (keys.length > DETAILS_MAX_KEYS) problems.push(`details may have at most ${DETAILS_MAX_KEYS} keys`);
  for (const key of keys) {
    const value = details[key];
    if (key.length < 1 || key.length > 64)
      problems.push(`details key "${key.slice(0, 64)}" must have 1 to 64 characters`);
    if (typeof value === 'number' && !(Number.isSafeInteger(value) && DETAIL_INTEGER.test(String(value)))) {
      problems.push(`details.${key} must be an integer below 10^15 (no fractions), so that it hashes identically`);
    }
    if (typeof value === 'string' && value.length > 500) problems.push(`details.${key} is longer than 500 characters`);
    if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) {
      problems.push(`details.${key} must be a string, integer, boolean or null`);
    }
  }
  return problems;
}

/** An entry as stored, in the form the canonical text needs. */
export interface CanonicalAuditRecord {
  chainKey: string;
  seq: number;
  id: string;
  municipalityId: string | null;
  /** occurred_at as microseconds since the Unix epoch (JavaScript dates carry only milliseconds). */
  occurredAtMicros: bigint;
  actorUserId: string | null;
  actorOrganisationId: string | null;
  actorRoles: readonly string[];
  action: string;
  resourceType: string;
  resourceId: string | null;
  participantId: string | null;
  changedFields: readonly string[];
  outcome: string;
  /** As PostgreSQL prints the inet value. */
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: AuditDetails;
}

const encoder = new TextEncoder();

function utf8Length(value: string): number {
  return encoder.encode(value).length;
}

function field(value: string | null): string {
  return value === null ? '-' : `${utf8Length(value)}:${value}`;
}

function list(values: readonly string[]): string {
  return `[${values.length}]${values.map(field).join('')}`;
}

/** Orders strings by Unicode code point, which is the byte order of their UTF-8 form (PostgreSQL's COLLATE "C"). */
export function compareCodePoints(a: string, b: string): number {
  const left = Array.from(a);
  const right = Array.from(b);
  const length = Math.min(left.length, right.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

function detailsField(details: AuditDetails): string {
  const keys = Object.keys(details).sort(compareCodePoints);
  const pairs = keys.map((key) => {
    const value = details[key] ?? null;
    if (value === null) return `${field(key)}-`;
    if (typeof value === 'boolean') return `${field(key)}${value ? 't' : 'f'}`;
    if (typeof value === 'number') return `${field(key)}n${field(String(value))}`;
    return `${field(key)}s${field(value)}`;
  });
  return `{${keys.length}}${pairs.join('')}`;
}

function floorDivMod(value: bigint, divisor: bigint): [bigint, bigint] {
  const remainder = ((value % divisor) + divisor) % divisor;
  return [(value - remainder) / divisor, remainder];
}

/** UTC with six fractional digits, e.g. 2026-11-29T14:03:12.000123Z (as to_char(... 'US') renders it). */
export function formatMicrosUtc(micros: bigint): string {
  const [seconds, fraction] = floorDivMod(micros, 1_000_000n);
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `${iso.slice(0, 19)}.${fraction.toString().padStart(6, '0')}Z`;
}

export function canonicalAuditText(record: CanonicalAuditRecord): string {
  return [
    CANONICAL_VERSION,
    field(record.chainKey),
    field(String(record.seq)),
    field(record.id.toLowerCase()),
    field(record.municipalityId?.toLowerCase() ?? null),
    field(formatMicrosUtc(record.occurredAtMicros)),
    field(record.actorUserId?.toLowerCase() ?? null),
    field(record.actorOrganisationId?.toLowerCase() ?? null),
    list(record.actorRoles),
    field(record.action),
    field(record.resourceType),
    field(record.resourceId),
    field(record.participantId?.toLowerCase() ?? null),
    list(record.changedFields),
    field(record.outcome),
    field(record.ip),
    field(record.userAgent),
    field(record.requestId),
    detailsField(record.details),
  ].join('\n');
}

/** The bytes hashed for an entry: prev_hash followed by the UTF-8 canonical text. */
export function chainHashInput(prevHash: Uint8Array, canonical: string): Uint8Array {
  const text = encoder.encode(canonical);
  const input = new Uint8Array(prevHash.length + text.length);
  input.set(prevHash, 0);
  input.set(text, prevHash.length);
  return input;
}

export type Sha256 = (data: Uint8Array) => Uint8Array;

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, index) => byte === b[index]);
}

export interface StoredAuditRecord extends CanonicalAuditRecord {
  prevHash: Uint8Array;
  hash: Uint8Array;
}

export type ChainProblem =
  'chain_key_mismatch' | 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'head_missing' | 'head_mismatch';

export interface ChainBreak {
  chainKey: string;
  /** The first entry found broken; null when the problem is the chain's head (entries missing at the end). */
  seq: number | null;
  id: string | null;
  problem: ChainProblem;
  detail: string;
}

export interface ChainHead {
  seq: number;
  hash: Uint8Array;
}

export interface ChainVerdict {
  chainKey: string;
  entries: number;
  lastSeq: number;
  lastHash: string;
  broken: ChainBreak | null;
}

/**
 * Checks one chain entry by entry, in seq order: consecutive seq from 1, each prev_hash equal to the previous
 * entry's hash (the genesis hash first), each hash equal to the recomputed one, and finally the recorded head.
 * Stops at the first broken entry.
 */
export function createChainVerifier(chainKey: string, sha256: Sha256) {
  let expectedSeq = 1;
  let previousHash = GENESIS_HASH;
  let entries = 0;
  let broken: ChainBreak | null = null;

  const fail = (record: { seq: number; id: string } | null, problem: ChainProblem, detail: string) => {
    broken = { chainKey, seq: record?.seq ?? null, id: record?.id ?? null, problem, detail };
    return broken;
  };

  return {
    /** Feeds the next entry; returns the chain's first break once there is one. */
    check(record: StoredAuditRecord): ChainBreak | null {
      if (broken) return broken;
      entries += 1;
      const expectedKey = chainKeyFor(record.municipalityId);
      if (record.chainKey !== chainKey || expectedKey !== chainKey) {
        return fail(record, 'chain_key_mismatch', `entry belongs to ${expectedKey}, found in chain ${chainKey}`);
      }
      if (record.seq !== expectedSeq) {
        return fail(
          record,
          'seq_gap',
          record.seq > expectedSeq
            ? `expected seq ${expectedSeq}, found ${record.seq}: ${record.seq - expectedSeq} entr${record.seq - expectedSeq === 1 ? 'y is' : 'ies are'} missing`
            : `expected seq ${expectedSeq}, found ${record.seq}`,
        );
      }
      if (!sameBytes(record.prevHash, previousHash)) {
        return fail(
          record,
          'prev_hash_mismatch',
          `prev_hash ${toHex(record.prevHash)} is not the hash of the entry before (${toHex(previousHash)})`,
        );
      }
      const computed = sha256(chainHashInput(record.prevHash, canonicalAuditText(record)));
      if (!sameBytes(computed, record.hash)) {
        return fail(
          record,
          'hash_mismatch',
          `stored hash ${toHex(record.hash)} differs from the recomputed ${toHex(computed)}: the entry was changed`,
        );
      }
      expectedSeq += 1;
      previousHash = record.hash;
      return null;
    },

    /** Compares the last entry with the recorded chain head (detects entries removed at the end). */
    finish(head: ChainHead | null): ChainVerdict {
      const lastSeq = expectedSeq - 1;
      if (!broken) {
        if (head === null) {
          if (lastSeq > 0) fail(null, 'head_missing', `the chain has ${lastSeq} entries but no recorded head`);
        } else if (head.seq !== lastSeq || !sameBytes(head.hash, previousHash)) {
          fail(
            null,
            'head_mismatch',
            head.seq > lastSeq
              ? `the recorded head is seq ${head.seq}, the last entry is seq ${lastSeq}: entries at the end are missing`
              : `the recorded head (seq ${head.seq}, ${toHex(head.hash)}) does not match the last entry (seq ${lastSeq}, ${toHex(previousHash)})`,
          );
        }
      }
      return { chainKey, entries, lastSeq, lastHash: toHex(previousHash), broken };
    },
  };
}
