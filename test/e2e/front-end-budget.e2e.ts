// The front end's initial JavaScript budget (quality-targets.md: ≤ 250 KB gzipped), measured on what the running
// application serves: the entry script and every module it preloads, each gzipped at level 9. Lazily loaded
// pages and the English texts are not part of it.
import { gzipSync } from 'node:zlib';
import { describe, expect, inject, it } from 'vitest';

const BUDGET_BYTES = 250_000;

describe.skipIf(inject('e2eSkip'))('front-end budget', () => {
  const baseUrl = inject('baseUrl');

  it(`loads at most ${BUDGET_BYTES} bytes of gzipped JavaScript before the first render`, async () => {
    const html = await (await fetch(`${baseUrl}/`)).text();
    const scripts = [
      ...html.matchAll(/<script[^>]*\ssrc="([^"]+\.js)"/g),
      ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g),
    ]
      .map((match) => match[1])
      .filter((path): path is string => path !== undefined);
    expect(scripts.length).toBeGreaterThan(1);
    const sizes = await Promise.all(
      scripts.map(async (path) => {
        const response = await fetch(new URL(path, baseUrl));
        expect(response.status, path).toBe(200);
        const body = Buffer.from(await response.arrayBuffer());
        return { path, gzipped: gzipSync(body, { level: 9 }).length, text: body.toString('utf8') };
      }),
    );
    const total = sizes.reduce((sum, file) => sum + file.gzipped, 0);
    // The figure for docs/benchmarks.md, printed with every run.
    console.info(`initial JavaScript: ${total} bytes gzipped in ${sizes.length} files (budget ${BUDGET_BYTES})`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
    // English is loaded on demand: its common texts are in no initial file.
    expect(sizes.filter((file) => file.text.includes('Skip to content')).map((file) => file.path)).toEqual([]);
  });
});
