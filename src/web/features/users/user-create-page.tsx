import { Alert, Button, Checkbox, Group, NativeSelect, Paper, Radio, Stack, TextInput } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { userSetups, type CreatedUser, type UserRole } from '../../../accounts/user.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { createUser, invitationLink, useAssignableOrganisations, USERS_KEY } from './api/users-api.ts';
import { OneTimeSecret } from './one-time-secret.tsx';
import { Loading } from '../../components/loading.tsx';

type Field = 'email' | 'displayName' | 'organisationId' | 'roles';
type Setup = (typeof userSetups)[number];

function Created({ created }: { created: CreatedUser }) {
  const { t } = useTranslation();
  return (
    <Stack gap="md" align="flex-start">
      {created.invitation ? (
        <OneTimeSecret
          title={t('users.create.invitationTitle', { name: created.user.displayName })}
          text={t('users.create.invitationText')}
          value={invitationLink(created.invitation.token)}
        />
      ) : null}
      {created.initialPassword ? (
        <OneTimeSecret
          title={t('users.create.passwordTitle', { name: created.user.displayName })}
          text={t('users.create.passwordText')}
          value={created.initialPassword}
        />
      ) : null}
      <AnchorLink to="/admin/users/$userId" params={{ userId: created.user.id }}>
        {t('users.create.toUser')}
      </AnchorLink>
    </Stack>
  );
}

export function UserCreatePage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const organisations = useAssignableOrganisations();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [organisationId, setOrganisationId] = useState('');
  const [roles, setRoles] = useState<UserRole[]>([]);
  const [setup, setSetup] = useState<Setup>('invitation');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<CreatedUser | null>(null);
  const [attempt, setAttempt] = useState(0);

  const items = organisations.data?.items ?? [];
  const selectedId = organisationId || items[0]?.id || '';
  const selected = items.find((o) => o.id === selectedId);

  const fail = (message: string, fieldErrors: Partial<Record<Field, string>>) => {
    setErrors(fieldErrors);
    setFailure(message);
    setAttempt((n) => n + 1);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local: Partial<Record<Field, string>> = {};
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email.trim())) local.email = t('users.create.errors.email');
    if (!displayName.trim()) local.displayName = t('users.create.errors.displayName');
    if (!selected) local.organisationId = t('users.create.errors.organisationId');
    if (roles.length === 0) local.roles = t('users.create.errors.roles');
    if (Object.keys(local).length > 0) return fail(t('users.create.errors.summary'), local);
    setBusy(true);
    try {
      const result = await createUser({
        email: email.trim(),
        displayName: displayName.trim(),
        organisationId: selectedId,
        roles,
        setup,
      });
      setCreated(result);
      setFailure(null);
      setErrors({});
      await queryClient.invalidateQueries({ queryKey: USERS_KEY });
    } catch (error) {
      if (isProblem(error, 'conflict')) {
        fail(t('users.create.errors.summary'), { email: t('users.create.errors.duplicate') });
      } else if (isProblem(error, 'validation_failed')) {
        const fieldErrors: Partial<Record<Field, string>> = {};
        for (const problem of error.fieldErrors) {
          if (problem.field === 'roles') fieldErrors.roles = t('users.create.errors.rolesNotAllowed');
          if (problem.field === 'email') fieldErrors.email = t('users.create.errors.email');
          if (problem.field === 'organisationId') fieldErrors.organisationId = t('users.create.errors.organisationId');
          if (problem.field === 'displayName') fieldErrors.displayName = t('users.create.errors.displayName');
        }
        fail(t('users.create.errors.summary'), fieldErrors);
      } else {
        fail(isProblem(error, 'forbidden') ? t('users.forbidden') : t('auth.common.failed'), {});
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="lg" maw={720}>
      <PageTitle>{t('users.create.title')}</PageTitle>
      <AnchorLink to="/admin/users">{t('users.backToList')}</AnchorLink>
      {organisations.isPending ? <Loading /> : null}
      {organisations.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          {isProblem(organisations.error, 'forbidden') ? t('users.forbidden') : t('auth.common.failed')}
        </Alert>
      ) : null}
      {created ? <Created created={created} /> : null}
      {organisations.data && !created ? (
        <Paper withBorder p="md">
          <form onSubmit={(event) => void submit(event)} noValidate>
            <Stack gap="md">
              {failure ? <FormError key={attempt}>{failure}</FormError> : null}
              <TextInput
                label={t('users.create.email')}
                type="email"
                autoComplete="off"
                required
                value={email}
                error={errors.email}
                onChange={(event) => setEmail(event.currentTarget.value)}
              />
              <TextInput
                label={t('users.create.displayName')}
                autoComplete="off"
                required
                value={displayName}
                error={errors.displayName}
                onChange={(event) => setDisplayName(event.currentTarget.value)}
              />
              <NativeSelect
                label={t('users.create.organisation')}
                required
                value={selectedId}
                error={errors.organisationId}
                data={items.map((o) => ({ value: o.id, label: o.name }))}
                onChange={(event) => {
                  setOrganisationId(event.currentTarget.value);
                  setRoles([]);
                }}
              />
              <Checkbox.Group
                label={t('users.create.roles')}
                description={t('users.create.rolesHint')}
                value={roles}
                onChange={setRoles}
                error={errors.roles}
                withAsterisk
              >
                <Stack gap="xs" mt="xs">
                  {(selected?.roles ?? []).map((role) => (
                    <Checkbox key={role} value={role} label={t(`roleNames.${role}`)} />
                  ))}
                </Stack>
              </Checkbox.Group>
              <Radio.Group label={t('users.create.setup')} value={setup} onChange={setSetup} withAsterisk>
                <Stack gap="xs" mt="xs">
                  {userSetups.map((option) => (
                    <Radio key={option} value={option} label={t(`users.create.setups.${option}`)} />
                  ))}
                </Stack>
              </Radio.Group>
              <Group>
                <Button type="submit" loading={busy}>
                  {t('users.create.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        </Paper>
      ) : null}
    </Stack>
  );
}
