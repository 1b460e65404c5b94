import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  List,
  Paper,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import './permissions-page.css';
import { PageTitle } from '../../components/page-title.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { usePermissions } from './api/get-permissions.ts';
import { groupByRole, roleSectionId, SCOPES, type RoleGroup } from './permission-groups.ts';
import { Loading } from '../../components/loading.tsx';

// Dark enough for 4.5:1 on white; the words carry the meaning, not the colour.
const SECOND_FACTOR_COLOR = 'violet.9';

function ScopeExplanation() {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="scopes-title">
      <Title order={2} id="scopes-title" mb="sm">
        {t('permissions.scopesTitle')}
      </Title>
      <Text mb="sm">{t('permissions.scopesIntro')}</Text>
      <dl className="permission-scopes">
        {SCOPES.map((scope) => (
          <div key={scope}>
            <dt>{t(`permissions.scopes.${scope}`)}</dt>
            <dd>{t(`permissions.scopeTexts.${scope}`)}</dd>
          </div>
        ))}
      </dl>
      <Stack gap="xs" mt="md">
        <Text>{t('permissions.manageHint')}</Text>
        <Text>{t('permissions.restrictedHint')}</Text>
        <Text>
          <Badge color={SECOND_FACTOR_COLOR} variant="outline" tt="none" mr="xs">
            {t('permissions.secondFactor')}
          </Badge>
          {t('permissions.secondFactorHint')}
        </Text>
      </Stack>
    </Paper>
  );
}

function RoleSection({ group }: { group: RoleGroup }) {
  const { t } = useTranslation();
  const id = roleSectionId(group.role);
  const role = t(`roleNames.${group.role}`);
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Group gap="sm" mb="sm" align="center">
        <Title order={3} size="h4" id={id} tabIndex={-1}>
          {role}
        </Title>
        {group.requiresSecondFactor ? (
          <Badge color={SECOND_FACTOR_COLOR} variant="outline" tt="none">
            {t('permissions.secondFactor')}
          </Badge>
        ) : null}
      </Group>
      {group.rows.length === 0 ? (
        <Text>{t('permissions.noPermissions')}</Text>
      ) : (
        // Fixed columns: the tables of all roles line up. The short texts wrap, so that the table fits even
        // 320 px without a scrolling region that keyboard users could not reach (nothing in it takes focus).
        <Table
          striped
          withTableBorder
          verticalSpacing="xs"
          layout="fixed"
          style={{ overflowWrap: 'anywhere', hyphens: 'auto' }}
        >
          <Table.Caption>
            <VisuallyHidden>{t('permissions.caption', { role })}</VisuallyHidden>
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" w="40%">
                {t('permissions.resource')}
              </Table.Th>
              <Table.Th scope="col" w="32%">
                {t('permissions.actionsHeader')}
              </Table.Th>
              <Table.Th scope="col" w="28%">
                {t('permissions.scope')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {group.rows.map((row) => (
              <Table.Tr key={`${row.resource}:${row.scope}`}>
                <Table.Th scope="row" fw={400}>
                  {t(`permissions.resources.${row.resource}`)}
                </Table.Th>
                <Table.Td>{row.actions.map((action) => t(`permissions.actions.${action}`)).join(', ')}</Table.Td>
                <Table.Td>{t(`permissions.scopes.${row.scope}`)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}

export function PermissionsPage() {
  const { t } = useTranslation();
  const table = usePermissions();
  const groups = table.data ? groupByRole(table.data) : [];

  return (
    <Stack gap="lg">
      <PageTitle>{t('permissions.title')}</PageTitle>
      <Text>{t('permissions.intro')}</Text>
      <ScopeExplanation />
      {table.isPending ? <Loading text={t('permissions.loading')} /> : null}
      {table.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          <Text mb="sm">
            {isProblem(table.error, 'forbidden') ? t('permissions.forbidden') : t('permissions.failed')}
          </Text>
          {isProblem(table.error) && table.error.status < 500 ? null : (
            <Button variant="default" onClick={() => void table.refetch()}>
              {t('permissions.retry')}
            </Button>
          )}
        </Alert>
      ) : null}
      {groups.length > 0 ? (
        <section aria-labelledby="roles-title">
          <Title order={2} id="roles-title" mb="sm">
            {t('permissions.rolesTitle')}
          </Title>
          <nav aria-label={t('permissions.rolesLabel')}>
            <List spacing={2} mb="md">
              {groups.map((group) => (
                <List.Item key={group.role}>
                  <Anchor
                    href={`#${roleSectionId(group.role)}`}
                    onClick={(event) => {
                      // The router owns the address; move focus (and the view) to the role ourselves.
                      event.preventDefault();
                      document.getElementById(roleSectionId(group.role))?.focus();
                    }}
                  >
                    {t(`roleNames.${group.role}`)}
                  </Anchor>
                </List.Item>
              ))}
            </List>
          </nav>
          <Stack gap="md">
            {groups.map((group) => (
              <RoleSection key={group.role} group={group} />
            ))}
          </Stack>
        </section>
      ) : null}
    </Stack>
  );
}
