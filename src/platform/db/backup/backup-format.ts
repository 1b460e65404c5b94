// The backup file of `durchstarten db:backup` / `db:restore` (issue 5).
//
// File: gzip (RFC 1952), two members written one after the other; a reader sees one stream (gunzip reads
// concatenated members). Contents, UTF-8, lines ending in "\n":
//
//   line 1   DURCHSTARTEN-BACKUP <format>                  magic and format version (this code writes 1)
//   line 2   {manifest as one line of JSON}                 see `manifestSchema`: format, createdAt (the snapshot's
//                                                           time), serverVersion, migration (last applied migration
//                                                           name), tables (in load order, each with its columns,
//                                                           row count and checksum), sequences (last_value, is_called)
//   then, for every table of the manifest in the same order:
//            @table <name>
//            <rows in COPY text format, one per line, the manifest's columns in its order>
//            \.
//   last     @end
//
// The data are written before the manifest is known (row counts and checksums come out of the stream), so they
// go to a temporary file first; the final file is gzip(magic + manifest) followed by those bytes.
//
// Why COPY text format and not binary: without a login that bypasses row-level security, the tenant tables are read
// one municipality at a time (see backup.ts), and text output of several COPY statements concatenates into one valid COPY input, while
// binary output carries a header and trailer per statement; text is also stable across PostgreSQL major versions
// (a backup of the embedded 18 restores into an external 15) and lets the format be checked line by line. A data
// row can never be the line "\." or start with "@": COPY text escapes backslashes, and "@table" lines appear only
// between the "\." of one table and the first row of the next.
//
// Checksum of a table: a multiset hash of its lines (the sum of the SHA-256 of every line, as four 64-bit words
// summed without overflow, then hashed together with the row count). It does not depend on the row order, so the
// restore can verify what the database holds after loading with one plain COPY, whatever order the server returns.
import { createHash } from 'node:crypto';
import { z } from 'zod';

export const BACKUP_MAGIC = 'DURCHSTARTEN-BACKUP';
export const BACKUP_FORMAT = 1;
export const TABLE_MARKER = '@table ';
export const END_MARKER = '@end';
export const COPY_END = '\\.';
/** File names of our backups: durchstarten-<UTC timestamp>.backup.gz (retention deletes nothing else). */
export const BACKUP_FILE = /^durchstarten-(\d{8}T\d{6}Z)\.backup\.gz$/;

export class BackupFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BackupFormatError';
  }
}

const identifier = z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/);

export const manifestSchema = z.object({
  format: z.literal(BACKUP_FORMAT),
  createdAt: z.iso.datetime({ offset: true }),
  serverVersion: z.string().min(1),
  migration: z.string().min(1),
  tables: z.array(
    z.object({
      name: identifier,
      columns: z.array(identifier).min(1),
      rows: z.number().int().min(0),
      checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
    }),
  ),
  sequences: z.array(z.object({ name: identifier, lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() })),
});

export type BackupManifest = z.infer<typeof manifestSchema>;

/** `durchstarten-20261129T020000Z.backup.gz` for a time (UTC, to the second). */
export function backupFileName(at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `durchstarten-${stamp}.backup.gz`;
}

/** The time in the name of one of our backup files, or null for any other file name. */
export function backupFileTime(name: string): Date | null {
  const match = BACKUP_FILE.exec(name);
  if (!match?.[1]) return null;
  const s = match[1];
  const iso = `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T${s.slice(9, 11)}:${s.slice(11, 13)}:${s.slice(13, 15)}Z`;
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? null : time;
}

/** Order-independent checksum of a table's COPY lines (see the header comment). */
export class TableChecksum {
  rows = 0;
  readonly #sums = [0n, 0n, 0n, 0n];

  /** One COPY line, without its "\n". */
  add(line: Buffer): void {
    const digest = createHash('sha256').update(line).digest();
    for (let i = 0; i < 4; i += 1) this.#sums[i] = (this.#sums[i] ?? 0n) + digest.readBigUInt64BE(i * 8);
    this.rows += 1;
  }

  digest(): string {
    const text = `${this.rows}:${this.#sums.map((sum) => sum.toString(16)).join(':')}`;
    return `sha256:${createHash('sha256').update(text).digest('hex')}`;
  }
}

/** Splits a byte stream into lines ("\n"); keeps a partial last line until the next chunk. */
export class LineSplitter {
  #rest: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    const data = this.#rest.length > 0 ? Buffer.concat([this.#rest, chunk]) : chunk;
    const lines: Buffer[] = [];
    let start = 0;
    for (let end = data.indexOf(10, start); end !== -1; end = data.indexOf(10, start)) {
      lines.push(data.subarray(start, end));
      start = end + 1;
    }
    this.#rest = data.subarray(start);
    return lines;
  }

  /** Bytes after the last "\n" (a complete stream has none). */
  get pending(): number {
    return this.#rest.length;
  }
}

/** Pulls lines out of a byte stream one at a time (the restore reads header, markers and rows in sequence). */
export class LineReader {
  readonly #chunks: AsyncIterator<Buffer, unknown>;
  readonly #splitter = new LineSplitter();
  #lines: Buffer[] = [];
  #index = 0;
  #done = false;

  constructor(stream: AsyncIterable<Buffer>) {
    this.#chunks = stream[Symbol.asyncIterator]();
  }

  /** The next line, or null at the end of the stream. A stream that ends without "\n" is truncated. */
  async next(): Promise<Buffer | null> {
    while (this.#index >= this.#lines.length) {
      if (this.#done) return null;
      const step = await this.#chunks.next();
      if (step.done) {
        this.#done = true;
        if (this.#splitter.pending > 0) throw new BackupFormatError('The backup file ends in the middle of a line.');
        return null;
      }
      this.#lines = this.#splitter.push(step.value);
      this.#index = 0;
    }
    const line = this.#lines[this.#index] as Buffer;
    this.#index += 1;
    return line;
  }

  /** Stops reading (closes the file underneath). */
  async close(): Promise<void> {
    this.#done = true;
    await this.#chunks.return?.();
  }
}

export function parseManifest(magicLine: Buffer | null, manifestLine: Buffer | null): BackupManifest {
  const magic = magicLine?.toString('utf8') ?? '';
  if (!magic.startsWith(`${BACKUP_MAGIC} `)) {
    throw new BackupFormatError('This is not a Durchstarten backup (the file does not start with its header).');
  }
  const format = Number(magic.slice(BACKUP_MAGIC.length + 1));
  if (format !== BACKUP_FORMAT) {
    throw new BackupFormatError(
      `The backup has format ${magic.slice(BACKUP_MAGIC.length + 1)}; this release reads format ${BACKUP_FORMAT}.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(manifestLine?.toString('utf8') ?? '');
  } catch (error) {
    throw new BackupFormatError('The manifest of the backup is not valid JSON.', { cause: error });
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new BackupFormatError(
      `The manifest of the backup is invalid (${first ? `${first.path.join('.')}: ${first.message}` : 'unknown'}).`,
    );
  }
  return parsed.data;
}
