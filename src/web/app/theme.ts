import { Anchor, createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * Mantine's defaults fail WCAG 2.1 AA contrast in places (blue.6 buttons with white text,
 * gray.6 "dimmed" text, red.6 errors). Blue shade 8 (#1971c2) reaches 5.0:1 against white,
 * both as button background with white text and as link colour.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  focusRing: 'auto',
  defaultRadius: 'sm',
  cursorType: 'pointer',
  headings: { fontWeight: '700' },
  components: {
    // Links are underlined so they are not told apart from text by colour alone (WCAG 1.4.1).
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-anchor': 'var(--mantine-color-blue-9)',
  },
  dark: {},
});
