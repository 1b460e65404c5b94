import { Alert, Badge, Button, Checkbox, DataList, Group, Paper, Stack, Text, Title, useMatches } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { User, UserRole } from '../../../accounts/user.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { StepUpCancelled, useStepUp } from '../../components/step-up.tsx';
import { isProblem } from '../../lib/api-request.ts';
import {
  invitationLink,
  reinvite,
  resetSecondFactor,
  setEnabled,
  updateRoles,
  useAssignableOrganisations,
  useUser,
  USERS_KEY,
} from './api/users-api.ts';
import { OneTimeSecret } from './one-time-secret.tsx';
import { STATUS_COLORS } from './status.ts';
import { Loading } from '../../components/loading.tsx';

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <DataList.Item>
      <DataList.ItemLabel>{label}</DataList.ItemLabel>
      <DataList.ItemValue style={{ overflowWrap: 'anywhere' }}>{children}</DataList.ItemValue>
    </DataList.Item>
  );
}

function problemText(error: unknown, t: TFunction): string {
  if (isProblem(error, 'precondition_failed')) return t('users.detail.stale');
  if (isProblem(error, 'conflict') && error.fieldErrors.some((e) => e.code === 'last_system_admin')) {
    return t('users.detail.lastSystemAdmin');
  }
  if (isProblem(error, 'forbidden')) return t('users.detail.forbidden');
  if (isProblem(error, 'validation_failed')) return t('users.create.errors.rolesNotAllowed');
  return t('auth.common.failed');
}

type Outcome = { ok: boolean; text: string } | null;

function OutcomeMessage({ outcome }: { outcome: Outcome }) {
  if (!outcome) return null;
  return outcome.ok ? (
    <Alert color="teal.9" variant="outline" role="status">
      {outcome.text}
    </Alert>
  ) : (
    <FormError>{outcome.text}</FormError>
  );
}

