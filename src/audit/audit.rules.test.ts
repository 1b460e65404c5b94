import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  auditEntryProblems,
  canonicalAuditText,
  chainHashInput,
  compareCodePoints,
  createChainVerifier,
  formatMicrosUtc,
  GENESIS_HASH,
  toHex,
  truncateUserAgent,
  type AuditEntryFacts,
  type CanonicalAuditRecord,
  type StoredAuditRecord,
} from './audit.rules.ts';

const sha256 = (data: Uint8Array) => new Uint8Array(createHash('sha256').update(data).digest());

// Canonical texts and hashes computed by PostgreSQL: audit_canonical(...) of migration 0004 and
// sha256(genesis || convert_to(canonical, 'UTF8')). The JavaScript form must match them byte for byte.
const vectors: { name: string; record: CanonicalAuditRecord; canonical: string; hash: string }[] = [
  {
    name: 'NULLs and empty arrays and details',
    record: {
      chainKey: 'system',
      seq: 1,
      id: '00000000-0000-4000-8000-000000000001',
      municipalityId: null,
      occurredAtMicros: 1795960992000000n,
      actorUserId: null,
      actorOrganisationId: null,
      actorRoles: [],
      action: 'session.login',
      resourceType: 'session',
      resourceId: null,
      participantId: null,
      changedFields: [],
      outcome: 'denied',
      ip: null,
      userAgent: null,
      requestId: null,
      details: {},
    },
    canonical:
      'durchstarten-audit-v1\n6:system\n1:1\n36:00000000-0000-4000-8000-000000000001\n-\n27:2026-11-29T14:03:12.000000Z\n-\n-\n[0]\n13:session.login\n7:session\n-\n-\n[0]\n6:denied\n-\n-\n-\n{0}',
    hash: '63b87a8372e2d103bd528292354aa3a92758d12f576b41a892e5c53cfd69f43d',
  },
  {
    name: 'unicode, upper-case ids, newlines and quotes, arrays, details key order, microseconds, IPv6',
    record: {
      chainKey: 'm:9c24809f-1695-47bf-b393-eec0a4266b6d',
      seq: 42,
      id: 'A2AD9918-7997-400B-92DA-96D760A5440A',
      municipalityId: '9c24809f-1695-47bf-b393-eec0a4266b6d',
      occurredAtMicros: 1798761599999999n,
      actorUserId: '11111111-2222-4333-8444-555555555555',
      actorOrganisationId: '66666666-7777-4888-9999-aaaaaaaaaaaa',
      actorRoles: ['coach', 'participation_manager'],
      action: 'participant.update',
      resourceType: 'participant',
      resourceId: 'Zeile\nzwei "quoted" \\ back',
      participantId: 'bbbbbbbb-cccc-4ddd-8eee-ffffffffffff',
      changedFields: ['first_name', 'straße', 'x😀'],
      outcome: 'success',
      ip: '2001:db8::1',
      userAgent: 'Mozilla/5.0 (X11; Linux) ✓ 😀',
      requestId: 'req-1',
      // Insertion order differs from both jsonb's order (length first) and UTF-16 order (U+E000 after 😀).
      details: {
        b: 1,
        a: 'x',
        ä: true,
        zz: null,
        A: -5,
        '😀': 'e',
        aa: false,
        é: 'ü',
        '\ue000': 'private',
        big: 999999999999999,
      },
    },
    canonical:
      'durchstarten-audit-v1\n38:m:9c24809f-1695-47bf-b393-eec0a4266b6d\n2:42\n36:a2ad9918-7997-400b-92da-96d760a5440a\n36:9c24809f-1695-47bf-b393-eec0a4266b6d\n27:2026-12-31T23:59:59.999999Z\n36:11111111-2222-4333-8444-555555555555\n36:66666666-7777-4888-9999-aaaaaaaaaaaa\n[2]5:coach21:participation_manager\n18:participant.update\n11:participant\n26:Zeile\nzwei "quoted" \\ back\n36:bbbbbbbb-cccc-4ddd-8eee-ffffffffffff\n[3]10:first_name7:straße5:x😀\n7:success\n11:2001:db8::1\n33:Mozilla/5.0 (X11; Linux) ✓ 😀\n5:req-1\n{10}1:An2:-51:as1:x2:aaf1:bn1:13:bign15:9999999999999992:zz-2:ät2:és2:ü3:\ue000s7:private4:😀s1:e',
    hash: '9a4e1090ee94e81a93b9d436eda354d8468b75f5b0e956653cf3106393bc7c7d',
  },
  {
    name: 'a time before 1970, an IPv4 network, an empty string (not NULL), zero and empty details',
    record: {
      chainKey: 'system',
      seq: 7,
      id: '00000000-0000-4000-8000-000000000007',
      municipalityId: null,
      occurredAtMicros: -500000n,
      actorUserId: null,
      actorOrganisationId: null,
      actorRoles: ['system_admin'],
      action: 'audit_log.search',
      resourceType: 'audit_log',
      resourceId: 'system',
      participantId: null,
      changedFields: [],
      outcome: 'failure',
      ip: '10.0.0.1/8',
      userAgent: '',
      requestId: 'x',
      details: { s: '', n: 0, t: true },
    },
    canonical:
      'durchstarten-audit-v1\n6:system\n1:7\n36:00000000-0000-4000-8000-000000000007\n-\n27:1969-12-31T23:59:59.500000Z\n-\n-\n[1]12:system_admin\n16:audit_log.search\n9:audit_log\n6:system\n-\n[0]\n7:failure\n10:10.0.0.1/8\n0:\n1:x\n{3}1:nn1:01:ss0:1:tt',
    hash: '284cd08201cdce9b6ecd54c1c3a30fd36fa661a0c2f38d2badfcedc63e9e49c8',
  },
];

