import { Alert } from '@mantine/core';
import { useEffect, useRef, type ReactNode } from 'react';

/**
 * The message of a failed form submission, announced as an alert. It takes focus when it appears;
 * give it a new `key` per attempt so that a repeated failure is announced and focused again.
 */
export function FormError({ title, children }: { title?: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert ref={ref} tabIndex={-1} color="red.9" variant="outline" title={title} role="alert">
      {children}
    </Alert>
  );
}