/** A privileged change behind the step-up dialog, with its busy state and the message of its outcome. */
function useStepUpAction() {
  const { t } = useTranslation();
  const stepUp = useStepUp();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const run = async (action: () => Promise<void>, successText: string): Promise<boolean> => {
    setBusy(true);
    setOutcome(null);
    try {
      await stepUp.run(action);
      setOutcome({ ok: true, text: successText });
      return true;
    } catch (error) {
      if (!(error instanceof StepUpCancelled)) setOutcome({ ok: false, text: problemText(error, t) });
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { dialog: stepUp.dialog, busy, outcome, setOutcome, run };
}

/** The confirmation of a change that cannot simply be undone. */
function ConfirmDanger(props: {
  title: string;
  text: string;
  yes: string;
  busy: boolean;
  onYes: () => void;
  onNo: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Alert color="red.9" variant="outline" title={props.title}>
      <Text mb="sm">{props.text}</Text>
      <Group>
        <Button color="red.9" onClick={props.onYes} loading={props.busy}>
          {props.yes}
        </Button>
        <Button variant="default" onClick={props.onNo}>
          {t('users.detail.disableNo')}
        </Button>
      </Group>
    </Alert>
  );
}

function RolesEditor({ user, onSaved }: { user: User; onSaved: (user: User) => void }) {
  const { t } = useTranslation();
  const organisations = useAssignableOrganisations();
  const action = useStepUpAction();
  const [roles, setRoles] = useState<UserRole[]>(user.roles);
  useEffect(() => setRoles(user.roles), [user.roles]);

  const grantable = organisations.data?.items.find((o) => o.id === user.organisation.id)?.roles ?? [];
  // Roles the user has but the caller may not grant stay visible, read-only.
  const shown = [...new Set([...grantable, ...user.roles])];

  const save = async () => {
    if (roles.length === 0) {
      action.setOutcome({ ok: false, text: t('users.create.errors.roles') });
      return;
    }
    await action.run(async () => onSaved(await updateRoles(user, roles)), t('users.detail.rolesSaved'));
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="user-roles-title">
      {action.dialog}
      <Title order={2} id="user-roles-title" mb="sm">
        {t('users.detail.rolesTitle')}
      </Title>
      <Stack gap="md">
        <Text>{t('users.detail.rolesIntro')}</Text>
        <OutcomeMessage outcome={action.outcome} />
        <Checkbox.Group label={t('users.create.roles')} value={roles} onChange={setRoles}>
          <Stack gap="xs" mt="xs">
            {shown.map((role) => (
              <Checkbox key={role} value={role} label={t(`roleNames.${role}`)} disabled={!grantable.includes(role)} />
            ))}
          </Stack>
        </Checkbox.Group>
        <Group>
          <Button onClick={() => void save()} loading={action.busy}>
            {t('users.detail.saveRoles')}
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

function SecondFactorReset({ user, onSaved }: { user: User; onSaved: (user: User) => void }) {
  const { t } = useTranslation();
  const action = useStepUpAction();
  const [confirming, setConfirming] = useState(false);

  const reset = async () => {
    const done = await action.run(
      async () => onSaved(await resetSecondFactor(user)),
      t('users.detail.secondFactorResetDone'),
    );
    if (done) setConfirming(false);
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="user-second-factor-title">
      {action.dialog}
      <Title order={2} id="user-second-factor-title" mb="sm">
        {t('users.detail.secondFactorTitle')}
      </Title>
      <Stack gap="md" align="flex-start">
        <Text>{t('users.detail.secondFactorIntro')}</Text>
        <OutcomeMessage outcome={action.outcome} />
        {confirming ? (
          <ConfirmDanger
            title={t('users.detail.secondFactorResetConfirmTitle')}
            text={t('users.detail.secondFactorResetConfirm', { name: user.displayName })}
            yes={t('users.detail.secondFactorResetYes')}
            busy={action.busy}
            onYes={() => void reset()}
            onNo={() => setConfirming(false)}
          />
        ) : (
          <Button color="red.9" variant="outline" onClick={() => setConfirming(true)}>
            {t('users.detail.secondFactorReset')}
          </Button>
        )}
      </Stack>
    </Paper>
  );
}

function AccountActions({ user, onSaved }: { user: User; onSaved: (user: User) => void }) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [link, setLink] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const toggle = async (enabled: boolean) => {
    setBusy(true);
    setFailure(null);
    try {
      onSaved(await setEnabled(user, enabled));
      setConfirming(false);
    } catch (error) {
      setFailure(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };

  const newLink = async () => {
    setBusy(true);
    try {
      setLink(invitationLink((await reinvite(user)).invitation.token));
    } catch (error) {
      setFailure(problemText(error, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="user-actions-title">
      <Title order={2} id="user-actions-title" mb="sm">
        {t('users.detail.actionsTitle')}
      </Title>
      <Stack gap="md" align="flex-start">
        {failure ? <FormError>{failure}</FormError> : null}
        {link ? (
          <OneTimeSecret title={t('users.detail.newLinkTitle')} text={t('users.create.invitationText')} value={link} />
        ) : null}
        {user.status === 'disabled' ? (
          <Button onClick={() => void toggle(true)} loading={busy}>
            {t('users.detail.enable')}
          </Button>
        ) : confirming ? (
          <ConfirmDanger
            title={t('users.detail.disableConfirmTitle')}
            text={t('users.detail.disableConfirm', { name: user.displayName })}
            yes={t('users.detail.disableYes')}
            busy={busy}
            onYes={() => void toggle(false)}
            onNo={() => setConfirming(false)}
          />
        ) : (
          <Button color="red.9" variant="outline" onClick={() => setConfirming(true)}>
            {t('users.detail.disable')}
          </Button>
        )}
        {user.status === 'invited' ? (
          <Button variant="default" onClick={() => void newLink()} loading={busy}>
            {t('users.detail.reinvite')}
          </Button>
        ) : null}
      </Stack>
    </Paper>
  );
}

export function UserDetailPage({ userId }: { userId: string }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const orientation = useMatches<'vertical' | 'horizontal'>({ base: 'vertical', sm: 'horizontal' });
  const user = useUser(userId);
  const saved = (next: User) => {
    queryClient.setQueryData([...USERS_KEY, 'one', userId], next);
    void queryClient.invalidateQueries({ queryKey: [...USERS_KEY, 'list'] });
  };

  return (
    <Stack gap="lg">
      <PageTitle>{user.data ? user.data.displayName : t('users.detail.title')}</PageTitle>
      <AnchorLink to="/admin/users">{t('users.backToList')}</AnchorLink>
      {user.isPending ? <Loading /> : null}
      {user.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          {isProblem(user.error, 'not_found') ? t('users.detail.notFound') : problemText(user.error, t)}
        </Alert>
      ) : null}
      {user.data ? (
        <>
          <Paper withBorder p="md" component="section" aria-labelledby="user-facts-title">
            <Title order={2} id="user-facts-title" mb="sm">
              {t('users.detail.factsTitle')}
            </Title>
            <DataList labelWidth="12rem" orientation={orientation} withDivider>
              <Item label={t('users.create.email')}>{user.data.email}</Item>
              <Item label={t('users.create.organisation')}>{user.data.organisation.name}</Item>
              <Item label={t('users.table.status')}>
                <Badge color={STATUS_COLORS[user.data.status]} variant="outline" tt="none">
                  {t(`users.status.${user.data.status}`)}
                </Badge>
              </Item>
              <Item label={t('users.table.secondFactor')}>
                {user.data.secondFactorEnabled ? t('users.table.yes') : t('users.table.no')}
              </Item>
            </DataList>
          </Paper>
          <RolesEditor user={user.data} onSaved={saved} />
          {user.data.secondFactorEnabled ? <SecondFactorReset user={user.data} onSaved={saved} /> : null}
          <AccountActions user={user.data} onSaved={saved} />
        </>
      ) : null}
    </Stack>
  );
}
