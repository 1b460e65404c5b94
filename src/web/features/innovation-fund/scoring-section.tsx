// A committee member's scores of a proposal: one form per criterion of the call (points 0…maximum and a remark);
// the first save creates the member's score, later saves change it (If-Match), until the ranking is closed.
import { Button, Group, NumberInput, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  InnovationCall,
  InnovationCriterion,
  InnovationProposal,
  InnovationScore,
} from '../../../funding/innovation.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { useMyScores, useSaveScore } from './innovation-api.ts';
import { Outcome } from '../funding-shared/funding-kit.tsx';
import { LoadFailed, useFailureText } from './innovation-kit.tsx';

function CriterionForm({
  proposalId,
  criterion,
  existing,
}: {
  proposalId: string;
  criterion: InnovationCriterion;
  existing: InnovationScore | undefined;
}) {
  const { t } = useTranslation();
  const save = useSaveScore(proposalId);
  const failureText = useFailureText();
  const [points, setPoints] = useState<number | ''>(existing?.score ?? '');
  const [comment, setComment] = useState(existing?.comment ?? '');
  const [error, setError] = useState<string | undefined>();
  // The version of the member's score (null before the first save): a later save changes it with If-Match.
  const [version, setVersion] = useState<number | null>(existing?.version ?? null);
  const [outcome, setOutcome] = useState<{ round: number; text: string; tone: 'success' | 'error' } | null>(null);
  const id = `score-${criterion.code}`;

  const submit = async () => {
    const round = (outcome?.round ?? 0) + 1;
    if (points === '' || points < 0 || points > criterion.maxScore) {
      const text =
        points === ''
          ? t('innovation.common.required')
          : t('innovation.scoring.tooBig', { maxScore: criterion.maxScore });
      setError(text);
      setOutcome({ round, tone: 'error', text: t('innovation.common.invalid') });
      return;
    }
    setError(undefined);
    try {
      const saved = await save.mutateAsync({
        criterion: criterion.code,
        score: points,
        comment: comment.trim(),
        version,
      });
      setVersion(saved.version);
      setOutcome({ round, tone: 'success', text: t('innovation.scoring.saved', { label: criterion.label }) });
    } catch (failure) {
      setOutcome({ round, tone: 'error', text: failureText(failure) });
    }
  };

  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!save.isPending) void submit();
      }}
    >
      <Stack gap="xs">
        {outcome ? (
          <Outcome key={outcome.round} tone={outcome.tone}>
            {outcome.text}
          </Outcome>
        ) : null}
        <Group align="flex-start" grow>
          <NumberInput
            id={id}
            label={t('innovation.scoring.points', { label: criterion.label, maxScore: criterion.maxScore })}
            min={0}
            max={criterion.maxScore}
            allowDecimal={false}
            allowNegative={false}
            value={points}
            error={error}
            onChange={(value) => setPoints(typeof value === 'number' ? value : '')}
          />
          <Textarea
            id={`${id}-comment`}
            label={t('innovation.scoring.comment', { label: criterion.label })}
            autosize
            minRows={1}
            value={comment}
            onChange={(event) => setComment(event.currentTarget.value)}
          />
        </Group>
        <Group>
          <Button type="submit" variant="default" loading={save.isPending}>
            {t('innovation.scoring.save', { label: criterion.label })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function ScoringSection({ proposal, call }: { proposal: InnovationProposal; call: InnovationCall }) {
  const { t } = useTranslation();
  const open = call.status === 'published';
  const scores = useMyScores(proposal.id, true);
  return (
    <section aria-labelledby="scoring-heading">
      <Paper withBorder p="md">
        <Stack gap="md">
          <Title order={2} id="scoring-heading">
            {t('innovation.scoring.heading')}
          </Title>
          <Text size="sm">{open ? t('innovation.scoring.hint') : t('innovation.scoring.closed')}</Text>
          {!open ? null : scores.isPending ? (
            <Loading text={t('innovation.common.loading')} />
          ) : scores.isError ? (
            <LoadFailed error={scores.error} onRetry={() => void scores.refetch()} />
          ) : (
            call.criteria.map((criterion) => {
              const existing = scores.data.items.find((score) => score.criterion === criterion.code);
              return (
                <CriterionForm
                  key={criterion.code}
                  proposalId={proposal.id}
                  criterion={criterion}
                  existing={existing}
                />
              );
            })
          )}
        </Stack>
      </Paper>
    </section>
  );
}
