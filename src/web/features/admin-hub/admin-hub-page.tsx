import { Alert, Button, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/page-title.tsx';
import { SignedOutPrompt } from '../../components/signed-out-prompt.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { openablePages, teamMunicipalities, type AdminPage } from '../../lib/admin-capabilities.ts';
import { useAuthSession } from '../../lib/auth-session.ts';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { Loading } from '../../components/loading.tsx';

const PATHS = {
  users: '/admin/users',
  organisations: '/admin/organisations',
  permissions: '/admin/permissions',
  auditLog: '/admin/audit-log',
} as const satisfies Record<AdminPage, string>;

function Card({ title, children, text }: { title: ReactNode; children?: ReactNode; text: string }) {
  return (
    <Paper component="li" withBorder p="md" style={{ listStyle: 'none' }}>
      <Title order={2} size="h3" mb="xs">
        {title}
      </Title>
      <Text>{text}</Text>
      {children}
    </Paper>
  );
}

function Waiting() {
  const { t } = useTranslation();
  return <Loading text={t('adminHub.loading')} />;
}

function Sections() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Waiting />;
  if (me.isError) {
    return (
      <Alert color="red.9" variant="outline" role="alert">
        <Text mb="sm">{t('adminHub.failed')}</Text>
        <Button variant="default" onClick={() => void me.refetch()}>
          {t('adminHub.retry')}
        </Button>
      </Alert>
    );
  }
  const pages = openablePages(me.data.roles);
  const municipalities = teamMunicipalities(me.data);
  const policy = can(me.data, 'read', 'policy');
  if (pages.length === 0 && municipalities.length === 0 && !policy) return <Text>{t('adminHub.none')}</Text>;
  const titles: Record<AdminPage, string> = {
    users: t('users.nav'),
    organisations: t('organisations.nav'),
    permissions: t('permissions.nav'),
    auditLog: t('nav.auditLog'),
  };
  return (
    <SimpleGrid
      component="ul"
      cols={{ base: 1, sm: 2 }}
      spacing="md"
      m={0}
      p={0}
      aria-label={t('adminHub.sectionsLabel')}
    >
      {pages.map((page) => (
        <Card
          key={page}
          title={<AnchorLink to={PATHS[page]}>{titles[page]}</AnchorLink>}
          text={t(`adminHub.cards.${page}`)}
        />
      ))}
      {municipalities.map((municipality) => (
        <Card
          key={municipality.id}
          title={
            <AnchorLink to="/admin/organisations/$organisationId" params={{ organisationId: municipality.id }}>
              {t('adminHub.cards.teamsTitle', { name: municipality.name })}
            </AnchorLink>
          }
          text={t('adminHub.cards.teams')}
        />
      ))}
      {policy ? (
        <Card
          title={<AnchorLink to="/admin/policy">{t('cases.nav.policy')}</AnchorLink>}
          text={t('cases.policy.card')}
        />
      ) : null}
    </SimpleGrid>
  );
}

/**
 * The start of the administration: a card for each page the signed-in user's roles may use.
 * Signed out, it says how to get in (the page itself is public, like the other area pages).
 */
export function AdminHubPage() {
  const { t } = useTranslation();
  const session = useAuthSession();
  const stage = session.data?.stage;
  return (
    <Stack gap="lg">
      <PageTitle>{t('adminHub.title')}</PageTitle>
      <Text>{t('adminHub.intro')}</Text>
      {session.isPending ? <Waiting /> : null}
      {session.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          <Text mb="sm">{t('adminHub.failed')}</Text>
          <Button variant="default" onClick={() => void session.refetch()}>
            {t('adminHub.retry')}
          </Button>
        </Alert>
      ) : null}
      {session.data && stage !== 'active' ? (
        <SignedOutPrompt message={t('adminHub.signedOut')} redirect="/admin" />
      ) : null}
      {stage === 'active' ? <Sections /> : null}
    </Stack>
  );
}
