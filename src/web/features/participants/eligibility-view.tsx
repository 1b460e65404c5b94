// An eligibility decision per strand, with every reason in plain language: the outcome is written out and
// marked with an icon-free text badge, never by colour alone.
import { Badge, Group, List, Paper, Stack, Text, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Strand } from '../../../participants/participant.codes.ts';
import type { EligibilityDecisionResponse } from '../../../participants/participant.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { useEligibilities } from './api/get-eligibility.ts';
import { reasonMessage } from './eligibility-text.ts';
import { useTranslate } from './form-parts.tsx';
import { LoadFailed } from './feedback.tsx';
import { formatDate } from './format.ts';

/** Outcome badges: dark enough for 4.5:1 on white; the text says it all (never colour alone). */
export const OUTCOME_COLORS: Record<EligibilityDecisionResponse['outcome'], string> = {
  eligible: 'teal.9',
  eligible_by_exception: 'grape.9',
  not_eligible: 'red.9',
};

const EFFECT_COLORS: Record<EligibilityDecisionResponse['reasons'][number]['effect'], string> = {
  met: 'teal.9',
  not_met: 'red.9',
  excepted: 'grape.9',
  uncertain: 'blue.9',
};

export function DecisionCard({
  decision,
  headingLevel,
}: {
  decision: EligibilityDecisionResponse;
  headingLevel: 3 | 4;
}) {
  const { t, i18n } = useTranslation();
  const translate = useTranslate();
  const headingId = useId();
  return (
    <Paper withBorder p="sm" component="section" aria-labelledby={headingId}>
      <Group gap="sm" mb="xs" wrap="wrap">
        <Title order={headingLevel} size="h5" id={headingId}>
          {t(`participants.strandNames.${decision.strand}`)}
        </Title>
        <Badge color={OUTCOME_COLORS[decision.outcome]} variant="outline" tt="none">
          {t(`participants.eligibility.outcomes.${decision.outcome}`)}
        </Badge>
      </Group>
      <List spacing={4} listStyleType="none" p={0}>
        {decision.reasons.map((reason) => (
          <List.Item key={`${reason.rule}-${reason.code}`}>
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Badge color={EFFECT_COLORS[reason.effect]} variant="outline" tt="none" style={{ flexShrink: 0 }}>
                {t(`participants.eligibility.effects.${reason.effect}`)}
              </Badge>
              <Text size="sm">{reasonMessage(reason, translate, i18n.language)}</Text>
            </Group>
          </List.Item>
        ))}
      </List>
    </Paper>
  );
}

/** The decisions for the given strands, fetched from the server (today, the municipality's policy). */
export function EligibilityDecisions({
  participantId,
  strands,
  headingLevel,
}: {
  participantId: string;
  strands: readonly Strand[];
  headingLevel: 3 | 4;
}) {
  const { t, i18n } = useTranslation();
  const results = useEligibilities(participantId, strands);
  const decisions = results.map((result) => result.data).filter((data): data is EligibilityDecisionResponse => !!data);
  const failed = results.find((result) => result.isError);
  const pending = results.some((result) => result.isPending);
  const first = decisions[0];
  return (
    <Stack gap="sm">
      <div role="status">{pending ? <Loading text={t('participants.eligibility.loading')} /> : null}</div>
      {failed?.error ? (
        <LoadFailed error={failed.error} onRetry={() => results.forEach((result) => void result.refetch())} />
      ) : null}
      {first ? (
        <Text>
          {t('participants.eligibility.intro', {
            programme: t('participants.eligibility.programmes.diaa'),
            date: formatDate(first.evaluatedOn, i18n.language) ?? first.evaluatedOn,
          })}
        </Text>
      ) : null}
      {decisions.map((decision) => (
        <DecisionCard key={decision.strand} decision={decision} headingLevel={headingLevel} />
      ))}
    </Stack>
  );
}
