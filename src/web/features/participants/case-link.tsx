import { Anchor, type AnchorProps } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import type { MouseEvent, ReactNode } from 'react';

/** Where a case is shown (the cases feature's page). */
export function casePath(caseId: string): string {
  return `/cases/${encodeURIComponent(caseId)}`;
}

/**
 * A link to a case page. The case pages belong to another feature, so the link is built from the address
 * rather than from that feature's route; it still navigates inside the app (and opens a new tab on demand).
 */
export function CaseLink({
  caseId,
  children,
  ...props
}: AnchorProps & { caseId: string; children: ReactNode; 'aria-label'?: string }) {
  const router = useRouter();
  const href = casePath(caseId);
  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void router.navigate({ href });
  };
  return (
    <Anchor href={href} onClick={follow} {...props}>
      {children}
    </Anchor>
  );
}
