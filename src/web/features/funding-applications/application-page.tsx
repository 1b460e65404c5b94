// /funding/applications/$applicationId: the application with its financing plan. The applicant edits the plan
// while it is a draft or returned (the rules' problems next to their lines and years), and submits or withdraws;
// the authority reviews, returns, rejects or decides; both comment.
import { Button, Group, NumberInput, Paper, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../funding/application.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { formatRate } from '../../components/money.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { fieldError, germanDate, Outcome } from '../funding-shared/funding-kit.tsx';
import { fundingSides, LoadFailed, StatusBadge, useFailureText } from './application-kit.tsx';
import { useApplication, useApplicationCheck, useApplicationStep, useUpdateApplication } from './applications-api.ts';
import { CommentsSection } from './comments-section.tsx';
import { CostLinesSection } from './cost-lines-section.tsx';
import { FundingSourcesSection, RequestedAmountsSection } from './funding-lines-section.tsx';
import { PlanCheck, PlanTotals } from './plan-totals.tsx';
import { PositionsSection } from './positions-section.tsx';
import { ReviewPanel } from './review-panel.tsx';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="sm" c="dimmed">
        {label}
      </Text>
      <Text component="dd" m={0}>
        {children}
      </Text>
    </div>
  );
}

function Facts({ application }: { application: Application }) {
  const { t } = useTranslation();
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2, md: 3 }} m={0}>
      <Fact label={t('fundingApplications.detail.reference')}>
        {application.reference ?? t('fundingApplications.detail.noReference')}
      </Fact>
      <Fact label={t('fundingApplications.detail.status')}>
        <StatusBadge status={application.status} />
      </Fact>
      <Fact label={t('fundingApplications.detail.municipality')}>{application.municipalityName}</Fact>
      <Fact label={t('fundingApplications.detail.programme')}>
        {t('fundingApplications.detail.programmeVersion', {
          name: application.programmeName,
          version: application.programmeVersion,
        })}
      </Fact>
      <Fact label={t('fundingApplications.detail.period')}>
        {t('fundingApplications.detail.periodValue', {
          from: germanDate(application.periodFrom),
          to: germanDate(application.periodTo),
        })}
      </Fact>
      <Fact label={t('fundingApplications.detail.ownRate')}>
        {t('fundingApplications.detail.ownRateValue', {
          rate: formatRate(application.totals.requiredOwnContributionRateBp),
        })}
      </Fact>
    </SimpleGrid>
  );
}

