// Pure rules of case documents: which files are accepted, checked against their content (not only the type a
// browser claims), and a file name that is safe to send back in Content-Disposition.

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;

/** The accepted formats: content type, file extensions, and how their content starts. */
export const documentFormats = {
  'application/pdf': { extensions: ['pdf'], label: 'PDF' },
  'image/png': { extensions: ['png'], label: 'PNG' },
  'image/jpeg': { extensions: ['jpg', 'jpeg'], label: 'JPEG' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { extensions: ['docx'], label: 'DOCX' },
  'application/vnd.oasis.opendocument.text': { extensions: ['odt'], label: 'ODT' },
  'text/plain': { extensions: ['txt'], label: 'Text' },
} as const;
export type DocumentContentType = keyof typeof documentFormats;
export const documentContentTypes = Object.keys(documentFormats) as [DocumentContentType, ...DocumentContentType[]];

export type DocumentProblem = 'empty' | 'too_large' | 'type_not_allowed' | 'content_mismatch' | 'extension_mismatch';

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];

/** Whether the bytes look like the content type (magic numbers; text must be UTF-8 without control bytes). */
export function contentMatches(contentType: DocumentContentType, bytes: Uint8Array): boolean {
  switch (contentType) {
    case 'application/pdf':
      return startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]); // %PDF-
    case 'image/png':
      return startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    case 'image/jpeg':
      return startsWith(bytes, [0xff, 0xd8, 0xff]);
    case 'application/vnd.openxmlformats-officedocument.wordprocessingml.document':
      // An OOXML package is a ZIP archive that names its main part.
      return startsWith(bytes, ZIP) && includesAscii(bytes, 'word/');
    case 'application/vnd.oasis.opendocument.text':
      // An ODF package is a ZIP archive whose first entry "mimetype" holds the media type, uncompressed.
      return startsWith(bytes, ZIP) && includesAscii(bytes.subarray(0, 200), 'application/vnd.oasis.opendocument.text');
    case 'text/plain':
      return isPlainText(bytes);
  }
}

function includesAscii(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(text, 0, 'latin1');
}

function isPlainText(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // Control characters other than tab, line feed, form feed and carriage return mark a binary file.
  return !bytes.some((byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d);
}

export function isDocumentContentType(value: string): value is DocumentContentType {
  return Object.hasOwn(documentFormats, value);
}

/** The media type without parameters, lower case ("text/plain; charset=utf-8" → "text/plain"). */
export function baseContentType(value: string): string {
  return (value.split(';', 1)[0] ?? '').trim().toLowerCase();
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/** Every problem of an uploaded file: its declared type, its extension and its content must agree. */
export function documentProblems(file: {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
}): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  if (file.bytes.byteLength === 0) problems.push('empty');
  if (file.bytes.byteLength > MAX_DOCUMENT_BYTES) problems.push('too_large');
  const type = baseContentType(file.contentType);
  if (!isDocumentContentType(type)) {
    problems.push('type_not_allowed');
    return problems;
  }
  if (!(documentFormats[type].extensions as readonly string[]).includes(extensionOf(file.fileName))) {
    problems.push('extension_mismatch');
  }
  if (file.bytes.byteLength > 0 && !contentMatches(type, file.bytes)) problems.push('content_mismatch');
  return problems;
}

/**
 * The name to store: the last path segment (browsers on Windows send "C:\\…\\name"), without control characters,
 * trimmed, at most 255 characters; null when nothing is left.
 */
export function cleanFileName(raw: string): string | null {
  const lastSegment = raw.split(/[\\/]/).at(-1) ?? '';
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const cleaned = lastSegment.replace(/[\u0000-\u001f\u007f-\u009f]/g, '').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') return null;
  return Array.from(cleaned).slice(0, 255).join('').slice(0, 255);
}

/** A Content-Disposition header for a download: an ASCII fallback plus the exact name (RFC 6266, RFC 8187). */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
