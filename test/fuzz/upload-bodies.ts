// Request bodies of the two routes that take files: a multipart document upload (written by hand, so that
// broken forms can be written too) and a participant import as CSV (plausible or hostile cell by cell).
import fc from 'fast-check';
import { IMPORT_COLUMNS } from '../../src/imports/participant-import.rules.ts';
import { HUGE_STRINGS, hostileStringArbitrary, toJsonText } from './hostile-values.ts';
import { resolveRef, type JsonSchema, type OpenApiDocument } from './openapi.ts';
import { schemaArbitrary } from './schema-arbitrary.ts';

export const JSON_TYPE = 'application/json';

export interface RequestBody {
  payload: string | Buffer;
  /** Content-Type header; null sends none. */
  contentType: string | null;
}

export function jsonBody(value: unknown, contentType: string | null = JSON_TYPE): RequestBody {
  return { payload: toJsonText(value), contentType };
}

interface Part {
  name: string;
  value: string | Buffer;
  fileName?: string;
  contentType?: string;
}

function multipart(parts: Part[], boundary = 'fuzzboundary7MA4YWxkTrZu0gW', close = true): RequestBody {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.fileName === undefined ? '' : `; filename="${part.fileName}"`}`;
    const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : '';
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`));
    chunks.push(Buffer.isBuffer(part.value) ? part.value : Buffer.from(part.value));
    chunks.push(Buffer.from('\r\n'));
  }
  if (close) chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

const UPLOAD_FILES: { fileName: string; contentType: string; content: Buffer }[] = [
  { fileName: 'zeugnis.txt', contentType: 'text/plain', content: Buffer.from('Zeugnis der Berufsschule Köln\n') },
  { fileName: 'شهادة.txt', contentType: 'text/plain', content: Buffer.from('شهادة مدرسية') },
  {
    fileName: 'scan.pdf',
    contentType: 'application/pdf',
    content: Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
  },
  {
    fileName: 'bild.png',
    contentType: 'image/png',
    content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
  },
  { fileName: 'fake.pdf', contentType: 'application/pdf', content: Buffer.from('<script>alert(1)</script>') },
  { fileName: '../../etc/passwd', contentType: 'text/plain', content: Buffer.from('root:x:0:0') },
  { fileName: 'leer.txt', contentType: 'text/plain', content: Buffer.alloc(0) },
  { fileName: 'nul.txt', contentType: 'text/plain', content: Buffer.from('a\u0000b') },
  { fileName: 'prog.exe', contentType: 'application/x-msdownload', content: Buffer.from('MZ\x90\x00') },
  { fileName: 'x'.repeat(300), contentType: 'text/plain', content: Buffer.from('lang') },
];

export function multipartBodyArbitrary(
  schema: JsonSchema,
  document: OpenApiDocument,
): fc.Arbitrary<{ variant: string; body: RequestBody | null }> {
  const resolved = resolveRef(document, schema);
  const properties = (resolved.properties as Record<string, JsonSchema> | undefined) ?? {};
  const fieldNames = Object.keys(properties).filter((name) => properties[name]?.format !== 'binary');
  const fileName = Object.keys(properties).find((name) => properties[name]?.format === 'binary') ?? 'file';
  const fieldsSchema = {
    type: 'object',
    properties: Object.fromEntries(fieldNames.map((name) => [name, properties[name] ?? {}])),
    required: ((resolved.required as string[] | undefined) ?? []).filter((name) => fieldNames.includes(name)),
  };
  const fields = schemaArbitrary(fieldsSchema, { document, maxItems: 2 }) as fc.Arbitrary<Record<string, unknown>>;
  const fieldParts = (values: Record<string, unknown>): Part[] =>
    Object.entries(values).map(([name, value]) => ({ name, value: String(value) }));
  return fc
    .tuple(fields, fc.constantFrom(...UPLOAD_FILES), fc.nat(), hostileStringArbitrary())
    .chain(([values, file, pick, hostile]) => {
      const filePart: Part = {
        name: fileName,
        value: file.content,
        fileName: file.fileName,
        contentType: file.contentType,
      };
      const valid = multipart([...fieldParts(values), filePart]);
      return fc.constantFrom(
        { variant: 'valid multipart', body: valid },
        { variant: 'valid multipart', body: valid },
        { variant: 'multipart: no file', body: multipart(fieldParts(values)) },
        { variant: 'multipart: two files', body: multipart([...fieldParts(values), filePart, filePart]) },
        {
          variant: 'multipart: hostile field',
          body: multipart([
            ...fieldParts({ ...values, [fieldNames[pick % Math.max(1, fieldNames.length)] ?? 'title']: hostile }),
            filePart,
          ]),
        },
        {
          variant: 'multipart: unknown field',
          body: multipart([...fieldParts(values), { name: 'extra', value: hostile }, filePart]),
        },
        { variant: 'multipart: file first', body: multipart([filePart, ...fieldParts(values)]) },
        { variant: 'multipart: not closed', body: multipart([...fieldParts(values), filePart], undefined, false) },
        {
          variant: 'multipart: wrong boundary',
          body: { payload: valid.payload, contentType: 'multipart/form-data; boundary=other' },
        },
        { variant: 'multipart: no boundary', body: { payload: valid.payload, contentType: 'multipart/form-data' } },
        { variant: 'multipart: sent as JSON', body: jsonBody(values) },
        {
          variant: 'multipart: huge field',
          body: multipart([{ name: fieldNames[0] ?? 'title', value: HUGE_STRINGS.long }, filePart]),
        },
      );
    });
}

