// Load shedding: when the server is at capacity, a new request gets a fast 503 problem with Retry-After at the
// door (before authentication touches the database) instead of joining a queue that grows until everything
// times out. Two kinds of signal:
//   - the event loop (mean delay, utilisation), sampled once a second by @fastify/under-pressure;
//   - the database pool: callers already queued for a connection, read on every request. A sampled health
//     check would not do here: a burst of hundreds of requests arrives within one sampling interval and
//     would all be admitted into the queue before the next sample.
// /healthz and /readyz are never refused: liveness must stay cheap and true under load, and readiness reports
// the pressure itself (systemRoutes), so that a load balancer can route around a busy instance.
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import type { PoolStats } from '../db/database.ts';
import { AppError } from '../errors.ts';

export type PressureSignal = 'event_loop_delay' | 'event_loop_utilization' | 'database_pool';

export interface Pressure {
  signal: PressureSignal;
  value: number;
  limit: number;
}

export interface OverloadGuardOptions {
  limits: Config['overload'];
  poolStats: () => Pick<PoolStats, 'waiting'>;
}

export interface OverloadGuard {
  /** The signal over its limit right now, or null. */
  pressure(): Pressure | null;
  /** Requests refused since the start, by signal. */
  refused(): Readonly<Record<PressureSignal, number>>;
}

const EXEMPT_PATHS = new Set(['/healthz', '/readyz']);
const SUMMARY_INTERVAL_MS = 10_000;

// under-pressure's names of its signals.
const SIGNAL_OF: Record<string, PressureSignal> = {
  eventLoopDelay: 'event_loop_delay',
  eventLoopUtilization: 'event_loop_utilization',
};

function isExempt(request: FastifyRequest): boolean {
  return EXEMPT_PATHS.has(request.url.split('?', 1)[0] ?? '');
}

export async function installOverloadGuard(
  app: FastifyInstance,
  options: OverloadGuardOptions,
): Promise<OverloadGuard> {
  const { limits, poolStats } = options;
  const refusedCount: Record<PressureSignal, number> = {
    event_loop_delay: 0,
    event_loop_utilization: 0,
    database_pool: 0,
  };
  let unreported = 0;
  let lastSummary = 0;

  // One error per signal: a refused request must cost as little as possible (no stack trace per request).
  const errors = Object.fromEntries(
    (Object.keys(refusedCount) as PressureSignal[]).map((signal) => [
      signal,
      new AppError('overloaded', `The server is at capacity. Retry after ${limits.retryAfterSeconds} seconds.`, {
        headers: { 'retry-after': String(limits.retryAfterSeconds) },
      }),
    ]),
  ) as Record<PressureSignal, AppError>;

  function refuse(request: FastifyRequest, signal: PressureSignal, value: number): AppError {
    refusedCount[signal] += 1;
    unreported += 1;
    const now = Date.now();
    // A summary at most every few seconds: a line per refused request would add load exactly when there is
    // too much of it.
    if (now - lastSummary >= SUMMARY_INTERVAL_MS) {
      request.log.warn(
        { signal, value, refused: unreported, totals: { ...refusedCount } },
        'overloaded: refusing requests',
      );
      unreported = 0;
      lastSummary = now;
    }
    return errors[signal];
  }

  await app.register(underPressure, {
    maxEventLoopDelay: limits.maxEventLoopDelayMs,
    maxEventLoopUtilization: limits.maxEventLoopUtilization,
    // Utilisation of the last interval, not since the start of the process (the plugin's default).
    eventLoopUtilizationMode: 'interval',
    sampleInterval: 1_000,
    pressureHandler: (request, _reply, type, value) => {
      if (isExempt(request)) return undefined;
      // A rejected promise is passed on as the request's error: our problem handler answers it.
      return Promise.reject(refuse(request, SIGNAL_OF[type] ?? 'event_loop_delay', value ?? 0));
    },
  });

  // The totals once more at shutdown: the summaries above skip what came after the last one.
  app.addHook('onClose', async () => {
    const total = Object.values(refusedCount).reduce((sum, n) => sum + n, 0);
    if (total > 0)
      app.log.warn({ refused: total, totals: { ...refusedCount } }, 'overloaded: requests refused since start');
  });

  if (limits.maxPoolWaiting > 0) {
    app.addHook('onRequest', async (request) => {
      if (isExempt(request)) return;
      const waiting = poolStats().waiting;
      if (waiting >= limits.maxPoolWaiting) throw refuse(request, 'database_pool', waiting);
    });
  }

  return {
    pressure() {
      const usage = app.memoryUsage();
      if (limits.maxEventLoopDelayMs > 0 && usage.eventLoopDelay > limits.maxEventLoopDelayMs) {
        return { signal: 'event_loop_delay', value: usage.eventLoopDelay, limit: limits.maxEventLoopDelayMs };
      }
      if (limits.maxEventLoopUtilization > 0 && usage.eventLoopUtilized > limits.maxEventLoopUtilization) {
        return {
          signal: 'event_loop_utilization',
          value: usage.eventLoopUtilized,
          limit: limits.maxEventLoopUtilization,
        };
      }
      const waiting = poolStats().waiting;
      if (limits.maxPoolWaiting > 0 && waiting >= limits.maxPoolWaiting) {
        return { signal: 'database_pool', value: waiting, limit: limits.maxPoolWaiting };
      }
      return null;
    },
    refused: () => ({ ...refusedCount }),
  };
}
