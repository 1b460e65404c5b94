// Browser helpers for the end-to-end journeys: find a Chromium, open pages, check accessibility.
import { AxeBuilder } from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** WCAG 2.1 A + AA: what BITV 2.0 / EN 301 549 require. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

export const HOW_TO_INSTALL_A_BROWSER =
  'Install Chromium (Debian/Ubuntu: `apt-get install -y chromium`) or set CHROMIUM_PATH to a Chromium or Chrome executable.';

/** CHROMIUM_PATH if set (it must exist), else the first system Chromium/Chrome found. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.CHROMIUM_PATH;
  if (configured) return existsSync(configured) ? configured : undefined;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error(`No Chromium found. ${HOW_TO_INSTALL_A_BROWSER}`);
  return chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface OpenedPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors and console errors seen so far; a journey ends by expecting none. */
  errors: string[];
}

/**
 * A fresh context (own storage, so German is the default again) and one page in it.
 * @axe-core/playwright needs pages from `browser.newContext()`.
 */
export async function openPage(
  browser: Browser,
  options: { width?: number; height?: number } = {},
): Promise<OpenedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: options.height ?? 800 },
    locale: 'de-DE',
    timezoneId: 'Europe/Berlin',
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('console', (message) => {
    // Failed loads are reported above, with their URL.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      errors.push(`console error: ${message.text()}`);
    }
  });
  return { context, page, errors };
}

/** Fails with one line per violation: rule id, impact, help and the offending targets. */
export async function expectNoAxeViolations(page: Page, label = page.url()): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const lines = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'n/a'}): ${violation.help} -> ${violation.nodes
        .map((node) => node.target.join(' '))
        .join(' | ')}`,
  );
  expect(lines, `axe violations on ${label}`).toEqual([]);
}

export interface FocusedElement {
  tag: string;
  text: string;
  name: string | null;
  href: string | null;
  id: string;
  /** Outline or box-shadow drawn around it. */
  hasVisibleFocus: boolean;
  /** Inside the viewport (not moved off screen). */
  inViewport: boolean;
}

export async function focusedElement(page: Page): Promise<FocusedElement | null> {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!(element instanceof HTMLElement) || element === document.body) return null;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none' && style.boxShadow !== '';
    const rect = element.getBoundingClientRect();
    return {
      tag: element.tagName.toLowerCase(),
      text: (element.textContent ?? '').trim(),
      name: element.getAttribute('aria-label'),
      href: element.getAttribute('href'),
      id: element.id,
      hasVisibleFocus: outline || shadow,
      inViewport:
        rect.width > 0 &&
        rect.height > 0 &&
        rect.bottom > 0 &&
        rect.right > 0 &&
        rect.top < window.innerHeight &&
        rect.left < window.innerWidth,
    };
  });
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches, as a keyboard user would.
 * Checks on the way that every focused element shows a visible focus indicator in the viewport.
 */
export async function tabTo(
  page: Page,
  matches: (element: FocusedElement) => boolean,
  options: { backwards?: boolean; maxPresses?: number } = {},
): Promise<FocusedElement> {
  const key = options.backwards ? 'Shift+Tab' : 'Tab';
  const seen: string[] = [];
  for (let press = 0; press < (options.maxPresses ?? 40); press += 1) {
    await page.keyboard.press(key);
    const element = await focusedElement(page);
    if (!element) continue;
    seen.push(`${element.tag}:${element.name ?? element.text}`);
    expect(element.hasVisibleFocus, `visible focus on ${element.tag} "${element.name ?? element.text}"`).toBe(true);
    expect(element.inViewport, `focused ${element.tag} "${element.name ?? element.text}" is on screen`).toBe(true);
    if (matches(element)) return element;
  }
  throw new Error(`no matching element reached by ${key}; focused on the way: ${seen.join(', ')}`);
}
