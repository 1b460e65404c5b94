// The funding administration's start (/funding): the parts the user's roles reach, and the dashboard of budgets,
// commitments, payments and cost per participant for those who read budgets.
import { Card, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { SignedOutPrompt } from '../../components/signed-out-prompt.tsx';
import { useAuthSession } from '../../lib/auth-session.ts';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { FundingDashboard } from './funding-dashboard.tsx';
import type { Me } from '../../../accounts/profile.schema.ts';

type Resource = Me['permissions'][number]['resource'];
type HubKey = 'programmes' | 'budgets' | 'applications' | 'grants' | 'payments' | 'contracts' | 'proofs' | 'innovation';

/** The parts of the funding administration, each shown to whom may read its resource. */
const PARTS: readonly { key: HubKey; to: string; resource: Resource }[] = [
  { key: 'programmes', to: '/funding/programmes', resource: 'programme' },
  { key: 'budgets', to: '/funding/budgets', resource: 'budget' },
  { key: 'applications', to: '/funding/applications', resource: 'application' },
  { key: 'grants', to: '/funding/grants', resource: 'grant' },
  { key: 'payments', to: '/funding/payments', resource: 'payment' },
  { key: 'contracts', to: '/funding/contracts', resource: 'forwarding' },
  { key: 'proofs', to: '/funding/proofs', resource: 'proof_of_use' },
  { key: 'innovation', to: '/funding/innovation', resource: 'innovation' },
];

export function FundingHubPage() {
  const { t } = useTranslation();
  const session = useAuthSession();
  const signedIn = session.data?.stage === 'active';
  const me = useMe(signedIn);
  const router = useRouter();
  // The other parts' pages join the route tree on their own (app/funding-pages.tsx): a card appears once its
  // page exists, so that the hub never links to a page that is not there.
  const parts = me.data
    ? PARTS.filter((part) => can(me.data, 'read', part.resource) && part.to in router.routesByPath)
    : [];
  return (
    <Stack gap="lg">
      <PageTitle>{t('fundingProgrammes.hub.title')}</PageTitle>
      <Text>{t('fundingProgrammes.hub.intro')}</Text>
      {session.isPending || (signedIn && me.isPending) ? <Loading /> : null}
      {session.data && !signedIn ? (
        <SignedOutPrompt message={t('fundingProgrammes.hub.signedOut')} redirect="/funding" />
      ) : null}
      {me.data && parts.length === 0 ? <Text>{t('fundingProgrammes.common.noAccess')}</Text> : null}
      {parts.length > 0 ? (
        <section aria-labelledby="funding-parts">
          <Title order={2} id="funding-parts" mb="sm">
            {t('fundingProgrammes.hub.partsTitle')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            {parts.map((part) => (
              <Card key={part.key} withBorder padding="md">
                {/* The route exists (checked above); its address is not one of this part's typed routes. */}
                <AnchorLink to={part.to as '/funding'} fw={600}>
                  {t(`fundingProgrammes.hub.parts.${part.key}.title`)}
                </AnchorLink>
                <Text size="sm" mt="xs">
                  {t(`fundingProgrammes.hub.parts.${part.key}.text`)}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
        </section>
      ) : null}
      {me.data && can(me.data, 'read', 'budget') ? <FundingDashboard /> : null}
    </Stack>
  );
}
