// The approving authority's part of an application: open it for review, return it for correction or reject it
// (each with its reason), and decide it with the form of the suggested amounts.
import { Button, Group, Paper, Stack, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../funding/application.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldError, Outcome } from '../funding-shared/funding-kit.tsx';
import { useFailureText } from './application-kit.tsx';
import { useApplicationStep, type ApplicationStep } from './applications-api.ts';
import { DecideForm } from './decide-form.tsx';

const OUTCOME_TEXT: Partial<Record<ApplicationStep, string>> = {
  review: 'fundingApplications.review.started',
  return: 'fundingApplications.review.returned',
  reject: 'fundingApplications.review.rejected',
};

export function ReviewPanel({
  application,
  onDecided,
}: {
  application: Application;
  onDecided: (grantId: string) => void;
}) {
  const { t } = useTranslation();
  const step = useApplicationStep(application);
  const failure = useFailureText();
  const [reason, setReason] = useState('');
  const [attempt, setAttempt] = useState(0);
  const open = application.status === 'submitted' || application.status === 'in_review';
  const done = step.isSuccess ? OUTCOME_TEXT[step.variables.step] : undefined;

  function run(next: ApplicationStep, withReason: boolean) {
    setAttempt((n) => n + 1);
    step.mutate({ step: next, ...(withReason ? { reason } : {}) }, { onSuccess: () => setReason('') });
  }

  if (!open && !done) return null;
  return (
    <section aria-labelledby="review-heading">
      <Stack gap="md">
        <Title order={2} id="review-heading">
          {t('fundingApplications.review.heading')}
        </Title>
        {step.isError ? <FormError key={attempt}>{failure(step.error)}</FormError> : null}
        {done ? <Outcome key={`done-${attempt}`}>{t(done as 'fundingApplications.review.started')}</Outcome> : null}
        {application.status === 'submitted' ? (
          <Button onClick={() => run('review', false)} loading={step.isPending} style={{ alignSelf: 'start' }}>
            {t('fundingApplications.review.start')}
          </Button>
        ) : null}
        {open ? (
          <Paper withBorder p="md">
            <Stack gap="sm">
              <Textarea
                id="review-reason"
                label={t('fundingApplications.review.reason')}
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
                error={fieldError(step.error, 'reason')}
                autosize
                minRows={2}
              />
              <Group>
                <Button variant="outline" onClick={() => run('return', true)} loading={step.isPending}>
                  {t('fundingApplications.review.returnAction')}
                </Button>
                <Button variant="outline" color="red.9" onClick={() => run('reject', true)} loading={step.isPending}>
                  {t('fundingApplications.review.reject')}
                </Button>
              </Group>
            </Stack>
          </Paper>
        ) : null}
        {open ? <DecideForm key={application.version} application={application} onDecided={onDecided} /> : null}
      </Stack>
    </section>
  );
}
