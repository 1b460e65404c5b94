import { z } from 'zod';

export const databaseModeSchema = z.enum(['embedded', 'external']);

export const systemStatusSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    environment: z.enum(['development', 'production', 'test']),
    startedAt: z.iso.datetime(),
    uptimeSeconds: z.number().int().nonnegative(),
    database: z.object({
      mode: databaseModeSchema,
      reachable: z.boolean(),
      serverVersion: z.string().nullable(),
      migrations: z.object({
        applied: z.number().int().nonnegative(),
        pending: z.number().int().nonnegative(),
        latest: z.string().nullable(),
      }),
    }),
  })
  .meta({ id: 'SystemStatus', description: 'Health of the running system as shown on the start page.' });

export type SystemStatus = z.infer<typeof systemStatusSchema>;

export const healthSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const readinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({
      // 'unknown': not probed, because the instance is overloaded (see pressure).
      database: z.enum(['ok', 'unreachable', 'unknown']),
      migrations: z.enum(['current', 'pending', 'unknown']),
      // Present only while the instance refuses requests: the signal over its limit (platform/http/overload.ts).
      pressure: z
        .object({
          signal: z.enum(['event_loop_delay', 'event_loop_utilization', 'database_pool']),
          value: z.number(),
          limit: z.number(),
        })
        .optional(),
    }),
  })
  .meta({ id: 'Readiness' });