describe('canonical form', () => {
  it.each(vectors)('matches PostgreSQL for $name', ({ record, canonical, hash }) => {
    expect(canonicalAuditText(record)).toBe(canonical);
    expect(toHex(sha256(chainHashInput(GENESIS_HASH, canonicalAuditText(record))))).toBe(hash);
  });

  it('tells NULL, the empty string and the string "-" apart', () => {
    const base = vectors[0]?.record;
    if (!base) throw new Error('no vector');
    const texts = [null, '', '-'].map((userAgent) => canonicalAuditText({ ...base, userAgent }));
    expect(new Set(texts).size).toBe(3);
  });

  it('cannot be confused by values that contain separators', () => {
    const base = vectors[0]?.record;
    if (!base) throw new Error('no vector');
    const a = canonicalAuditText({ ...base, actorRoles: ['a1:b'] });
    const b = canonicalAuditText({ ...base, actorRoles: ['a', 'b'] });
    expect(a).not.toBe(b);
    const c = canonicalAuditText({ ...base, details: { k: 'v', k2: null } });
    const d = canonicalAuditText({ ...base, details: { k: 'v2:k2-' } });
    expect(c).not.toBe(d);
  });

  it('types detail values: the string "1", the number 1 and true differ', () => {
    const base = vectors[0]?.record;
    if (!base) throw new Error('no vector');
    const texts = ['1', 1, true, 'true', null].map((v) => canonicalAuditText({ ...base, details: { v } }));
    expect(new Set(texts).size).toBe(5);
  });

  it('renders timestamps in UTC with microseconds', () => {
    expect(formatMicrosUtc(0n)).toBe('1970-01-01T00:00:00.000000Z');
    expect(formatMicrosUtc(1n)).toBe('1970-01-01T00:00:00.000001Z');
    expect(formatMicrosUtc(-1n)).toBe('1969-12-31T23:59:59.999999Z');
    expect(formatMicrosUtc(1798761599999999n)).toBe('2026-12-31T23:59:59.999999Z');
  });

  it('orders keys by code point (UTF-8 byte order), not by UTF-16 unit', () => {
    expect(['😀', '\ue000', 'b', 'a', 'ä'].sort(compareCodePoints)).toEqual(['a', 'b', 'ä', '\ue000', '😀']);
  });
});

function entry(overrides: Partial<AuditEntryFacts> = {}): AuditEntryFacts {
  return {
    municipalityId: '9c24809f-1695-47bf-b393-eec0a4266b6d',
    actor: { userId: '11111111-2222-4333-8444-555555555555', organisationId: null, roles: ['coach'] },
    action: 'participant.read',
    resourceType: 'participant',
    outcome: 'success',
    ...overrides,
  };
}

