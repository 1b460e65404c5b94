// The participant's feedback page (/feedback#<token>): no account, outside the signed-in layout, simple and
// large, in the link's language (switchable; Arabic and Dari/Farsi right to left). The token stays in the
// fragment, which never reaches a server's or a proxy's logs. Answers go in once; the texts come from the
// survey's text files through the API.
import { Alert, Box, Container, Loader, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { feedbackTokenSchema, type Survey } from '../../../quality/feedback.schema.ts';
import { surveyLanguages, type SurveyLanguage } from '../../../quality/quality.codes.ts';
import { isProblem } from '../../lib/api-request.ts';
import { usePublicFeedback, usePublicSurvey } from './api/quality-api.ts';
import { SurveyForm } from './survey-form.tsx';

function tokenFromHash(): string | null {
  const token = window.location.hash.replace(/^#/, '');
  return feedbackTokenSchema.safeParse(token).success ? token : null;
}

function isSurveyLanguage(value: string): value is SurveyLanguage {
  return (surveyLanguages as readonly string[]).includes(value);
}

/** A message in the survey's language and direction, announced. */
function SurveyMessage({ survey, text, tone }: { survey: Survey; text: string; tone: 'info' | 'done' }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <Alert
      ref={ref}
      tabIndex={-1}
      role="status"
      color={tone === 'done' ? 'green.9' : 'blue.9'}
      variant="outline"
      lang={survey.language}
      dir={survey.direction}
    >
      <Text size="xl">{text}</Text>
    </Alert>
  );
}

export function FeedbackPublicPage() {
  const { t } = useTranslation();
  const [token] = useState(tokenFromHash);
  const [language, setLanguage] = useState<SurveyLanguage | undefined>(undefined);
  const survey = usePublicSurvey(token, language);
  const send = usePublicFeedback();
  const [outcome, setOutcome] = useState<'thanks' | 'used' | 'expired' | null>(null);
  const data = survey.data;
  const formShown = data !== undefined && outcome === null && data.state === 'open' && token !== null;
  useDocumentTitle(data ? data.texts.title : t('quality.survey.pageTitle'));

  const failure = (() => {
    if (token === null) return t('quality.survey.noToken');
    if (survey.isError) {
      if (isProblem(survey.error, 'not_found')) return t('quality.survey.unknown');
      if (isProblem(survey.error, 'too_many_requests')) return t('quality.survey.tooMany');
      return t('quality.survey.failed');
    }
    return null;
  })();

  const sendError = (() => {
    if (!send.isError) return null;
    if (isProblem(send.error, 'too_many_requests')) return t('quality.survey.tooMany');
    return t('quality.survey.sendFailed');
  })();

  return (
    <Box component="main" id="main-content" py="xl">
      <Container size="sm">
        <Stack gap="xl">
          {data ? null : <Title order={1}>{t('quality.survey.pageTitle')}</Title>}
          {data && !formShown ? (
            <Title order={1} lang={data.language} dir={data.direction}>
              {data.texts.title}
            </Title>
          ) : null}
          {failure ? (
            <Alert color="red.9" variant="outline" role="alert">
              <Text size="lg">{failure}</Text>
            </Alert>
          ) : null}
          {token !== null && survey.isPending ? (
            <Stack align="flex-start" role="status">
              <Loader aria-hidden="true" />
              <Text>{t('quality.survey.loading')}</Text>
            </Stack>
          ) : null}
          {data ? (
            <>
              <NativeSelect
                label={t('quality.survey.languageLabel')}
                size="lg"
                value={data.language}
                onChange={(event) => {
                  const value = event.currentTarget.value;
                  if (isSurveyLanguage(value)) setLanguage(value);
                }}
                data={data.languages.map((item) => ({ value: item.code, label: item.name }))}
                style={{ maxWidth: '20rem' }}
              />
              {outcome === 'thanks' ? <SurveyMessage survey={data} text={data.texts.thanks} tone="done" /> : null}
              {outcome === 'used' || (outcome === null && data.state === 'used') ? (
                <SurveyMessage survey={data} text={data.texts.used} tone="info" />
              ) : null}
              {outcome === 'expired' || (outcome === null && data.state === 'expired') ? (
                <SurveyMessage survey={data} text={data.texts.expired} tone="info" />
              ) : null}
              {formShown ? (
                <SurveyForm
                  survey={data}
                  titleOrder={1}
                  pending={send.isPending}
                  error={sendError}
                  onSubmit={(answers) =>
                    send.mutate(
                      { token: token ?? '', language: data.language, answers },
                      {
                        onSuccess: () => setOutcome('thanks'),
                        onError: (error) => {
                          if (isProblem(error, 'conflict')) setOutcome('used');
                          else if (isProblem(error, 'gone')) setOutcome('expired');
                        },
                      },
                    )
                  }
                />
              ) : null}
            </>
          ) : null}
        </Stack>
      </Container>
    </Box>
  );
}
