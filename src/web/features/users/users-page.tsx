import { Alert, Badge, Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { userStatuses, type ListUsersQuery } from '../../../accounts/user.schema.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { useUsers } from './api/users-api.ts';
import { STATUS_COLORS } from './status.ts';
import { Loading } from '../../components/loading.tsx';

export function UsersPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const [query, setQuery] = useState<Partial<ListUsersQuery>>({});
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors.at(-1);
  const users = useUsers(query, cursor);

  const search = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const next: Partial<ListUsersQuery> = {};
    if (q.trim()) next.q = q.trim();
    if (status) next.status = status as ListUsersQuery['status'];
    setQuery(next);
    setCursors([undefined]);
  };

  return (
    <Stack gap="lg">
      <PageTitle>{t('users.title')}</PageTitle>
      <Text>{t('users.intro')}</Text>
      <Group>
        <AnchorLink to="/admin/users/new" fw={600}>
          {t('users.create.link')}
        </AnchorLink>
      </Group>
      <Paper withBorder p="md" component="section" aria-labelledby="users-search-title">
        <form onSubmit={search} role="search" aria-labelledby="users-search-title">
          <Text component="h2" id="users-search-title" fw={700} fz="lg" mb="sm">
            {t('users.search.title')}
          </Text>
          <Group align="flex-end" gap="md">
            <TextInput
              label={t('users.search.q')}
              description={t('users.search.qHint')}
              value={q}
              onChange={(event) => setQ(event.currentTarget.value)}
              autoComplete="off"
            />
            <NativeSelect
              label={t('users.search.status')}
              value={status}
              onChange={(event) => setStatus(event.currentTarget.value)}
              data={[
                { value: '', label: t('users.search.allStatuses') },
                ...userStatuses.map((s) => ({ value: s, label: t(`users.status.${s}`) })),
              ]}
            />
            <Button type="submit">{t('users.search.submit')}</Button>
          </Group>
        </form>
      </Paper>
      {users.isPending ? <Loading /> : null}
      {users.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          {isProblem(users.error, 'forbidden') ? t('users.forbidden') : t('auth.common.failed')}
        </Alert>
      ) : null}
      {users.data ? (
        <Stack gap="sm">
          <Text role="status">{t('users.count', { count: users.data.items.length })}</Text>
          <Table.ScrollContainer minWidth={640}>
            <Table striped withTableBorder>
              <Table.Caption>{t('users.table.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('users.table.name')}</Table.Th>
                  <Table.Th scope="col">{t('users.table.organisation')}</Table.Th>
                  <Table.Th scope="col">{t('users.table.roles')}</Table.Th>
                  <Table.Th scope="col">{t('users.table.status')}</Table.Th>
                  <Table.Th scope="col">{t('users.table.secondFactor')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {users.data.items.map((user) => (
                  <Table.Tr key={user.id}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <AnchorLink to="/admin/users/$userId" params={{ userId: user.id }}>
                        {user.displayName}
                      </AnchorLink>
                      <Text size="sm">{user.email}</Text>
                    </Table.Td>
                    <Table.Td>{user.organisation.name}</Table.Td>
                    <Table.Td>{user.roles.map((role) => t(`roleNames.${role}`)).join(', ')}</Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLORS[user.status]} variant="outline" tt="none">
                        {t(`users.status.${user.status}`)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{user.secondFactorEnabled ? t('users.table.yes') : t('users.table.no')}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Group gap="sm">
            <Button variant="default" disabled={cursors.length <= 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
              {t('users.pagination.previous')}
            </Button>
            <Button
              variant="default"
              disabled={!users.data.nextCursor}
              onClick={() => setCursors((c) => [...c, users.data.nextCursor ?? undefined])}
            >
              {t('users.pagination.next')}
            </Button>
          </Group>
        </Stack>
      ) : null}
    </Stack>
  );
}
