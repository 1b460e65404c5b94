import {
  Alert,
  Badge,
  Button,
  DataList,
  Group,
  NativeSelect,
  Paper,
  Stack,
  Text,
  Title,
  useMatches,
} from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../accounts/profile.schema.ts';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { StepUpCancelled, useStepUp } from '../../components/step-up.tsx';
import { requestJson } from '../../lib/api-request.ts';
import { ME_KEY, useMe } from '../../lib/me.ts';
import { regenerateRecoveryCodes } from './api/account-api.ts';
import { formatDateTime } from './format.ts';
import { PasswordChangeForm } from './password-change-form.tsx';
import { RecoveryCodesView } from './recovery-codes-view.tsx';
import { SessionsSection } from './sessions-section.tsx';
import { Loading } from '../../components/loading.tsx';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function ProfileSection({ me }: { me: Me }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  // Label beside value needs room; on narrow screens (and at high zoom) they stack.
  const orientation = useMatches<'vertical' | 'horizontal'>({ base: 'vertical', sm: 'horizontal' });
  const switchTo = async (municipalityId: string) => {
    await requestJson('PUT', '/api/v1/me/active-municipality', { body: { municipalityId } });
    await queryClient.invalidateQueries();
  };
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="account-profile-title">
      <Title order={2} id="account-profile-title" mb="sm">
        {t('account.profile.title')}
      </Title>
      <DataList labelWidth="12rem" orientation={orientation} withDivider>
        <Item label={t('account.profile.name')}>{me.displayName}</Item>
        <Item label={t('account.profile.email')}>{me.email}</Item>
        <Item label={t('account.profile.organisation')}>{me.organisation.name}</Item>
        <Item label={t('account.profile.roles')}>{me.roles.map((role) => t(`roleNames.${role}`)).join(', ')}</Item>
      </DataList>
      {me.municipalities.length > 1 ? (
        <NativeSelect
          mt="md"
          maw={360}
          label={t('account.profile.activeMunicipality')}
          value={me.activeMunicipalityId ?? ''}
          data={me.municipalities.map((m) => ({ value: m.id, label: m.name }))}
          onChange={(event) => void switchTo(event.currentTarget.value)}
        />
      ) : null}
    </Paper>
  );
}

function SecondFactorSection({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const stepUp = useStepUp();
  const [codes, setCodes] = useState<string[] | null>(null);
  const { secondFactor } = me;

  const regenerate = async () => {
    try {
      const result = await stepUp.run(regenerateRecoveryCodes);
      setCodes(result.codes);
    } catch (error) {
      if (!(error instanceof StepUpCancelled)) throw error;
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="account-second-factor-title">
      <Title order={2} id="account-second-factor-title" mb="sm">
        {t('account.secondFactor.sectionTitle')}
      </Title>
      {stepUp.dialog}
      {codes ? (
        <RecoveryCodesView
          codes={codes}
          onDone={() => {
            setCodes(null);
            void queryClient.invalidateQueries({ queryKey: ME_KEY });
          }}
        />
      ) : secondFactor.enabled ? (
        <Stack gap="sm" align="flex-start">
          <Group gap="sm">
            <Badge color="teal.9" variant="outline" tt="none" size="lg">
              {t('account.secondFactor.enabled')}
            </Badge>
            {secondFactor.enabledAt ? (
              <Text size="sm">
                {t('account.secondFactor.since', { date: formatDateTime(secondFactor.enabledAt, i18n.language) })}
              </Text>
            ) : null}
          </Group>
          <Text>{t('account.secondFactor.remaining', { count: secondFactor.recoveryCodesRemaining })}</Text>
          <Button variant="default" onClick={() => void regenerate()}>
            {t('account.secondFactor.regenerate')}
          </Button>
        </Stack>
      ) : (
        <Stack gap="sm" align="flex-start">
          <Text>{secondFactor.required ? t('account.secondFactor.required') : t('account.secondFactor.optional')}</Text>
          <AnchorLink to="/account/second-factor">{t('account.secondFactor.setUp')}</AnchorLink>
        </Stack>
      )}
    </Paper>
  );
}

export function AccountPage() {
  const { t } = useTranslation();
  const me = useMe();
  const [changed, setChanged] = useState(false);

  return (
    <Stack gap="lg">
      <PageTitle>{t('account.title')}</PageTitle>
      {me.isPending ? <Loading /> : null}
      {me.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          {t('auth.common.failed')}
        </Alert>
      ) : null}
      {me.data ? (
        <>
          <ProfileSection me={me.data} />
          <Paper withBorder p="md" component="section" aria-labelledby="account-password-title">
            <Title order={2} id="account-password-title" mb="sm">
              {t('account.password.title')}
            </Title>
            {changed ? (
              <Alert color="teal.9" variant="outline" role="status" mb="md">
                {t('account.password.changed')}
              </Alert>
            ) : null}
            <PasswordChangeForm onChanged={() => setChanged(true)} />
          </Paper>
          <SecondFactorSection me={me.data} />
          <Paper withBorder p="md">
            <SessionsSection />
          </Paper>
        </>
      ) : null}
    </Stack>
  );
}
