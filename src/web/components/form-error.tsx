import { Alert } from '@mantine/core';
import { forwardRef, type ReactNode } from 'react';

/** The message of a failed form submission, announced as an alert; it takes focus after a failure. */
export const FormError = forwardRef<HTMLDivElement, { title?: string; children: ReactNode }>(function FormError(
  { title, children },
  ref,
) {
  return (
    <Alert ref={ref} tabIndex={-1} color="red.9" variant="outline" title={title} role="alert">
      {children}
    </Alert>
  );
});
