import { Alert } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { fieldId } from './organisation-fields.tsx';
import type { FormField } from './organisation-form-values.ts';

/**
 * The problems of a submitted form, listed with links to their fields; each field shows its own message
 * too. Focused when it appears: give it a new `key` per attempt so that a repeated failure is announced.
 */
export function ProblemSummary({ problems }: { problems: { field: FormField; label: string; text: string }[] }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      color="red.9"
      variant="outline"
      title={t('organisations.errors.summary')}
      role="alert"
    >
      <ul style={{ margin: 0, paddingInlineStart: '1.2rem' }}>
        {problems.map((problem) => (
          <li key={problem.field}>
            <a
              href={`#${fieldId(problem.field)}`}
              onClick={(event) => {
                event.preventDefault();
                document.getElementById(fieldId(problem.field))?.focus();
              }}
            >
              {problem.label}: {problem.text}
            </a>
          </li>
        ))}
      </ul>
    </Alert>
  );
}
