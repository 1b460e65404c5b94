import type { Command } from 'commander';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { MIGRATIONS_FOLDER } from '../../app.ts';
import { verifyAuditLog, type AuditVerification } from '../../audit/audit-verification.service.ts';
import type { Database } from '../../database.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { cliContext, CliError } from '../context.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Verifies on the owner's maintenance connection (the application role cannot read other tenants' chains). */
export async function runAuditVerify(
  connection: pg.ClientConfig,
  options: { municipalityId?: string | undefined } = {},
): Promise<AuditVerification> {
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ ...connection, max: 1, application_name: 'durchstarten-audit-verify' }),
    }),
  });
  try {
    return await verifyAuditLog(db, options);
  } catch (error) {
    if ((error as { code?: unknown }).code === '42P01') {
      throw new CliError('The audit log tables do not exist yet. Run "durchstarten migrate" first.');
    }
    throw error;
  } finally {
    await db.destroy();
  }
}

export function formatVerification(result: AuditVerification): string {
  const broken = result.chains.filter((chain) => chain.broken !== null);
  const lines = [
    broken.length === 0
      ? `Audit log OK: ${result.chains.length} chain(s), ${result.entries} entries verified.`
      : `Audit log BROKEN: ${broken.length} of ${result.chains.length} chain(s) fail verification.`,
  ];
  for (const chain of result.chains) {
    if (chain.broken) {
      const where =
        chain.broken.seq === null
          ? 'at the end of the chain'
          : `first broken entry seq ${chain.broken.seq}, id ${chain.broken.id}`;
      lines.push(`  BROKEN ${chain.chainKey}: ${where}: ${chain.broken.problem}: ${chain.broken.detail}`);
    } else {
      lines.push(
        `  ok     ${chain.chainKey}: ${chain.entries} entries, head seq ${chain.lastSeq}, hash ${chain.lastHash}`,
      );
    }
  }
  if (result.chains.length === 0) lines.push('  (no entries yet)');
  return `${lines.join('\n')}\n`;
}

export function registerAuditCommands(program: Command): void {
  program
    .command('audit:verify')
    .description(
      'Verify the hash chains of the audit log; names the first broken entry of each chain (exit code 1 if any)',
    )
    .option('--municipality <id>', "verify only this municipality's chain")
    .option('--json', 'print as JSON')
    .action(async (options: { municipality?: string; json?: boolean }) => {
      if (options.municipality !== undefined && !UUID.test(options.municipality)) {
        throw new CliError('--municipality must be the UUID of a municipality.', 2);
      }
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase<Database>({
        ...context,
        migrationsFolder: MIGRATIONS_FOLDER,
        migrate: false,
      });
      let result: AuditVerification;
      try {
        result = await runAuditVerify(database.migrationConnection, { municipalityId: options.municipality });
      } finally {
        await database.close();
      }
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatVerification(result));
      if (!result.ok) process.exitCode = 1;
    });
}
