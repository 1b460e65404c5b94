// The Art. 15 export as a download. The server asks for a recent sign-in first (step-up); the answer is the
// file itself, saved under the name the server gives in Content-Disposition.
import type { exportFormats } from '../../../../data-rights/data-rights.schema.ts';
import { problemOf } from './raw-problem.ts';
import { participantPath } from './paths.ts';

export type ExportFormat = (typeof exportFormats)[number];

/** The file name of a Content-Disposition header, or a fallback. */
export function downloadFileName(header: string | null, fallback: string): string {
  const match = header ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(header) : null;
  const name = match?.[1] ? decodeURIComponent(match[1]) : '';
  // Only a plain file name: nothing that could point elsewhere.
  return /^[\w.-]{1,200}$/.test(name) ? name : fallback;
}

/** Fetches the export and hands it to the browser as a download; returns the file name. */
export async function downloadExport(id: string, format: ExportFormat): Promise<string> {
  const response = await fetch(`${participantPath(id, 'export')}?format=${format}`, {
    credentials: 'same-origin',
    headers: { accept: format === 'pdf' ? 'application/pdf' : 'application/json' },
  });
  if (!response.ok) throw await problemOf(response);
  const name = downloadFileName(response.headers.get('content-disposition'), `auskunft.${format}`);
  const url = URL.createObjectURL(await response.blob());
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = name;
    link.style.display = 'none';
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has started the download; the object URL is released after it was picked up.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
  return name;
}