describe('entry rules', () => {
  it('accepts a well-formed entry', () => {
    expect(auditEntryProblems(entry({ changedFields: ['first_name', 'address.postcode'], details: { n: 3 } }))).toEqual(
      [],
    );
  });

  it('refuses values where only field names belong', () => {
    expect(auditEntryProblems(entry({ changedFields: ['first_name=Amina'] }))).toEqual([
      expect.stringContaining('changedFields'),
    ]);
  });

  it('refuses fractions and huge numbers in details, which would not hash identically', () => {
    expect(auditEntryProblems(entry({ details: { ratio: 0.5 } }))).toHaveLength(1);
    expect(auditEntryProblems(entry({ details: { big: 1e16 } }))).toHaveLength(1);
    expect(auditEntryProblems(entry({ details: { fine: -999999999999999 } }))).toEqual([]);
  });

  it('refuses malformed ids, actions and resource types', () => {
    const problems = auditEntryProblems(
      entry({ municipalityId: 'köln', action: 'Participant Read', resourceType: 'Participant', participantId: '1' }),
    );
    expect(problems).toHaveLength(4);
  });

  it('truncates user agents by characters without splitting surrogate pairs, and drops control characters', () => {
    expect(truncateUserAgent(`${'a'.repeat(255)}😀😀`)).toBe(`${'a'.repeat(255)}😀`);
    expect(truncateUserAgent('curl\n/8')).toBe('curl /8');
    expect(truncateUserAgent('   ')).toBeNull();
    expect(truncateUserAgent(null)).toBeNull();
  });
});

function chainOf(length: number): StoredAuditRecord[] {
  const records: StoredAuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq += 1) {
    const record: CanonicalAuditRecord = {
      ...(vectors[0]?.record as CanonicalAuditRecord),
      seq,
      id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    };
    const hash = sha256(chainHashInput(prev, canonicalAuditText(record)));
    records.push({ ...record, prevHash: prev, hash });
    prev = hash;
  }
  return records;
}

function verify(records: StoredAuditRecord[], head: { seq: number; hash: Uint8Array } | null) {
  const verifier = createChainVerifier('system', sha256);
  for (const record of records) if (verifier.check(record)) break;
  return verifier.finish(head);
}

describe('chain verification', () => {
  const chain = chainOf(5);
  const last = chain[4] as StoredAuditRecord;
  const head = { seq: 5, hash: last.hash };

  it('accepts an intact chain', () => {
    expect(verify(chain, head)).toMatchObject({ entries: 5, lastSeq: 5, broken: null, lastHash: toHex(last.hash) });
  });

  it('names a changed entry (hash mismatch)', () => {
    const tampered = chain.map((r) => (r.seq === 3 ? { ...r, outcome: 'success' } : r));
    expect(verify(tampered, head).broken).toMatchObject({ seq: 3, problem: 'hash_mismatch', id: chain[2]?.id });
  });

  it('names a re-hashed entry by its successor (prev_hash mismatch)', () => {
    const changed = { ...(chain[1] as StoredAuditRecord), outcome: 'success' };
    const rehashed = { ...changed, hash: sha256(chainHashInput(changed.prevHash, canonicalAuditText(changed))) };
    const tampered = chain.map((r) => (r.seq === 2 ? rehashed : r));
    expect(verify(tampered, head).broken).toMatchObject({ seq: 3, problem: 'prev_hash_mismatch' });
  });

  it('names a gap where entries were deleted', () => {
    const tampered = chain.filter((r) => r.seq !== 2 && r.seq !== 3);
    expect(verify(tampered, head).broken).toMatchObject({ seq: 4, problem: 'seq_gap' });
    expect(verify(tampered, head).broken?.detail).toContain('2 entries are missing');
  });

  it('notices entries removed at the end through the recorded head', () => {
    expect(verify(chain.slice(0, 3), head).broken).toMatchObject({ seq: null, problem: 'head_mismatch' });
    expect(verify(chain, null).broken).toMatchObject({ problem: 'head_missing' });
    expect(verify([], head).broken).toMatchObject({ problem: 'head_mismatch' });
  });

  it('refuses an entry of another chain', () => {
    const foreign = { ...(chain[0] as StoredAuditRecord), municipalityId: '9c24809f-1695-47bf-b393-eec0a4266b6d' };
    expect(verify([foreign], null).broken).toMatchObject({ seq: 1, problem: 'chain_key_mismatch' });
  });
});
