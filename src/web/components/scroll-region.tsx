// A wide table's horizontal scroll area that keyboard users can scroll too (focusable, named region: axe
// "scrollable-region-focusable", WCAG 2.1.1), and the captioned table that usually stands in it.
import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

export function ScrollRegion({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <div style={{ minWidth }}>{children}</div>
    </div>
  );
}

/**
 * A table in its scroll region, named by its caption (region and table alike), with a header row of column
 * labels (null: a column that is left out); `children` are the body's rows.
 */
export function ScrollTable({
  caption,
  minWidth,
  columns,
  children,
}: {
  caption: string;
  minWidth: number;
  columns: readonly (string | null)[];
  children: ReactNode;
}) {
  return (
    <ScrollRegion label={caption} minWidth={minWidth}>
      <Table withTableBorder striped>
        <caption style={{ textAlign: 'start', fontWeight: 600 }}>{caption}</caption>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column, index) =>
              column === null ? null : (
                <Table.Th key={index} scope="col">
                  {column}
                </Table.Th>
              ),
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{children}</Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}
