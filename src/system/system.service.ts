import type { DatabaseMode } from '../platform/db/database.ts';
import type { MigrationStatus } from '../platform/db/migrations.ts';
import type { Pressure } from '../platform/http/overload.ts';
import type { SystemStatus } from './system.schema.ts';

export interface SystemDependencies {
  name: string;
  version: string;
  environment: SystemStatus['environment'];
  startedAt: Date;
  database: {
    mode: DatabaseMode;
    serverVersion(): Promise<string>;
    migrationStatus(): Promise<MigrationStatus>;
  };
  now?: () => Date;
  /** The load signal over its limit, if any (the overload guard); readiness then fails without probing. */
  pressure?: () => Pressure | null;
}

const PROBE_TIMEOUT_MS = 2_000;

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface Readiness {
  ready: boolean;
  database: 'ok' | 'unreachable' | 'unknown';
  migrations: 'current' | 'pending' | 'unknown';
  pressure?: Pressure;
}

export function createSystemService(deps: SystemDependencies) {
  const now = deps.now ?? (() => new Date());

  async function probeDatabase(): Promise<{ version: string | null; migrations: MigrationStatus | null }> {
    try {
      const [version, migrations] = await withTimeout(
        Promise.all([deps.database.serverVersion(), deps.database.migrationStatus()]),
        PROBE_TIMEOUT_MS,
      );
      return { version, migrations };
    } catch {
      return { version: null, migrations: null };
    }
  }

  return {
    /** Readiness: the database answers and no migration is pending. */
    async readiness(): Promise<Readiness> {
      // Under pressure, answer at once: a probe would queue behind the requests that cause it, and a load
      // balancer should take this instance out of rotation now, not after its probe timed out.
      const pressure = deps.pressure?.() ?? null;
      if (pressure) return { ready: false, database: 'unknown', migrations: 'unknown', pressure };
      const probe = await probeDatabase();
      const database = probe.version === null ? 'unreachable' : 'ok';
      const migrations =
        probe.migrations === null ? 'unknown' : probe.migrations.pending.length > 0 ? 'pending' : 'current';
      return { ready: database === 'ok' && migrations === 'current', database, migrations };
    },

    async status(): Promise<SystemStatus> {
      const probe = await probeDatabase();
      const applied = probe.migrations?.applied ?? [];
      return {
        name: deps.name,
        version: deps.version,
        environment: deps.environment,
        startedAt: deps.startedAt.toISOString(),
        uptimeSeconds: Math.max(0, Math.floor((now().getTime() - deps.startedAt.getTime()) / 1000)),
        database: {
          mode: deps.database.mode,
          reachable: probe.version !== null,
          serverVersion: probe.version,
          migrations: {
            applied: applied.length,
            pending: probe.migrations?.pending.length ?? 0,
            latest: applied.at(-1) ?? null,
          },
        },
      };
    },
  };
}

export type SystemService = ReturnType<typeof createSystemService>;
