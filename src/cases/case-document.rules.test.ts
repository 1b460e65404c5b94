import { describe, expect, it } from 'vitest';
import {
  attachmentDisposition,
  baseContentType,
  cleanFileName,
  documentProblems,
  MAX_DOCUMENT_BYTES,
} from './case-document.rules.ts';

const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n', 'latin1');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const docx = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.from('....[Content_Types].xml word/document.xml'),
]);
const odt = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.alloc(26),
  Buffer.from('mimetypeapplication/vnd.oasis.opendocument.text'),
]);
const text = Buffer.from('Bescheinigung über die Teilnahme – Sprachkurs B1\r\n', 'utf8');

describe('documentProblems', () => {
  it.each([
    ['zeugnis.pdf', 'application/pdf', pdf],
    ['foto.PNG', 'image/png', png],
    ['scan.jpg', 'image/jpeg', jpeg],
    ['scan.jpeg', 'image/jpeg', jpeg],
    ['lebenslauf.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx],
    ['brief.odt', 'application/vnd.oasis.opendocument.text', odt],
    ['notiz.txt', 'text/plain; charset=utf-8', text],
  ])('accepts %s (%s)', (fileName, contentType, bytes) => {
    expect(documentProblems({ fileName, contentType, bytes })).toEqual([]);
  });

  it.each([
    ['a type outside the allow-list', 'setup.exe', 'application/x-msdownload', Buffer.from('MZ'), ['type_not_allowed']],
    ['HTML, which a browser would render', 'seite.html', 'text/html', Buffer.from('<script>'), ['type_not_allowed']],
    ['a PDF name on other content', 'zeugnis.pdf', 'application/pdf', png, ['content_mismatch']],
    [
      'a ZIP that is no Word file',
      'lebenslauf.docx',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]),
      ['content_mismatch'],
    ],
    ['binary content as text', 'notiz.txt', 'text/plain', Buffer.from([0x41, 0x00, 0x42]), ['content_mismatch']],
    ['text that is not UTF-8', 'notiz.txt', 'text/plain', Buffer.from([0x66, 0xfc, 0x72]), ['content_mismatch']],
    ['a wrong extension', 'zeugnis.png', 'application/pdf', pdf, ['extension_mismatch']],
    ['no extension', 'zeugnis', 'application/pdf', pdf, ['extension_mismatch']],
    ['an empty file', 'leer.txt', 'text/plain', Buffer.alloc(0), ['empty']],
  ] as const)('refuses %s', (_name, fileName, contentType, bytes, expected) => {
    expect(documentProblems({ fileName, contentType, bytes })).toEqual(expected);
  });

  it('refuses more than 10 MiB and accepts exactly 10 MiB', () => {
    const exactly = Buffer.alloc(MAX_DOCUMENT_BYTES, 0x61);
    expect(documentProblems({ fileName: 'a.txt', contentType: 'text/plain', bytes: exactly })).toEqual([]);
    const more = Buffer.alloc(MAX_DOCUMENT_BYTES + 1, 0x61);
    expect(documentProblems({ fileName: 'a.txt', contentType: 'text/plain', bytes: more })).toEqual(['too_large']);
  });
});

describe('file names', () => {
  it('keeps the last path segment without control characters', () => {
    expect(cleanFileName('C:\\Users\\x\\Zeugnis 2024.pdf')).toBe('Zeugnis 2024.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('bad\u0000name\r\n.txt')).toBe('badname.txt');
    expect(cleanFileName('شهادة.pdf')).toBe('شهادة.pdf');
    expect(cleanFileName('  ')).toBeNull();
    expect(cleanFileName('..')).toBeNull();
    expect(cleanFileName(`${'a'.repeat(300)}.pdf`)).toHaveLength(255);
  });

  it('normalises the media type', () => {
    expect(baseContentType('Text/Plain; charset=UTF-8')).toBe('text/plain');
  });

  it('sends an ASCII fallback and the exact name in Content-Disposition', () => {
    expect(attachmentDisposition('Zeugnis Müller "final".pdf')).toBe(
      `attachment; filename="Zeugnis M_ller _final_.pdf"; filename*=UTF-8''Zeugnis%20M%C3%BCller%20%22final%22.pdf`,
    );
    expect(attachmentDisposition("a'b(c).txt")).toBe(
      `attachment; filename="a'b(c).txt"; filename*=UTF-8''a%27b%28c%29.txt`,
    );
  });
});
