// The conversation about an application: both sides' comments, and the reasons of returns and rejections, oldest
// first; a comment may be about one line of the plan. Comments are never changed or removed.
import { Button, NativeSelect, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Application } from '../../../funding/application.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldError, Outcome } from '../funding-shared/funding-kit.tsx';
import { useFailureText } from './application-kit.tsx';
import { useComment } from './applications-api.ts';

/** The parts of the application a comment can be about: the cost lines, by their description. */
function subjects(application: Application, wholeApplication: string) {
  return [
    { value: '', label: wholeApplication },
    ...application.costLines.map((line) => ({
      value: `costLines.${line.id}`,
      label: `${line.strand} ${line.budgetYear}: ${line.description}`,
    })),
  ];
}

export function CommentsSection({ application }: { application: Application }) {
  const { t } = useTranslation();
  const comment = useComment(application.id);
  const failure = useFailureText();
  const [body, setBody] = useState('');
  const [subject, setSubject] = useState('');
  const [attempt, setAttempt] = useState(0);
  const options = subjects(application, t('fundingApplications.comments.wholeApplication'));
  const subjectLabel = (value: string | null) => options.find((option) => option.value === value)?.label ?? value;

  function submit(event: FormEvent) {
    event.preventDefault();
    setAttempt((n) => n + 1);
    comment.mutate({ body, subject: subject || null }, { onSuccess: () => setBody('') });
  }

  return (
    <section aria-labelledby="comments-heading">
      <Stack gap="sm">
        <Title order={2} id="comments-heading">
          {t('fundingApplications.comments.heading')}
        </Title>
        {application.comments.length === 0 ? (
          <Text>{t('fundingApplications.comments.empty')}</Text>
        ) : (
          <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {application.comments.map((entry) => {
              const kind = ['comment', 'returned', 'rejected'].includes(entry.kind)
                ? (entry.kind as 'comment' | 'returned' | 'rejected')
                : 'other';
              return (
                <Paper component="li" key={entry.id} withBorder p="sm">
                  <Text size="sm" fw={700}>
                    {t(`fundingApplications.comments.kind.${kind}`)} · {t(`fundingApplications.comments.${entry.side}`)}
                    {entry.authorName ? ` (${entry.authorName})` : ''} ·{' '}
                    {new Date(entry.createdAt).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' })}
                  </Text>
                  {entry.subject ? (
                    <Text size="sm" c="dimmed">
                      {t('fundingApplications.comments.about', { subject: subjectLabel(entry.subject) })}
                    </Text>
                  ) : null}
                  <Text style={{ whiteSpace: 'pre-wrap' }}>{entry.body}</Text>
                </Paper>
              );
            })}
          </Stack>
        )}
        <form onSubmit={submit} noValidate aria-label={t('fundingApplications.comments.submit')}>
          <Stack gap="sm">
            {comment.isError ? <FormError key={attempt}>{failure(comment.error)}</FormError> : null}
            {comment.isSuccess ? (
              <Outcome key={`ok-${attempt}`}>{t('fundingApplications.comments.sent')}</Outcome>
            ) : null}
            <NativeSelect
              id="comment-subject"
              label={t('fundingApplications.comments.subject')}
              value={subject}
              onChange={(event) => setSubject(event.currentTarget.value)}
              data={options}
            />
            <Textarea
              id="comment-body"
              label={t('fundingApplications.comments.body')}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
              error={fieldError(comment.error, 'body')}
              autosize
              minRows={2}
              required
            />
            <Button type="submit" variant="outline" loading={comment.isPending} style={{ alignSelf: 'start' }}>
              {t('fundingApplications.comments.submit')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </section>
  );
}
