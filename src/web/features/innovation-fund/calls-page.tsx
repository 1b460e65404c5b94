// /funding/innovation: the calls of the innovation fund; for municipalities and providers the form to draft a
// proposal to a call that takes proposals; for the approving authority the form to prepare a new call.
import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { formatDateTime } from '../cases/format.ts';
import { useCalls } from './innovation-api.ts';
import { innovationRoles, LoadFailed } from './innovation-kit.tsx';
import { NewCallForm } from './new-call-form.tsx';
import { ProposeForm } from './propose-form.tsx';

export function CallsPage({ onProposalCreated }: { onProposalCreated: (proposalId: string) => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const calls = useCalls();
  const roles = me.data ? innovationRoles(me.data) : null;

  return (
    <Stack gap="lg">
      <PageTitle>{t('innovation.title')}</PageTitle>
      <Text>{t('innovation.intro')}</Text>
      <section aria-labelledby="calls-heading">
        <Title order={2} id="calls-heading" mb="sm">
          {t('innovation.calls.heading')}
        </Title>
        {calls.isPending ? (
          <Loading text={t('innovation.common.loading')} />
        ) : calls.isError ? (
          <LoadFailed error={calls.error} onRetry={() => void calls.refetch()} />
        ) : calls.data.items.length === 0 ? (
          <Text>{t('innovation.calls.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped>
              <Table.Caption>{t('innovation.calls.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('innovation.calls.callTitle')}</Table.Th>
                  <Table.Th scope="col">{t('innovation.calls.opensAt')}</Table.Th>
                  <Table.Th scope="col">{t('innovation.calls.deadline')}</Table.Th>
                  <Table.Th scope="col">{t('innovation.calls.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {calls.data.items.map((call) => (
                  <Table.Tr key={call.id}>
                    <Table.Td>
                      <AnchorLink to="/funding/innovation/calls/$callId" params={{ callId: call.id }}>
                        {call.title}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{formatDateTime(call.opensAt, i18n.language)}</Table.Td>
                    <Table.Td>{formatDateTime(call.deadline, i18n.language)}</Table.Td>
                    <Table.Td>
                      {t(`innovation.callStatus.${call.status}`)}
                      {call.acceptsProposals ? (
                        <Badge ml="xs" color="teal.9" variant="outline">
                          {t('innovation.calls.open')}
                        </Badge>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </section>
      {roles?.proposes && me.data && calls.data ? (
        <ProposeForm me={me.data} calls={calls.data.items} onCreated={onProposalCreated} />
      ) : null}
      {roles?.prepares ? <NewCallForm /> : null}
    </Stack>
  );
}
