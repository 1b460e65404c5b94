// The funding programmes (/funding/programmes): each with its runtime, total budget, strands and current version.
import { Alert, Button, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AmountCell } from './amount-cell.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useProgrammes } from './api/funding-programmes-api.ts';
import { germanDate } from '../funding-shared/funding-kit.tsx';
import { ScrollTable } from '../../components/scroll-region.tsx';

export function ProgrammesPage() {
  const { t } = useTranslation();
  const programmes = useProgrammes();
  return (
    <Stack gap="lg">
      <PageTitle>{t('fundingProgrammes.programmes.title')}</PageTitle>
      <Text>{t('fundingProgrammes.programmes.intro')}</Text>
      <AnchorLink to="/funding">{t('fundingProgrammes.common.backToHub')}</AnchorLink>
      {programmes.isPending ? <Loading text={t('fundingProgrammes.common.loading')} /> : null}
      {programmes.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          <Text mb="sm">{t('fundingProgrammes.common.failed')}</Text>
          <Button variant="default" onClick={() => void programmes.refetch()}>
            {t('fundingProgrammes.common.retry')}
          </Button>
        </Alert>
      ) : null}
      {programmes.data ? (
        <ScrollTable
          caption={t('fundingProgrammes.programmes.caption')}
          minWidth={800}
          columns={[
            t('fundingProgrammes.programmes.name'),
            t('fundingProgrammes.programmes.runtime'),
            t('fundingProgrammes.programmes.total'),
            t('fundingProgrammes.programmes.strands'),
            t('fundingProgrammes.programmes.version'),
          ]}
        >
          {programmes.data.items.map((programme) => (
            <Table.Tr key={programme.id}>
              <Table.Th scope="row" fw={400}>
                <AnchorLink to="/funding/programmes/$programmeId" params={{ programmeId: programme.id }}>
                  {programme.name}
                </AnchorLink>
              </Table.Th>
              <Table.Td>
                {t('fundingProgrammes.programmes.fromTo', {
                  from: germanDate(programme.runtime.from),
                  to: germanDate(programme.runtime.to),
                })}
              </Table.Td>
              <AmountCell cents={programme.totalBudgetCents} />
              <Table.Td>{programme.strands.map((strand) => strand.code).join(', ')}</Table.Td>
              <Table.Td>{programme.currentVersion}</Table.Td>
            </Table.Tr>
          ))}
        </ScrollTable>
      ) : null}
    </Stack>
  );
}
