import { Alert, Button, Text } from '@mantine/core';
import { useLocation, useRouter } from '@tanstack/react-router';
import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionStageName } from '../../../accounts/auth.schema.ts';
import { useAuthSession } from '../../lib/auth-session.ts';
import { pathForStage } from './stage-paths.ts';
import { Loading } from '../../components/loading.tsx';

/**
 * Shows its page only to a session in one of `stages` (default: fully signed in). Signed out, it goes to
 * the login and from there back here; in another stage of the login, to that stage's page. The server
 * refuses the page's API calls anyway: this guard spares the user a page of errors.
 */
export function RequireAuth({
  children,
  stages = ['active'],
}: {
  children: ReactNode;
  stages?: readonly SessionStageName[];
}) {
  const { t } = useTranslation();
  const session = useAuthSession();
  const router = useRouter();
  const location = useLocation();
  const here = `${location.pathname}${location.searchStr}`;
  const stage = session.data?.stage;
  const allowed = stage ? stages.includes(stage) : false;

  // Once only: while the router moves on, this component still renders with the new location.
  const redirected = useRef(false);
  useEffect(() => {
    if (stage === undefined || allowed || redirected.current) return;
    redirected.current = true;
    const target =
      stage === null
        ? `/login?redirect=${encodeURIComponent(here)}`
        : stage === 'active'
          ? '/' // a page of an earlier stage (e.g. the forced password change) is over
          : pathForStage(stage, here);
    router.history.replace(target);
  }, [stage, allowed, here, router]);

  if (session.isError) {
    return (
      <Alert color="red.9" variant="outline" role="alert" title={t('auth.guard.errorTitle')}>
        <Text mb="sm">{t('auth.guard.error')}</Text>
        <Button onClick={() => void session.refetch()} loading={session.isFetching}>
          {t('auth.guard.retry')}
        </Button>
      </Alert>
    );
  }
  if (!allowed) {
    return <Loading />;
  }
  return children;
}
