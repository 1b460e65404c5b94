// The `durchstarten` command line. Every command gets --help from commander.
import { Command } from 'commander';
import { packageInfo } from '../app.ts';
import { registerAuditCommands } from './commands/audit.ts';
import { registerBackupCommands } from './commands/backup.ts';
import { registerBuildCommand } from './commands/build.ts';
import { registerCareerCommands } from './commands/careers.ts';
import { registerDatabaseCommands } from './commands/db.ts';
import { registerDevCommand } from './commands/dev.ts';
import { registerFundingCommands } from './commands/funding.ts';
import { registerImportCommands } from './commands/import.ts';
import { registerJobCommands } from './commands/jobs.ts';
import { registerOrganisationCommands } from './commands/organisations.ts';
import { registerSeedCommand } from './commands/seed.ts';
import { registerServeCommands } from './commands/serve.ts';
import { registerUserCommands } from './commands/users.ts';
import { describeFailure } from './context.ts';

export function createProgram(): Command {
  const program = new Command()
    .name('durchstarten')
    .description(
      "Durchstarten: case management and funding administration (Gemeinsam klappt's / Durchstarten in Ausbildung und Arbeit)",
    )
    .version(packageInfo.version)
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  registerServeCommands(program);
  registerBuildCommand(program);
  registerDevCommand(program);
  registerDatabaseCommands(program);
  registerBackupCommands(program);
  registerOrganisationCommands(program);
  registerAuditCommands(program);
  registerUserCommands(program);
  registerSeedCommand(program);
  registerImportCommands(program);
  registerJobCommands(program);
  registerCareerCommands(program);
  registerFundingCommands(program);
  return program;
}

try {
  await createProgram().parseAsync(process.argv);
} catch (error) {
  const failure = describeFailure(error);
  process.stderr.write(`durchstarten: ${failure.message}\n`);
  process.exit(failure.exitCode);
}
