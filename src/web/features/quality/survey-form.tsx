// The participant survey as a form: each statement on a scale of 1 to 5 (or no answer), the recommendation and
// the free text. Texts come from the survey (the server's text files) in its language and direction; the same
// form serves the public page (link / QR code) and staff filling it in with the participant.
import { Button, Radio, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { FeedbackAnswersInput, Survey } from '../../../quality/feedback.schema.ts';
import type { RecommendAnswer, ScaleQuestion } from '../../../quality/quality.codes.ts';
import { FormError } from '../../components/form-error.tsx';

const NO_ANSWER = 'none';

export interface SurveyFormProps {
  survey: Survey;
  pending: boolean;
  /** A failed submission's message (shown as an alert), or null. */
  error: string | null;
  onSubmit: (answers: FeedbackAnswersInput) => void;
  /** Heading level of the title: 1 on the public page, 2 inside a staff page. */
  titleOrder?: 1 | 2;
}

export function SurveyForm({ survey, pending, error, onSubmit, titleOrder = 2 }: SurveyFormProps) {
  const { t } = useTranslation();
  const texts = survey.texts;
  const [scale, setScale] = useState<Partial<Record<ScaleQuestion, number>>>({});
  const [recommend, setRecommend] = useState<RecommendAnswer | null>(null);
  const [improvement, setImprovement] = useState('');
  const [empty, setEmpty] = useState(0);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const answers: FeedbackAnswersInput = { ...scale, recommend, improvement: improvement.trim() || null };
    const answered = Object.values(scale).length > 0 || recommend !== null || improvement.trim() !== '';
    if (!answered) {
      setEmpty((count) => count + 1);
      return;
    }
    onSubmit(answers);
  };

  const scaleOptions = Array.from({ length: survey.scale.max - survey.scale.min + 1 }, (_, i) => survey.scale.min + i);
  return (
    <form onSubmit={submit} noValidate lang={survey.language} dir={survey.direction}>
      <Stack gap="xl">
        <Stack gap="xs">
          <Title order={titleOrder}>{texts.title}</Title>
          {survey.offerTitle ? <Text size="lg">{texts.offer}</Text> : null}
          <Text size="lg">{texts.intro}</Text>
          <Text size="lg">{texts.anonymous}</Text>
        </Stack>
        {empty > 0 ? <FormError key={empty}>{texts.nothing_answered}</FormError> : null}
        {error ? <FormError key={`e-${error}`}>{error}</FormError> : null}
        {survey.scaleQuestions.map((question) => (
          <Radio.Group
            key={question}
            name={question}
            label={texts[`question.${question}`]}
            size="lg"
            value={String(scale[question] ?? NO_ANSWER)}
            onChange={(value) =>
              setScale((current) => {
                const next = { ...current };
                if (value === NO_ANSWER) delete next[question];
                else next[question] = Number(value);
                return next;
              })
            }
          >
            <Stack gap="xs" mt="xs">
              {scaleOptions.map((option) => (
                <Radio
                  key={option}
                  value={String(option)}
                  label={texts[`scale.${option}` as `scale.${1 | 2 | 3 | 4 | 5}`]}
                  size="md"
                />
              ))}
              <Radio value={NO_ANSWER} label={texts.skip} size="md" />
            </Stack>
          </Radio.Group>
        ))}
        <Radio.Group
          name="recommend"
          label={texts['question.recommend']}
          size="lg"
          value={recommend ?? NO_ANSWER}
          onChange={(value) => setRecommend(value === NO_ANSWER ? null : value)}
        >
          <Stack gap="xs" mt="xs">
            {survey.recommendAnswers.map((answer) => (
              <Radio key={answer} value={answer} label={texts[`recommend.${answer}`]} size="md" />
            ))}
            <Radio value={NO_ANSWER} label={texts.skip} size="md" />
          </Stack>
        </Radio.Group>
        <Textarea
          label={texts['question.improvement']}
          description={`${texts['hint.improvement']} ${t('quality.survey.characters', {
            count: improvement.length,
            max: survey.improvementMaxLength,
          })}`}
          size="lg"
          autosize
          minRows={3}
          maxLength={survey.improvementMaxLength}
          value={improvement}
          onChange={(event) => setImprovement(event.currentTarget.value)}
        />
        <Button type="submit" size="lg" loading={pending} style={{ alignSelf: 'flex-start' }}>
          {texts.submit}
        </Button>
      </Stack>
    </form>
  );
}
