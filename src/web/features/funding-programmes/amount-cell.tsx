// A table cell with an amount (right-aligned, de-DE), or "–" when there is none.
import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Money } from '../../components/money.tsx';

export function AmountCell({ cents }: { cents: number | null }) {
  const { t } = useTranslation();
  return (
    <Table.Td ta="right">{cents === null ? t('fundingProgrammes.common.none') : <Money cents={cents} />}</Table.Td>
  );
}
