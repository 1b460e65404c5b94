// Asking for feedback on an enrolment (/enrolments/$enrolmentId/feedback): a one-time link with a QR code to
// print or pass on (shown once), or the survey filled in together with the participant. Either way the answers
// are stored without a link to the person.
import { Alert, Anchor, Button, Group, Image, NativeSelect, NumberInput, Stack, Text, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_VALID_DAYS, MAX_VALID_DAYS } from '../../../quality/feedback.schema.ts';
import { surveyLanguages, type SurveyLanguage } from '../../../quality/quality.codes.ts';
import { FormError } from '../../components/form-error.tsx';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { useCreateInvitation, useStaffFeedback, useStaffSurvey } from './api/quality-api.ts';
import { SurveyForm } from './survey-form.tsx';

function problemText(error: unknown, t: TFunction): string {
  if (isProblem(error, 'conflict')) return t('quality.invite.limit');
  if (isProblem(error, 'not_found') || isProblem(error, 'forbidden')) return t('quality.invite.notPossible');
  return t('quality.common.saveFailed');
}

function LanguageSelect({
  value,
  onChange,
  names,
}: {
  value: SurveyLanguage;
  onChange: (language: SurveyLanguage) => void;
  names: Partial<Record<SurveyLanguage, string>>;
}) {
  const { t } = useTranslation();
  return (
    <NativeSelect
      label={t('quality.invite.language')}
      value={value}
      onChange={(event) => onChange(event.currentTarget.value as SurveyLanguage)}
      data={surveyLanguages.map((code) => ({ value: code, label: names[code] ?? code }))}
    />
  );
}

export function FeedbackInvitePage({ enrolmentId }: { enrolmentId: string }) {
  const { t, i18n } = useTranslation();
  const [language, setLanguage] = useState<SurveyLanguage>('de');
  const [validDays, setValidDays] = useState<number>(DEFAULT_VALID_DAYS);
  const survey = useStaffSurvey(enrolmentId, language);
  const invite = useCreateInvitation(enrolmentId);
  const together = useStaffFeedback(enrolmentId);
  // One key for the filled-in survey: a retry after a lost answer never stores it twice.
  const [key] = useState(() => crypto.randomUUID());
  const names = Object.fromEntries((survey.data?.languages ?? []).map((l) => [l.code, l.name]));
  const created = invite.data;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    invite.mutate({ language, validDays });
  };

  return (
    <Stack gap="lg">
      <PageTitle>{t('quality.invite.title')}</PageTitle>
      <Text>{t('quality.invite.intro')}</Text>
      {survey.isPending ? <Loading text={t('quality.common.loading')} /> : null}
      {survey.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          {problemText(survey.error, t)}
        </Alert>
      ) : null}
      <form onSubmit={submit} noValidate>
        <Group align="flex-end" gap="md">
          <LanguageSelect value={language} onChange={setLanguage} names={names} />
          <NumberInput
            label={t('quality.invite.validDays')}
            min={1}
            max={MAX_VALID_DAYS}
            value={validDays}
            onChange={(value) => setValidDays(typeof value === 'number' ? value : DEFAULT_VALID_DAYS)}
          />
          <Button type="submit" loading={invite.isPending}>
            {t('quality.invite.create')}
          </Button>
        </Group>
      </form>
      {invite.isError ? <FormError>{problemText(invite.error, t)}</FormError> : null}
      {created ? (
        <Stack gap="sm" className="feedback-link">
          <Title order={2}>{t('quality.invite.createdTitle')}</Title>
          <Text role="status">{t('quality.invite.once')}</Text>
          <Image
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(created.qrCodeSvg)}`}
            alt={t('quality.invite.qrAlt')}
            w={240}
            h={240}
          />
          <Anchor href={created.link} style={{ wordBreak: 'break-all' }}>
            {created.link}
          </Anchor>
          <Text>
            {t('quality.invite.expires', {
              date: new Intl.DateTimeFormat(i18n.language.startsWith('en') ? 'en-GB' : 'de-DE', {
                dateStyle: 'long',
              }).format(new Date(created.expiresAt)),
            })}
          </Text>
          <Button variant="default" onClick={() => window.print()} style={{ alignSelf: 'flex-start' }}>
            {t('quality.invite.print')}
          </Button>
        </Stack>
      ) : null}
      <Title order={2}>{t('quality.invite.together')}</Title>
      <Text>{t('quality.invite.togetherIntro')}</Text>
      {together.isSuccess ? (
        <Alert color="green.9" variant="outline" role="status">
          {t('quality.invite.sent')}
        </Alert>
      ) : survey.data ? (
        <SurveyForm
          key={survey.data.language}
          survey={survey.data}
          pending={together.isPending}
          error={together.isError ? problemText(together.error, t) : null}
          onSubmit={(answers) => together.mutate({ language, answers, idempotencyKey: key })}
        />
      ) : null}
    </Stack>
  );
}
