// The municipality's measure-career view (/offers/careers): counts of alerts by rule, state, provider and kind of
// offer (aggregate: no personal data), for the managing office, the alliance and the case workers.
import { Alert, NativeSelect, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlertStatus } from '../../../careers/career.codes.ts';
import { alertStatuses } from '../../../careers/career.codes.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { useAlertSummary } from './api/alerts.ts';
import { registerCareerTexts } from './career-texts.ts';

registerCareerTexts();

function CountTable({
  title,
  column,
  rows,
}: {
  title: string;
  column: string;
  rows: { label: string; alerts: number }[];
}) {
  const { t, i18n } = useTranslation();
  const number = new Intl.NumberFormat(i18n.language === 'en' ? 'en-GB' : 'de-DE');
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {title}
      </Title>
      {rows.length === 0 ? (
        <Text>{t('careers.summary.empty')}</Text>
      ) : (
        <Table striped>
          <Table.Caption>{title}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{column}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('careers.summary.alerts')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.label}>
                <Table.Th scope="row" fw={400}>
                  {row.label}
                </Table.Th>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {number.format(row.alerts)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function Summary({ municipalityId }: { municipalityId: string }) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<AlertStatus | undefined>(undefined);
  const summary = useAlertSummary(municipalityId, status);
  return (
    <Stack gap="md">
      <NativeSelect
        label={t('careers.summary.statusFilter')}
        value={status ?? ''}
        onChange={(event) => {
          const value = event.currentTarget.value;
          setStatus(alertStatuses.find((item) => item === value));
        }}
        data={[
          { value: '', label: t('careers.summary.statusAll') },
          ...alertStatuses.map((item) => ({ value: item, label: t(`careers.statuses.${item}`) })),
        ]}
        maw={320}
      />
      {summary.isPending ? <Loading text={t('cases.common.loading')} /> : null}
      {summary.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          {t('careers.summary.loadFailed')}
        </Alert>
      ) : null}
      {summary.data ? (
        <>
          <Text fw={600} role="status">
            {t('careers.summary.total', { total: summary.data.total, participants: summary.data.participants })}
          </Text>
          <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
            <CountTable
              title={t('careers.summary.byRule')}
              column={t('careers.summary.rule')}
              rows={summary.data.byRule.map((row) => ({ label: t(`careers.rules.${row.key}`), alerts: row.alerts }))}
            />
            <CountTable
              title={t('careers.summary.byStatus')}
              column={t('careers.summary.status')}
              rows={summary.data.byStatus.map((row) => ({
                label: t(`careers.statuses.${row.key}`),
                alerts: row.alerts,
              }))}
            />
            <CountTable
              title={t('careers.summary.byProvider')}
              column={t('careers.summary.provider')}
              rows={summary.data.byProvider.map((row) => ({ label: row.providerName, alerts: row.alerts }))}
            />
            <CountTable
              title={t('careers.summary.byOfferType')}
              column={t('careers.summary.offerType')}
              rows={summary.data.byOfferType.map((row) => ({
                label: t(`offers.types.${row.key}`),
                alerts: row.alerts,
              }))}
            />
          </SimpleGrid>
        </>
      ) : null}
    </Stack>
  );
}

export function CareerSummaryPage() {
  const { t } = useTranslation();
  const me = useMe();
  const person = me.data;
  const municipalityId = person?.activeMunicipalityId ?? null;
  const readable = person ? can(person, 'read', 'aggregate') : false;
  return (
    <Stack gap="lg">
      <PageTitle documentTitle={t('careers.summary.documentTitle')}>{t('careers.summary.title')}</PageTitle>
      <Text>{t('careers.summary.intro')}</Text>
      {me.isPending ? <Loading text={t('cases.common.loading')} /> : null}
      {!me.isPending && !person ? <Text>{t('careers.summary.signedOut')}</Text> : null}
      {person && (!readable || !municipalityId) ? <Text>{t('careers.summary.noAccess')}</Text> : null}
      {person && readable && municipalityId ? <Summary key={municipalityId} municipalityId={municipalityId} /> : null}
      {person && can(person, 'read', 'policy') ? (
        <AnchorLink to="/admin/careers">{t('careers.summary.settingsLink')}</AnchorLink>
      ) : null}
    </Stack>
  );
}
