// A grant's amounts per strand and budget year (decided, forwarded, paid, requestable…): the table the grant, its
// payments and its forwarding show, each with the columns of its own question. Amounts in de-DE, right-aligned.
import { Table, Title } from '@mantine/core';
import { Money } from '../../components/money.tsx';

const right = { textAlign: 'right' } as const;

export interface AmountsRow {
  strand: string;
  budgetYear: number;
  /** the amounts in the order of the columns */
  cents: readonly number[];
}

export function AmountsTable({
  id,
  heading,
  caption,
  minWidth,
  strandLabel,
  yearLabel,
  columns,
  rows,
  total,
}: {
  /** the id of the heading that names the section */
  id: string;
  heading: string;
  caption: string;
  minWidth: number;
  strandLabel: string;
  yearLabel: string;
  /** the labels of the amount columns */
  columns: readonly string[];
  rows: readonly AmountsRow[];
  /** a last row with the totals, headed by its label */
  total?: { label: string; cents: readonly number[] };
}) {
  return (
    <section aria-labelledby={id}>
      <Title order={2} id={id} mb="sm">
        {heading}
      </Title>
      <Table.ScrollContainer minWidth={minWidth}>
        <Table striped>
          <Table.Caption>{caption}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{strandLabel}</Table.Th>
              <Table.Th scope="col">{yearLabel}</Table.Th>
              {columns.map((column) => (
                <Table.Th key={column} scope="col" style={right}>
                  {column}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={`${row.strand}-${row.budgetYear}`}>
                <Table.Td>{row.strand}</Table.Td>
                <Table.Td>{row.budgetYear}</Table.Td>
                <AmountCells cents={row.cents} />
              </Table.Tr>
            ))}
            {total ? (
              <Table.Tr>
                <Table.Th scope="row" colSpan={2}>
                  {total.label}
                </Table.Th>
                <AmountCells cents={total.cents} />
              </Table.Tr>
            ) : null}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </section>
  );
}

function AmountCells({ cents }: { cents: readonly number[] }) {
  return cents.map((amount, index) => (
    <Table.Td key={index} style={right}>
      <Money cents={amount} />
    </Table.Td>
  ));
}
