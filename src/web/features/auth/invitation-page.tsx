import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { invitationTokenSchema } from '../../../accounts/auth.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import {
  NewPasswordFields,
  newPasswordProblems,
  type NewPasswordValues,
} from '../../components/new-password-fields.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { acceptInvitation, useInvitation } from './api/invitation-api.ts';
import { Loading } from '../../components/loading.tsx';

/**
 * The link is /invitation#<token>: the fragment never reaches the server's or a proxy's logs, nor the
 * Referer. The token is taken out of the address bar as soon as the page has read it.
 */
function readToken(): string {
  const token = window.location.hash.replace(/^#/, '');
  if (token) window.history.replaceState(window.history.state, '', window.location.pathname);
  return token;
}

export function InvitationPage() {
  const { t } = useTranslation();
  const [token] = useState(readToken);
  const valid = invitationTokenSchema.safeParse(token).success;
  const invitation = useInvitation(token, valid);
  const [values, setValues] = useState<NewPasswordValues>({ password: '', confirmation: '' });
  const [problems, setProblems] = useState<string[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const doneRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const local = newPasswordProblems(values);
    setProblems(local);
    setFailure(null);
    if (local.length > 0) {
      setFailure(t('auth.password.fix'));
      setAttempt((n) => n + 1);
      return;
    }
    setBusy(true);
    try {
      await acceptInvitation(token, values.password);
      setDone(true);
    } catch (error) {
      if (isProblem(error, 'validation_failed')) {
        setProblems(error.codesFor('password'));
        setFailure(t('auth.password.fix'));
      } else if (isProblem(error, 'not_found')) {
        setFailure(t('auth.invitation.invalid'));
      } else {
        setFailure(t('auth.common.failed'));
      }
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };

  let content;
  if (!valid || invitation.isError) {
    content = (
      <Alert color="red.9" variant="outline" role="alert" title={t('auth.invitation.invalidTitle')}>
        {t('auth.invitation.invalid')}
      </Alert>
    );
  } else if (invitation.isPending) {
    content = <Loading />;
  } else if (done) {
    content = (
      <Alert
        ref={doneRef}
        tabIndex={-1}
        color="teal.9"
        variant="outline"
        role="status"
        title={t('auth.invitation.doneTitle')}
      >
        <Stack gap="sm" align="flex-start">
          <Text>{t('auth.invitation.done')}</Text>
          <AnchorLink to="/login">{t('auth.invitation.toLogin')}</AnchorLink>
        </Stack>
      </Alert>
    );
  } else {
    content = (
      <Paper withBorder p="md">
        <form onSubmit={(event) => void submit(event)} noValidate>
          <Stack gap="md">
            <Text>
              {t('auth.invitation.greeting', {
                name: invitation.data.displayName,
                organisation: invitation.data.organisationName,
              })}
            </Text>
            <Text>{t('auth.invitation.account', { email: invitation.data.email })}</Text>
            {failure ? <FormError key={attempt}>{failure}</FormError> : null}
            <NewPasswordFields values={values} onChange={setValues} problems={problems} idPrefix="invitation" />
            <Group>
              <Button type="submit" loading={busy}>
                {t('auth.invitation.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Paper>
    );
  }

  return (
    <Stack gap="lg" maw={560}>
      <PageTitle>{t('auth.invitation.title')}</PageTitle>
      {content}
    </Stack>
  );
}
