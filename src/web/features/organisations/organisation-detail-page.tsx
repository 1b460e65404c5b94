import { Badge, Button, DataList, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../organisations/organisation.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { mayCreateTeams, mayManageOrganisations, mayReadTeams } from '../../lib/admin-capabilities.ts';
import { isProblem } from '../../lib/api-request.ts';
import { useMe } from '../../lib/me.ts';
import { useOrganisation } from './api/get-organisation.ts';
import { useMunicipalities } from './api/list-municipalities.ts';
import { useUpdateOrganisation } from './api/update-organisation.ts';
import { DEMO_COLOR, LoadFailed, Outcome } from './feedback.tsx';
import { Loading } from '../../components/loading.tsx';
import {
  formProblems,
  sectionsFor,
  toUpdateRequest,
  valuesOf,
  type OrganisationFormValues,
} from './organisation-form-values.ts';
import { OrganisationForm, type SubmitOutcome } from './organisation-form.tsx';
import { TeamsSection } from './teams-section.tsx';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function Facts({ organisation, municipalities }: { organisation: Organisation; municipalities?: Organisation[] }) {
  const { t } = useTranslation();
  const yesNo = (value: boolean) => (value ? t('organisations.yes') : t('organisations.no'));
  const nameOf = (id: string) => municipalities?.find((item) => item.id === id)?.name ?? id;
  const municipality = organisation.kind === 'municipality';
  // Labels above their values on small screens (400 % zoom): side by side they would not fit.
  const narrow = useMediaQuery('(max-width: 48em)') ?? false;
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="organisation-facts-title">
      <Title order={2} id="organisation-facts-title" mb="sm">
        {t('organisations.detail.factsTitle')}
      </Title>
      {organisation.isDemo ? (
        <Group gap="xs" mb="sm">
          <Badge color={DEMO_COLOR} variant="outline" tt="none">
            {t('organisations.demo')}
          </Badge>
          <Text>{t('organisations.detail.demoHint')}</Text>
        </Group>
      ) : null}
      <DataList labelWidth="18rem" orientation={narrow ? 'vertical' : 'horizontal'} withDivider>
        <Item label={t('organisations.table.kind')}>{t(`organisations.kinds.${organisation.kind}`)}</Item>
        <Item label={t('organisations.detail.shortName')}>{organisation.shortName ?? t('organisations.none')}</Item>
        <Item label={t('organisations.detail.contactEmail')}>
          {organisation.contactEmail ?? t('organisations.none')}
        </Item>
        {municipality ? (
          <>
            <Item label={t('organisations.table.municipalityKind')}>
              {organisation.municipalityKind
                ? t(`organisations.municipalityKinds.${organisation.municipalityKind}`)
                : t('organisations.none')}
            </Item>
            {organisation.districtId ? (
              <Item label={t('organisations.detail.district')}>
                <AnchorLink
                  to="/admin/organisations/$organisationId"
                  params={{ organisationId: organisation.districtId }}
                >
                  {nameOf(organisation.districtId)}
                </AnchorLink>
              </Item>
            ) : null}
            <Item label={t('organisations.form.officialKey')}>
              {organisation.officialKey ?? t('organisations.none')}
            </Item>
            <Item label={t('organisations.form.allianceMember')}>{yesNo(organisation.allianceMember)}</Item>
            <Item label={t('organisations.form.budgetRecovery')}>{yesNo(organisation.budgetRecovery)}</Item>
          </>
        ) : null}
        {organisation.kind === 'provider' ? (
          <Item label={t('organisations.detail.municipalities')}>
            {organisation.municipalityIds.length === 0 ? (
              t('organisations.none')
            ) : (
              <List spacing={2}>
                {organisation.municipalityIds.map((id) => (
                  <List.Item key={id}>{nameOf(id)}</List.Item>
                ))}
              </List>
            )}
          </Item>
        ) : null}
      </DataList>
    </Paper>
  );
}

type Message =
  { kind: 'saved' | 'noChanges' | 'reloaded'; round: number } | { kind: 'failed'; text: string; round: number };

