// A wide table's horizontal scroll area that keyboard users can scroll too (focusable, named region: axe
// "scrollable-region-focusable", WCAG 2.1.1).
import type { ReactNode } from 'react';

export function ScrollRegion({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}
