// What every area of the funding administration shares on its pages: dates in German notation (as amounts are,
// docs/funding.md), status badges, outcomes that take focus, the text of a failed change, field errors and load
// failures. The texts stay each area's own (its `common` block: a proof's "not found" names the proof), so the
// parts that speak take the area's text namespace.
import { Alert, Badge, Button, Text } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isProblem, type FieldProblem } from '../../lib/api-request.ts';

/** The areas whose texts carry the common messages (forbidden, notFound, stale, invalid, conflict, failed…). */
export type FundingTexts = 'fundingApplications' | 'fundingPayments' | 'fundingProofs' | 'innovation';

/** "2021-03-01" → "01.03.2021"; no date → "–". */
export function germanDate(iso: string | null): string {
  if (!iso) return '–';
  const [year, month, day] = iso.slice(0, 10).split('-');
  return `${day}.${month}.${year}`;
}

/** A status as an outlined badge (the dark shades keep the contrast on white, WCAG AA). */
export function FundingBadge({ colour, children }: { colour: string; children: ReactNode }) {
  return (
    <Badge color={colour} variant="outline">
      {children}
    </Badge>
  );
}

/** The outcome of an action; takes focus when it appears (give it a new `key` per outcome). */
export function Outcome({ tone = 'success', children }: { tone?: 'success' | 'error'; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color={tone === 'success' ? 'teal.9' : 'red.9'}
      variant="outline"
      role={tone === 'success' ? 'status' : 'alert'}
    >
      {children}
    </Alert>
  );
}

/** How the field problems of a refused change are told after "please check…": by default the server's messages. */
export type ProblemDetails = (problems: readonly FieldProblem[]) => string;

const serverMessages: ProblemDetails = (problems) => problems.map((problem) => problem.message).join(' ');

/** What a failed change means for the user, in the area's words; field errors stand next to their fields too. */
export function useFundingFailureText(texts: FundingTexts) {
  const { t } = useTranslation();
  return (error: unknown, details: ProblemDetails = serverMessages): string => {
    if (isProblem(error, 'forbidden')) return t(`${texts}.common.forbidden`);
    if (isProblem(error, 'not_found')) return t(`${texts}.common.notFound`);
    if (isProblem(error, 'precondition_failed')) return t(`${texts}.common.stale`);
    if (isProblem(error, 'validation_failed')) {
      const told = details(error.fieldErrors);
      return told ? `${t(`${texts}.common.invalid`)} ${told}` : t(`${texts}.common.invalid`);
    }
    if (isProblem(error, 'conflict')) {
      // the server's sentence (or the limit that was hit) says which state stands in the way
      return error.detail ? `${t(`${texts}.common.conflict`)} (${error.detail})` : t(`${texts}.common.conflict`);
    }
    return t(`${texts}.common.failed`);
  };
}

/** The message of a field in a failed change, if the server named that field. */
export function fieldError(error: unknown, field: string): string | undefined {
  if (!isProblem(error, 'validation_failed')) return undefined;
  const messages = error.fieldErrors.filter((problem) => problem.field === field).map((problem) => problem.message);
  return messages.length > 0 ? messages.join(' ') : undefined;
}

/** A load that failed: refusals and absent records are final; other failures offer to try again. */
export function FundingLoadFailed({
  texts,
  error,
  onRetry,
}: {
  texts: FundingTexts;
  error: Error;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  const final = isProblem(error) && error.status < 500;
  const text = isProblem(error, 'forbidden')
    ? t(`${texts}.common.forbidden`)
    : isProblem(error, 'not_found') || isProblem(error, 'validation_failed')
      ? t(`${texts}.common.notFound`)
      : t(`${texts}.common.loadFailed`);
  return (
    <Alert color="red.9" variant="outline" role="alert">
      <Text>{text}</Text>
      {final ? null : (
        <Button mt="sm" variant="outline" onClick={onRetry}>
          {t(`${texts}.common.retry`)}
        </Button>
      )}
    </Alert>
  );
}
