import type { Command } from 'commander';
import { PROJECT_ROOT, WEB_ROOT } from '../../app.ts';
import { buildWeb } from '../web-build.ts';

export function registerBuildCommand(program: Command): void {
  program
    .command('build')
    .description('Build the web assets into dist/web (start does this by itself when they are missing or stale)')
    .action(async () => {
      await buildWeb(PROJECT_ROOT, WEB_ROOT, (message) => process.stdout.write(`${message}\n`));
    });
}