/** An own-contribution rate other than the programme's, with its reason (the header of a draft, If-Match). */
function OwnContributionForm({ application }: { application: Application }) {
  const { t } = useTranslation();
  const update = useUpdateApplication(application);
  const failure = useFailureText();
  const [rate, setRate] = useState<number | ''>(
    application.ownContributionRateBp === null ? '' : application.ownContributionRateBp / 100,
  );
  const [reason, setReason] = useState(application.ownContributionReason ?? '');
  const [attempt, setAttempt] = useState(0);

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    update.mutate({
      ownContributionRateBp: rate === '' ? null : Math.round(Number(rate) * 100),
      ownContributionReason: reason,
    });
  }

  return (
    <Paper withBorder p="md">
      <form onSubmit={submit} noValidate aria-label={t('fundingApplications.header.heading')}>
        <Stack gap="sm">
          <Title order={3}>{t('fundingApplications.header.heading')}</Title>
          {update.isError ? <FormError key={attempt}>{failure(update.error)}</FormError> : null}
          {update.isSuccess ? <Outcome key={`ok-${attempt}`}>{t('fundingApplications.header.saved')}</Outcome> : null}
          <Group grow align="start">
            <NumberInput
              label={t('fundingApplications.header.ownContributionRate')}
              description={t('fundingApplications.header.ownContributionRateHint')}
              value={rate}
              onChange={(value) => setRate(value === '' ? '' : Number(value))}
              min={0}
              max={100}
              decimalScale={2}
              decimalSeparator=","
              hideControls
              error={fieldError(update.error, 'ownContributionRateBp')}
            />
            <Textarea
              label={t('fundingApplications.header.ownContributionReason')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={fieldError(update.error, 'ownContributionReason')}
              autosize
              minRows={2}
            />
          </Group>
          <Button type="submit" variant="outline" loading={update.isPending} style={{ alignSelf: 'start' }}>
            {t('fundingApplications.common.save')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}

/** The applicant's steps: submit an open plan (refused with every problem), withdraw before the decision. */
function ApplicantActions({ application }: { application: Application }) {
  const { t } = useTranslation();
  const step = useApplicationStep(application);
  const failure = useFailureText();
  const [attempt, setAttempt] = useState(0);
  const open = application.status === 'draft' || application.status === 'returned';
  const withdrawable = ['submitted', 'in_review', 'returned'].includes(application.status);
  const run = (next: 'submit' | 'withdraw') => {
    setAttempt((n) => n + 1);
    step.mutate({ step: next });
  };
  if (!open && !withdrawable && !step.isSuccess) return null;
  return (
    <section aria-labelledby="actions-heading">
      <Stack gap="sm">
        <Title order={2} id="actions-heading">
          {t('fundingApplications.actions.heading')}
        </Title>
        {step.isError ? <FormError key={attempt}>{failure(step.error)}</FormError> : null}
        {step.isSuccess ? (
          <Outcome key={`ok-${attempt}`}>
            {step.variables.step === 'submit'
              ? t('fundingApplications.actions.submitted')
              : t('fundingApplications.actions.withdrawn')}
          </Outcome>
        ) : null}
        <Group>
          {open ? (
            <Button onClick={() => run('submit')} loading={step.isPending}>
              {t('fundingApplications.actions.submit')}
            </Button>
          ) : null}
          {withdrawable ? (
            <Button variant="outline" color="red.9" onClick={() => run('withdraw')} loading={step.isPending}>
              {t('fundingApplications.actions.withdraw')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </section>
  );
}

export function ApplicationPage({
  applicationId,
  onDecided,
}: {
  applicationId: string;
  onDecided: (grantId: string) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const application = useApplication(applicationId);
  const open = application.data?.status === 'draft' || application.data?.status === 'returned';
  const check = useApplicationCheck(applicationId, application.isSuccess);
  const sides = me.data ? fundingSides(me.data) : null;

  if (application.isPending) return <Loading text={t('fundingApplications.common.loading')} />;
  if (application.isError) {
    return <LoadFailed error={application.error} onRetry={() => void application.refetch()} />;
  }
  const data = application.data;
  const problems = check.data?.problems ?? [];
  const editable = Boolean(sides?.applicant) && open;
  return (
    <Stack gap="xl">
      <AnchorLink to="/funding/applications">{t('fundingApplications.detail.back')}</AnchorLink>
      <PageTitle>{data.title}</PageTitle>
      <Facts application={data} />
      {data.grantId ? (
        <AnchorLink to="/funding/grants/$grantId" params={{ grantId: data.grantId }}>
          {t('fundingApplications.detail.grant')}
        </AnchorLink>
      ) : null}
      {!open && data.status !== 'decided' ? <Text>{t('fundingApplications.actions.frozen')}</Text> : null}
      <PlanTotals application={data} problems={open ? problems : []} />
      {open ? <PlanCheck problems={problems} /> : null}
      <Stack gap="lg">
        {editable ? <OwnContributionForm application={data} /> : null}
        <CostLinesSection application={data} problems={open ? problems : []} editable={editable} />
        <PositionsSection application={data} problems={open ? problems : []} editable={editable} />
        <FundingSourcesSection application={data} problems={open ? problems : []} editable={editable} />
        <RequestedAmountsSection application={data} problems={open ? problems : []} editable={editable} />
      </Stack>
      {sides?.applicant ? <ApplicantActions application={data} /> : null}
      {sides?.authority ? <ReviewPanel application={data} onDecided={onDecided} /> : null}
      <CommentsSection application={data} />
    </Stack>
  );
}