function EditSection({
  organisation,
  onReload,
  reloading,
}: {
  organisation: Organisation;
  onReload: () => Promise<unknown>;
  reloading: boolean;
}) {
  const { t } = useTranslation();
  const update = useUpdateOrganisation();
  const [sections, setSections] = useState(() => sectionsFor(valuesOf(organisation)));
  const municipalities = useMunicipalities(sections.district || sections.provider);
  const [message, setMessage] = useState<Message | null>(null);
  const [stale, setStale] = useState(false);
  const round = (message?.round ?? 0) + 1;

  const submit = async (values: OrganisationFormValues): Promise<SubmitOutcome> => {
    setMessage(null);
    const checked = toUpdateRequest(values, organisation);
    if (!checked.ok) return { problems: checked.problems };
    if (Object.keys(checked.body).length === 0) {
      setMessage({ kind: 'noChanges', round });
      return null;
    }
    try {
      await update.mutateAsync({ id: organisation.id, version: organisation.version, changes: checked.body });
      setMessage({ kind: 'saved', round });
      return null;
    } catch (error) {
      if (isProblem(error, 'precondition_failed')) {
        setStale(true);
        return null;
      }
      if (isProblem(error, 'validation_failed') || isProblem(error, 'conflict')) {
        const problems = formProblems(error.fieldErrors, values);
        if (problems.length > 0) return { problems };
      }
      const text = isProblem(error, 'forbidden')
        ? t('organisations.errors.forbidden')
        : t('organisations.errors.failed');
      setMessage({ kind: 'failed', text, round });
      return null;
    }
  };

  const reload = async () => {
    await onReload();
    setStale(false);
    setMessage({ kind: 'reloaded', round });
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="organisation-edit-title">
      <Title order={2} id="organisation-edit-title" mb="sm">
        {t('organisations.detail.editTitle')}
      </Title>
      {/* A new version (saved or reloaded) starts the form afresh from it. */}
      <OrganisationForm
        key={organisation.version}
        mode="edit"
        initialValues={valuesOf(organisation)}
        selfId={organisation.id}
        municipalities={{
          items: municipalities.data,
          loading: municipalities.isLoading,
          failed: municipalities.isError,
        }}
        onValuesChange={(values) => setSections(sectionsFor(values))}
        onSubmit={submit}
        submitLabel={t('organisations.detail.save')}
        busy={update.isPending}
      >
        {stale ? (
          <StaleNotice onReload={() => void reload()} reloading={reloading} />
        ) : message?.kind === 'failed' ? (
          <FormError key={message.round}>{message.text}</FormError>
        ) : message ? (
          <Outcome key={message.round}>{t(`organisations.detail.${message.kind}`)}</Outcome>
        ) : null}
      </OrganisationForm>
    </Paper>
  );
}

function StaleNotice({ onReload, reloading }: { onReload: () => void; reloading: boolean }) {
  const { t } = useTranslation();
  return (
    <FormError title={t('organisations.detail.staleTitle')}>
      <Text mb="sm">{t('organisations.detail.stale')}</Text>
      <Button variant="default" onClick={onReload} loading={reloading}>
        {t('organisations.detail.reload')}
      </Button>
    </FormError>
  );
}

export function OrganisationDetailPage({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const organisation = useOrganisation(organisationId);
  const data = organisation.data;
  const needsNames = data !== undefined && (data.districtId !== null || data.municipalityIds.length > 0);
  const municipalities = useMunicipalities(needsNames);
  const person = me.data;

  return (
    <Stack gap="lg" maw={900}>
      <PageTitle>{data?.name ?? t('organisations.detail.title')}</PageTitle>
      <AnchorLink to="/admin/organisations">{t('organisations.backToList')}</AnchorLink>
      {organisation.isPending ? <Loading text={t('organisations.loading')} /> : null}
      {organisation.isError && !data ? (
        <LoadFailed
          error={organisation.error}
          forbidden={t('organisations.forbidden')}
          notFound={t('organisations.detail.notFound')}
          failed={t('organisations.failed')}
          onRetry={() => void organisation.refetch()}
        />
      ) : null}
      {data ? (
        <>
          <Facts organisation={data} municipalities={municipalities.data} />
          {person && data.kind === 'municipality' && mayReadTeams(person, data.id) ? (
            <TeamsSection municipality={data} canCreate={mayCreateTeams(person, data.id)} />
          ) : null}
          {person && mayManageOrganisations(person.roles) ? (
            <EditSection
              organisation={data}
              onReload={() => organisation.refetch()}
              reloading={organisation.isFetching}
            />
          ) : null}
        </>
      ) : null}
    </Stack>
  );
}
