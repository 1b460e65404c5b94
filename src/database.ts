// The database as Kysely sees it: every area's tables, composed here (areas declare them in *.table.ts).
// Empty until the first area with tables lands.
export type Database = Record<string, never>;
