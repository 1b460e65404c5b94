import { ConfigError, loadConfig, type Config } from '../platform/config.ts';
import { isAppError } from '../platform/errors.ts';
import { createLogger, type Logger } from '../platform/logger.ts';

export interface CliContext {
  config: Config;
  logger: Logger;
}

/** Config is parsed once per command, from the environment plus the command's own overrides. */
export function cliContext(overrides: Record<string, string | undefined> = {}): CliContext {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined));
  const config = loadConfig({ ...process.env, ...defined });
  return { config, logger: createLogger(config) };
}

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export function describeFailure(error: unknown): { message: string; exitCode: number } {
  if (error instanceof ConfigError) return { message: error.message, exitCode: 2 };
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  // A use case refused the input (validation, conflict, not found): the operator's mistake, exit 2.
  if (isAppError(error) && error.status < 500) {
    const details = error.fieldErrors.map((e) => `  ${e.field}: ${e.message}`).join('\n');
    return { message: `${error.message}${details ? `\n${details}` : ''}`, exitCode: 2 };
  }
  if (error instanceof Error) {
    // Errors of our own platform carry a message written for the operator.
    const known = ['EmbeddedPostgresError', 'BootstrapError', 'MigrationError'];
    if (known.includes(error.name)) return { message: error.message, exitCode: 1 };
    // PostgreSQL's own errors (unknown database, refused login, …) are messages for the operator too.
    const pgError = error as Error & { code?: unknown; severity?: unknown };
    if (typeof pgError.code === 'string' && typeof pgError.severity === 'string') {
      return { message: `PostgreSQL: ${error.message} (SQLSTATE ${pgError.code})`, exitCode: 1 };
    }
    if (pgError.code === 'ECONNREFUSED' || pgError.code === 'ENOTFOUND') {
      return { message: `Cannot reach the database server: ${error.message}`, exitCode: 1 };
    }
    return { message: error.stack ?? error.message, exitCode: 1 };
  }
  return { message: String(error), exitCode: 1 };
}
