// /funding/applications: a municipality's own applications (drafts, submitted, decided) with the way to a new
// one; for the approving authority the inbox of every submitted application.
import { Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applicationStatuses } from '../../../funding/funding.codes.ts';
import { Loading } from '../../components/loading.tsx';
import { Money } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { fundingSides, LoadFailed, StatusBadge } from './application-kit.tsx';
import { useApplications } from './applications-api.ts';

export function ApplicationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [status, setStatus] = useState('');
  const applications = useApplications({ status: status || undefined });
  const sides = me.data ? fundingSides(me.data) : null;

  return (
    <Stack gap="lg">
      <PageTitle>{t('fundingApplications.list.title')}</PageTitle>
      <Text>
        {sides?.authority ? t('fundingApplications.list.introAuthority') : t('fundingApplications.list.introApplicant')}
      </Text>
      <Group justify="space-between" align="end">
        <NativeSelect
          label={t('fundingApplications.list.statusFilter')}
          value={status}
          onChange={(event) => setStatus(event.currentTarget.value)}
          data={[
            { value: '', label: t('fundingApplications.list.allStatuses') },
            ...applicationStatuses.map((value) => ({ value, label: t(`fundingApplications.status.${value}`) })),
          ]}
        />
        <Group>
          {sides?.applicant ? (
            <AnchorLink to="/funding/applications/new">{t('fundingApplications.list.newApplication')}</AnchorLink>
          ) : null}
          <AnchorLink to="/funding/grants">{t('fundingApplications.list.grants')}</AnchorLink>
        </Group>
      </Group>
      {applications.isPending ? (
        <Loading text={t('fundingApplications.common.loading')} />
      ) : applications.isError ? (
        <LoadFailed error={applications.error} onRetry={() => void applications.refetch()} />
      ) : applications.data.items.length === 0 ? (
        <Text>{t('fundingApplications.list.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table striped>
            <Table.Caption>{t('fundingApplications.list.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fundingApplications.list.applicationTitle')}</Table.Th>
                <Table.Th scope="col">{t('fundingApplications.list.reference')}</Table.Th>
                <Table.Th scope="col">{t('fundingApplications.list.municipality')}</Table.Th>
                <Table.Th scope="col">{t('fundingApplications.list.programme')}</Table.Th>
                <Table.Th scope="col">{t('fundingApplications.list.status')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingApplications.list.requested')}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {applications.data.items.map((application) => (
                <Table.Tr key={application.id}>
                  <Table.Td>
                    <AnchorLink to="/funding/applications/$applicationId" params={{ applicationId: application.id }}>
                      {application.title}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{application.reference ?? t('fundingApplications.common.none')}</Table.Td>
                  <Table.Td>{application.municipalityName}</Table.Td>
                  <Table.Td>{application.programmeCode}</Table.Td>
                  <Table.Td>
                    <StatusBadge status={application.status} />
                  </Table.Td>
                  <Table.Td style={{ textAlign: 'right' }}>
                    <Money cents={application.requestedCents} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
