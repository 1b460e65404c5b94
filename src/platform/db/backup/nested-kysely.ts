// A Kysely instance that runs on ONE pg client which is already inside a transaction (the restore's), and turns the
// transactions that code run through it opens (the migrator's, withTenant's) into savepoints. Everything they do
// thereby belongs to the outer transaction: a restore that fails at its last step still leaves the target as it was.
import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresDriver,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type PostgresPool,
  type PostgresPoolClient,
} from 'kysely';
import type pg from 'pg';

class SavepointDriver extends PostgresDriver {
  #depth = 0;

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    this.#depth += 1;
    await connection.executeQuery(CompiledQuery.raw(`savepoint nested_${this.#depth}`));
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release savepoint nested_${this.#depth}`));
    this.#depth -= 1;
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to savepoint nested_${this.#depth}`));
    await connection.executeQuery(CompiledQuery.raw(`release savepoint nested_${this.#depth}`));
    this.#depth -= 1;
  }
}

/** A pool of the one client: a caller waits until the previous one released it (Kysely's transactions hold it). */
function singleClientPool(client: pg.Client): PostgresPool {
  let queue: Promise<void> = Promise.resolve();
  return {
    options: {},
    async connect(): Promise<PostgresPoolClient> {
      let release: () => void = () => undefined;
      const previous = queue;
      queue = new Promise<void>((resolve) => (release = resolve));
      await previous;
      return {
        query: client.query.bind(client),
        release: () => release(),
      };
    },
    // The client belongs to the caller, who ends it.
    async end() {},
  };
}

export function nestedKysely<DB>(client: pg.Client): Kysely<DB> {
  const pool = singleClientPool(client);
  const dialect: Dialect = {
    createDriver: () => new SavepointDriver({ pool }),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createAdapter: () => new PostgresAdapter(),
    createIntrospector: (db) => new PostgresIntrospector(db),
  };
  return new Kysely<DB>({ dialect });
}
