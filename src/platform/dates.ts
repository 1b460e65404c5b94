// Calendar dates and instants in API schemas. Answers use the plain ISO formats; what a client sends is also
// bounded to 1900–2199: anything else is a typing error, and PostgreSQL rejects some of what ISO 8601 allows
// (year 0000), which must be a 400 with a field error, not a database error.
import { z } from 'zod';

const FIRST_DAY = '1900-01-01';
const LAST_DAY = '2199-12-31';
const inRange = (value: string): boolean => {
  const day = value.slice(0, 10);
  return day >= FIRST_DAY && day <= LAST_DAY;
};
const RANGE_MESSAGE = { message: 'a date between 1900 and 2199' };

/** A real calendar date, YYYY-MM-DD (as stored and returned). */
export const isoDate = z.iso.date();
/** A date entered: real and between 1900 and 2199 (one field error: the range is not checked on a malformed date). */
export const inputDate = z.iso.date({ abort: true }).refine(inRange, RANGE_MESSAGE);

/** An instant with its offset, as returned. */
export const isoDateTime = z.iso.datetime({ offset: true });
/** An instant entered: with its offset, on a day between 1900 and 2199. */
export const inputDateTime = z.iso.datetime({ offset: true, abort: true }).refine(inRange, RANGE_MESSAGE);
