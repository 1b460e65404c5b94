import { pino, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config.ts';

export type { Logger };

// Never log credentials or session material, whatever the call site passes.
const redact = {
  paths: [
    'req.headers.authorization',
    'req.headers.cookie',
    'res.headers["set-cookie"]',
    '*.password',
    '*.passwordHash',
    '*.token',
    '*.secret',
    'databaseUrl',
  ],
  censor: '[redacted]',
};

export function loggerOptions(config: Pick<Config, 'logLevel' | 'logFormat'>): LoggerOptions {
  return {
    level: config.logLevel,
    redact,
    base: { service: 'durchstarten' },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(config.logFormat === 'pretty'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service' },
          },
        }
      : {}),
  };
}

export function createLogger(config: Pick<Config, 'logLevel' | 'logFormat'>): Logger {
  return pino(loggerOptions(config));
}
