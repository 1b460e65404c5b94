import { describe, expect, it } from 'vitest';
import { baseDirection, hasRightToLeft, tokens, visualOrder } from './visual-order.ts';

const MUHAMMAD = 'محمد';
const AHMAD = 'أحمد';

describe('visual order of right-to-left text', () => {
  it('recognises right-to-left script', () => {
    expect(hasRightToLeft(`${MUHAMMAD} ${AHMAD}`)).toBe(true);
    expect(hasRightToLeft('Алексей Иванов')).toBe(false);
    expect(hasRightToLeft('Müller')).toBe(false);
  });

  it('puts the first Arabic word on the right', () => {
    const text = `${MUHAMMAD} ${AHMAD}`;
    expect(baseDirection(text)).toBe('rtl');
    expect(visualOrder(tokens(text))).toEqual([AHMAD, ' ', MUHAMMAD]);
  });

  it('keeps a Latin run in its order inside a right-to-left line', () => {
    expect(visualOrder(tokens(`${MUHAMMAD} Ali Khan`))).toEqual(['Ali', ' ', 'Khan', ' ', MUHAMMAD]);
  });

  it('reverses only the Arabic run inside a left-to-right line', () => {
    expect(visualOrder(tokens(`Name: ${MUHAMMAD} ${AHMAD} (Syrien)`))).toEqual([
      'Name:',
      ' ',
      AHMAD,
      ' ',
      MUHAMMAD,
      ' ',
      '(Syrien)',
    ]);
  });

  it('splits a word where the script changes', () => {
    expect(tokens(`${MUHAMMAD}123`)).toEqual([MUHAMMAD, '123']);
    expect(visualOrder(tokens(`${MUHAMMAD} 123`))).toEqual(['123', ' ', MUHAMMAD]);
  });

  it('leaves left-to-right text as it is', () => {
    expect(visualOrder(tokens('Алексей Иванов'))).toEqual(['Алексей', ' ', 'Иванов']);
  });
});