function csvCell(value: string): string {
  return /[;"\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** A participant import file: the documented header and a few rows, plausible or hostile cell by cell. */
export function csvBodyArbitrary(): fc.Arbitrary<{ variant: string; body: RequestBody | null }> {
  const columns = Object.keys(IMPORT_COLUMNS);
  const plausible: Record<string, fc.Arbitrary<string>> = {
    external_id: fc.uuid().map((id) => `EXT-${id.slice(0, 8)}`),
    family_name: fc.constantFrom('Haddad', 'Ahmadi', 'حداد', 'Öztürk'),
    birth_date: fc.constantFrom('2004-03-01', '2005-07', '2003', '2026-02-30', '0000-01-01'),
    gender: fc.constantFrom('female', 'male', 'diverse', 'not_stated'),
    residence_status: fc.constantFrom('toleration_60a', 'asylum_permit', ''),
    residence_status_valid_from: fc.constantFrom('2024-01-01', ''),
    postcode: fc.constantFrom('50667', '5066', ''),
    school_years: fc.constantFrom('9', '-1', '99', ''),
  };
  const cell = (column: string) =>
    fc.oneof(
      { weight: 3, arbitrary: plausible[column] ?? fc.constant('') },
      { weight: 1, arbitrary: hostileStringArbitrary() },
    );
  const row = fc.tuple(...columns.map(cell));
  return fc
    .tuple(fc.array(row, { minLength: 1, maxLength: 3 }), fc.constantFrom(';', ','))
    .chain(([rows, delimiter]) => {
      const lines = [columns.join(delimiter), ...rows.map((cells) => cells.map(csvCell).join(delimiter))];
      const text = `${lines.join('\r\n')}\r\n`;
      return fc.constantFrom(
        { variant: 'valid CSV', body: { payload: text, contentType: 'text/csv' } },
        { variant: 'valid CSV', body: { payload: `\uFEFF${text}`, contentType: 'text/csv; charset=utf-8' } },
        { variant: 'CSV: Latin-1 bytes', body: { payload: Buffer.from(text, 'latin1'), contentType: 'text/csv' } },
        { variant: 'CSV: header only', body: { payload: `${columns.join(delimiter)}\r\n`, contentType: 'text/csv' } },
        { variant: 'CSV: unknown column', body: { payload: `foo${delimiter}${text}`, contentType: 'text/csv' } },
        { variant: 'CSV: unbalanced quote', body: { payload: `${text}"unterminated`, contentType: 'text/csv' } },
        { variant: 'CSV: empty', body: { payload: '', contentType: 'text/csv' } },
        { variant: 'CSV: sent as JSON', body: jsonBody({ csv: text }) },
        { variant: 'CSV: no content type', body: { payload: text, contentType: null } },
      );
    });
}
