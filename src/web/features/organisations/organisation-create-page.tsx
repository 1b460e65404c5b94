import { Alert, Button, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../organisations/organisation.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { mayManageOrganisations } from '../../lib/admin-capabilities.ts';
import { isProblem } from '../../lib/api-request.ts';
import { useMe } from '../../lib/me.ts';
import { useCreateOrganisation } from './api/create-organisation.ts';
import { useMunicipalities } from './api/list-municipalities.ts';
import { Outcome } from './feedback.tsx';
import {
  EMPTY_VALUES,
  formProblems,
  sectionsFor,
  toCreateRequest,
  type OrganisationFormValues,
} from './organisation-form-values.ts';
import { OrganisationForm, type SubmitOutcome } from './organisation-form.tsx';

function Created({ organisation, onAnother }: { organisation: Organisation; onAnother: () => void }) {
  const { t } = useTranslation();
  return (
    <Outcome>
      <Stack gap="sm" align="flex-start">
        <Text>{t('organisations.create.created', { name: organisation.name })}</Text>
        <AnchorLink to="/admin/organisations/$organisationId" params={{ organisationId: organisation.id }}>
          {t('organisations.create.toOrganisation')}
        </AnchorLink>
        <Button variant="default" onClick={onAnother}>
          {t('organisations.create.another')}
        </Button>
      </Stack>
    </Outcome>
  );
}

export function OrganisationCreatePage() {
  const { t } = useTranslation();
  const me = useMe();
  const create = useCreateOrganisation();
  const [kind, setKind] = useState<Pick<OrganisationFormValues, 'kind' | 'municipalityKind'>>(EMPTY_VALUES);
  const sections = sectionsFor(kind);
  const municipalities = useMunicipalities(sections.district || sections.provider);
  const [failure, setFailure] = useState<{ text: string; attempt: number } | null>(null);
  const [created, setCreated] = useState<Organisation | null>(null);
  const [round, setRound] = useState(0);

  const submit = async (values: OrganisationFormValues): Promise<SubmitOutcome> => {
    setFailure(null);
    const checked = toCreateRequest(values);
    if (!checked.ok) return { problems: checked.problems };
    try {
      setCreated(await create.mutateAsync(checked.body));
      return null;
    } catch (error) {
      if (isProblem(error, 'validation_failed') || isProblem(error, 'conflict')) {
        const problems = formProblems(error.fieldErrors, values);
        if (problems.length > 0) return { problems };
      }
      setFailure((current) => ({
        text: isProblem(error, 'forbidden') ? t('organisations.errors.forbidden') : t('organisations.errors.failed'),
        attempt: (current?.attempt ?? 0) + 1,
      }));
      return null;
    }
  };

  const another = () => {
    setCreated(null);
    setKind(EMPTY_VALUES);
    setRound((count) => count + 1);
  };

  // The server decides; the page only spares other roles a form they cannot send.
  const refused = me.data !== undefined && !mayManageOrganisations(me.data.roles);
  return (
    <Stack gap="lg" maw={760}>
      <PageTitle>{t('organisations.create.title')}</PageTitle>
      <AnchorLink to="/admin/organisations">{t('organisations.backToList')}</AnchorLink>
      {refused ? (
        <Alert color="red.9" variant="outline" role="alert">
          {t('organisations.create.notAllowed')}
        </Alert>
      ) : created ? (
        <Created organisation={created} onAnother={another} />
      ) : (
        <Paper withBorder p="md">
          <OrganisationForm
            key={round}
            mode="create"
            initialValues={EMPTY_VALUES}
            municipalities={{
              items: municipalities.data,
              loading: municipalities.isLoading,
              failed: municipalities.isError,
            }}
            onValuesChange={(values) => setKind({ kind: values.kind, municipalityKind: values.municipalityKind })}
            onSubmit={submit}
            submitLabel={t('organisations.create.submit')}
            busy={create.isPending}
          >
            {failure ? <FormError key={failure.attempt}>{failure.text}</FormError> : null}
          </OrganisationForm>
        </Paper>
      )}
    </Stack>
  );
}
