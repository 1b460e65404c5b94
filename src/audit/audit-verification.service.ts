// `durchstarten audit:verify`: walks every chain in seq order and recomputes each hash in JavaScript,
// independently of the database's trigger, then compares the last entry with the recorded chain head.
// Runs on the owner's maintenance connection (policy audit_maintenance_read), in one read-only snapshot.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../database.ts';
import { listChainKeys, readChainBatch, readChainHead } from './audit.repository.ts';
import { chainKeyFor, createChainVerifier, type ChainVerdict, type Sha256 } from './audit.rules.ts';

const BATCH = 2_000;

const sha256: Sha256 = (data) => new Uint8Array(createHash('sha256').update(data).digest());

export interface AuditVerification {
  ok: boolean;
  chains: ChainVerdict[];
  entries: number;
}

export async function verifyAuditLog(
  ownerDb: Kysely<Database>,
  options: { municipalityId?: string | undefined } = {},
): Promise<AuditVerification> {
  return ownerDb
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set transaction read only`.execute(trx);
      const keys =
        options.municipalityId === undefined ? await listChainKeys(trx) : [chainKeyFor(options.municipalityId)];
      const chains: ChainVerdict[] = [];
      for (const chainKey of keys) {
        const verifier = createChainVerifier(chainKey, sha256);
        let afterSeq = 0;
        for (;;) {
          const batch = await readChainBatch(trx, chainKey, afterSeq, BATCH);
          let broken = false;
          for (const record of batch) {
            if (verifier.check(record)) {
              broken = true;
              break;
            }
          }
          const last = batch.at(-1);
          if (broken || !last || batch.length < BATCH) break;
          afterSeq = last.seq;
        }
        chains.push(verifier.finish(await readChainHead(trx, chainKey)));
      }
      return {
        ok: chains.every((chain) => chain.broken === null),
        chains,
        entries: chains.reduce((sum, chain) => sum + chain.entries, 0),
      };
    });
}
