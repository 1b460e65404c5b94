import { Alert, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Loading } from '../../components/loading.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { registerCaseTexts } from '../cases/case-texts.ts';
import { useCaseload } from './api/get-caseload.ts';
import { CaseloadTable } from './caseload-table.tsx';

// This module is the start page's lazily loaded part: its texts come with it.
registerCaseTexts();

const HOME_LIMIT = 10;
const NO_FILTERS = {};

/** The start page's part of the caseload: the cases assigned to me whose next step is due first. */
export function CaseloadSection() {
  const { t } = useTranslation();
  const result = useCaseload(NO_FILTERS, { limit: HOME_LIMIT });
  const items = result.data?.pages[0]?.items ?? [];
  return (
    <section aria-labelledby="home-caseload-title">
      <Stack gap="sm">
        <Title order={2} id="home-caseload-title">
          {t('cases.caseload.homeTitle')}
        </Title>
        <Text>{t('cases.caseload.homeIntro')}</Text>
        <div role="status">
          {result.isPending ? <Loading text={t('cases.caseload.results.loading')} /> : null}
          {result.data && items.length === 0 ? <Text>{t('cases.caseload.results.emptyOwn')}</Text> : null}
        </div>
        {result.isError ? (
          <Alert color="red.9" variant="outline" role="alert">
            <Text mb="sm">
              {isProblem(result.error, 'forbidden')
                ? t('cases.caseload.results.forbidden')
                : t('cases.caseload.results.failed')}
            </Text>
            <Button variant="default" onClick={() => void result.refetch()}>
              {t('cases.common.retry')}
            </Button>
          </Alert>
        ) : null}
        {items.length > 0 ? (
          <CaseloadTable items={items} caption={t('cases.caseload.results.homeCaption')} compact />
        ) : null}
        <Group>
          <AnchorLink to="/caseload" fw={600}>
            {t('cases.caseload.homeAll')}
          </AnchorLink>
        </Group>
      </Stack>
    </section>
  );
}
