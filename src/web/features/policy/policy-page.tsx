import { Alert, Button, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { EligibilityPolicySection } from './eligibility-policy-section.tsx';
import { RetentionPolicySection } from './retention-policy-section.tsx';

/**
 * The municipal policy (/admin/policy): eligibility settings and deletion classes of the active municipality.
 * Municipal administrators change them; participation managers read them (they decide cases by them).
 */
export function PolicyPage() {
  const { t } = useTranslation();
  const me = useMe();
  const person = me.data;
  const municipalityId = person?.activeMunicipalityId ?? null;
  const readable = person ? can(person, 'read', 'policy') : false;
  const editable = person ? can(person, 'update', 'policy') : false;
  const municipality = person?.municipalities.find((item) => item.id === municipalityId);

  return (
    <Stack gap="lg">
      <PageTitle>{t('cases.policy.title')}</PageTitle>
      <AnchorLink to="/admin">{t('nav.admin')}</AnchorLink>
      <Text>{t('cases.policy.intro')}</Text>
      {me.isPending ? <Loading text={t('cases.common.loading')} /> : null}
      {me.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          <Text mb="sm">{t('cases.policy.failed')}</Text>
          <Button variant="default" onClick={() => void me.refetch()}>
            {t('cases.common.retry')}
          </Button>
        </Alert>
      ) : null}
      {person && !readable ? <Text>{t('cases.policy.noAccess')}</Text> : null}
      {person && readable && !municipalityId ? <Text>{t('cases.policy.noMunicipality')}</Text> : null}
      {person && readable && municipalityId ? (
        <>
          {municipality ? <Text fw={600}>{municipality.name}</Text> : null}
          {editable ? null : <Text>{t('cases.policy.readOnly')}</Text>}
          <EligibilityPolicySection key={`e-${municipalityId}`} municipalityId={municipalityId} editable={editable} />
          <RetentionPolicySection key={`r-${municipalityId}`} municipalityId={municipalityId} editable={editable} />
        </>
      ) : null}
    </Stack>
  );
}
