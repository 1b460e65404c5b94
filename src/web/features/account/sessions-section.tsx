import { Alert, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApplyAuthState } from '../../lib/auth-session.ts';
import { endAllSessions, revokeSession, SESSIONS_KEY, useSessions } from './api/account-api.ts';
import { formatDateTime } from './format.ts';
import { Loading } from '../../components/loading.tsx';

/** My active sessions, each with a button to end it, and "log out everywhere". */
export function SessionsSection() {
  const { t, i18n } = useTranslation();
  const sessions = useSessions();
  const queryClient = useQueryClient();
  const apply = useApplyAuthState();
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);

  const signedOut = () => {
    apply({ stage: null, user: null });
    router.history.push('/login');
  };

  const end = async (id: string, current: boolean) => {
    await revokeSession(id);
    if (current) return signedOut();
    setMessage(t('account.sessions.ended'));
    await queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
  };

  const endAll = async () => {
    await endAllSessions();
    signedOut();
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="account-sessions-title">
      <Title order={2} id="account-sessions-title">
        {t('account.sessions.title')}
      </Title>
      <Text>{t('account.sessions.intro')}</Text>
      {message ? (
        <Alert color="teal.9" variant="outline" role="status">
          {message}
        </Alert>
      ) : null}
      {sessions.isPending ? <Loading /> : null}
      {sessions.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          {t('auth.common.failed')}
        </Alert>
      ) : null}
      {sessions.data ? (
        <Table.ScrollContainer minWidth={560}>
          <Table striped withTableBorder>
            <Table.Caption>{t('account.sessions.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('account.sessions.device')}</Table.Th>
                <Table.Th scope="col">{t('account.sessions.signedIn')}</Table.Th>
                <Table.Th scope="col">{t('account.sessions.lastSeen')}</Table.Th>
                <Table.Th scope="col">{t('account.sessions.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sessions.data.items.map((session) => (
                <Table.Tr key={session.id}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Text size="sm">{session.userAgent ?? t('account.sessions.unknownDevice')}</Text>
                    <Text size="sm">{session.ip ? t('account.sessions.ip', { ip: session.ip }) : null}</Text>
                    {session.current ? (
                      <Badge color="teal.9" variant="outline" tt="none">
                        {t('account.sessions.current')}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <time dateTime={session.createdAt}>{formatDateTime(session.createdAt, i18n.language)}</time>
                  </Table.Td>
                  <Table.Td>
                    <time dateTime={session.lastSeenAt}>{formatDateTime(session.lastSeenAt, i18n.language)}</time>
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="default"
                      onClick={() => void end(session.id, session.current)}
                      aria-label={
                        session.current
                          ? t('account.sessions.endCurrent')
                          : t('account.sessions.endOther', { when: formatDateTime(session.createdAt, i18n.language) })
                      }
                    >
                      {t('account.sessions.end')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      <Group>
        <Button color="red.9" onClick={() => void endAll()}>
          {t('account.sessions.endAll')}
        </Button>
      </Group>
    </Stack>
  );
}
