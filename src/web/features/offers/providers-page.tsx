// The providers (Träger) serving the municipality (/offers/providers): their offers here, and their contact
// persons, kept by each provider's own staff and the managing office.
import { Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { LoadFailed } from '../cases/form-kit.tsx';
import { useProviders } from './api/providers.ts';
import { ProviderContacts } from './provider-contacts.tsx';

export function ProvidersPage() {
  const { t } = useTranslation();
  const query = useProviders();
  const [open, setOpen] = useState<string | null>(null);
  const providers = query.data?.items ?? [];
  return (
    <Stack gap="lg">
      <PageTitle>{t('offers.providers.title')}</PageTitle>
      <Group>
        <AnchorLink to="/offers">{t('offers.common.backToCatalogue')}</AnchorLink>
      </Group>
      <Text>{t('offers.providers.intro')}</Text>
      {query.isPending ? <Loading text={t('offers.common.loading')} /> : null}
      {query.isError ? (
        <LoadFailed error={query.error} failed={t('offers.providers.failed')} onRetry={() => void query.refetch()} />
      ) : null}
      {query.isSuccess && providers.length === 0 ? <Text>{t('offers.providers.empty')}</Text> : null}
      {providers.map((provider) => (
        <Paper key={provider.id} withBorder p="md" component="section" aria-labelledby={`provider-${provider.id}`}>
          <Stack gap="sm">
            <Title order={2} size="h3" id={`provider-${provider.id}`}>
              {provider.name}
            </Title>
            <Text>
              {t('offers.providers.counts', {
                offers: provider.offerCount,
                current: provider.currentOfferCount,
                contacts: provider.contactCount,
              })}
            </Text>
            <Group>
              <AnchorLink to="/offers" search={{ providerId: provider.id }}>
                {t('offers.providers.offersOf', { name: provider.name })}
              </AnchorLink>
              <Button
                variant="default"
                size="xs"
                aria-expanded={open === provider.id}
                aria-controls={`provider-${provider.id}-contacts`}
                onClick={() => setOpen(open === provider.id ? null : provider.id)}
              >
                {t('offers.providers.contactsOf', { name: provider.name })}
              </Button>
            </Group>
            {open === provider.id ? (
              <div id={`provider-${provider.id}-contacts`}>
                <ProviderContacts providerId={provider.id} canEdit={provider.canEdit} />
              </div>
            ) : null}
          </Stack>
        </Paper>
      ))}
    </Stack>
  );
}
