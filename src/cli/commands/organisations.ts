import { Option, type Command } from 'commander';
import { MIGRATIONS_FOLDER } from '../../app.ts';
import type { Database } from '../../database.ts';
import {
  createOrganisationSchema,
  municipalityKinds,
  organisationKinds,
} from '../../organisations/organisation.schema.ts';
import { createOrganisationService } from '../../organisations/organisation.service.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { cliContext, CliError } from '../context.ts';

interface CreateOptions {
  kind: string;
  name: string;
  shortName?: string;
  municipalityKind?: string;
  district?: string;
  officialKey?: string;
  allianceMember?: boolean;
  budgetRecovery?: boolean;
  municipality?: string[];
  contactEmail?: string;
  json?: boolean;
}

export function registerOrganisationCommands(program: Command): void {
  program
    .command('organisations:create')
    .description(
      'Create an organisation from the command line, e.g. the first municipality or the ministry before the first ' +
        'administrator exists (then: users:create). Audited as the system.',
    )
    .addOption(new Option('--kind <kind>', 'kind of organisation').choices(organisationKinds).makeOptionMandatory())
    .requiredOption('--name <name>', 'full name')
    .option('--short-name <name>', 'short name')
    .addOption(new Option('--municipality-kind <kind>', 'for municipalities').choices(municipalityKinds))
    .option('--district <id>', 'for a district town: the id of its district (Kreis)')
    .option('--official-key <digits>', 'Amtlicher Gemeindeschlüssel (5 to 8 digits)')
    .option('--alliance-member', 'member of a "Gemeinsam klappt\'s" alliance (municipalities)')
    .option('--budget-recovery', 'under budget recovery / Haushaltssicherung (municipalities)')
    .option('--municipality <id...>', 'for providers: the municipalities they work for')
    .option('--contact-email <address>', 'contact e-mail address')
    .option('--json', 'print the result as JSON')
    .action(async (options: CreateOptions) => {
      const parsed = createOrganisationSchema.safeParse({
        kind: options.kind,
        name: options.name,
        shortName: options.shortName,
        municipalityKind: options.municipalityKind,
        districtId: options.district,
        officialKey: options.officialKey,
        allianceMember: options.allianceMember,
        budgetRecovery: options.budgetRecovery,
        municipalityIds: options.municipality,
        contactEmail: options.contactEmail,
      });
      if (!parsed.success) {
        const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
        throw new CliError(`The organisation is not valid:\n${lines.join('\n')}`, 2);
      }
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase<Database>({ ...context, migrationsFolder: MIGRATIONS_FOLDER, migrate: true });
      try {
        const id = await createOrganisationService(database.db).createByOperator(parsed.data);
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ id }, null, 2)}\n`
            : `Organisation created: ${parsed.data.name}\n  id: ${id}\n`,
        );
      } finally {
        await database.close();
      }
    });
}
