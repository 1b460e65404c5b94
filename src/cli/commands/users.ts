import { Option, type Command } from 'commander';
import { roles, type Role } from '../../access/access.rules.ts';
import { createUserOperatorService } from '../../accounts/user-operator.service.ts';
import { MIGRATIONS_FOLDER } from '../../app.ts';
import { appendAudit } from '../../audit/audit.service.ts';
import type { Database } from '../../database.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { createSecretBox, loadSecretKey } from '../../platform/secrets.ts';
import { cliContext, CliError } from '../context.ts';

interface CreateOptions {
  email: string;
  name: string;
  organisation: string;
  role: Role[];
  password?: string;
  passwordStdin?: boolean;
  json?: boolean;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export function registerUserCommands(program: Command): void {
  program
    .command('users:create')
    .description(
      'Create an account, e.g. the first system administrator. Without a password, an initial one is generated ' +
        'and printed once; it must be changed at the first login.',
    )
    .requiredOption('--email <address>', 'e-mail address (the login name)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--organisation <id|name>', 'the organisation, by id or exact name')
    .addOption(new Option('--role <role...>', 'one or more roles').choices(roles).makeOptionMandatory())
    .option('--password <password>', 'the password (visible in the process list: prefer --password-stdin)')
    .option('--password-stdin', 'read the password from standard input')
    .option('--json', 'print the result as JSON')
    .action(async (options: CreateOptions) => {
      if (options.password !== undefined && options.passwordStdin) {
        throw new CliError('Use either --password or --password-stdin, not both.', 2);
      }
      const password = options.passwordStdin ? await readStdin() : options.password;
      const context = cliContext({ LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
      const database = await openDatabase<Database>({ ...context, migrationsFolder: MIGRATIONS_FOLDER, migrate: true });
      try {
        const users = createUserOperatorService({
          db: database.db,
          now: () => new Date(),
          secrets: createSecretBox(await loadSecretKey(context.config)),
          audit: appendAudit,
        });
        const result = await users.createByOperator({
          email: options.email,
          displayName: options.name,
          organisation: options.organisation,
          roles: options.role,
          password,
        });
        if (options.json) {
          process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
          return;
        }
        const lines = [
          `Account created: ${result.user.displayName} <${result.user.email}>`,
          `  id:            ${result.user.id}`,
          `  organisation:  ${result.user.organisation.name}`,
          `  roles:         ${result.user.roles.join(', ')}`,
          ...(result.initialPassword
            ? [`  initial password (shown once, to be changed at the first login): ${result.initialPassword}`]
            : []),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        await database.close();
      }
    });
}
