// The timeline of everything that happened to the person (the cases API), newest first, filtered by kind,
// loaded page by page.
import { Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { timelineKinds, type TimelineEvent, type TimelineKind } from '../../../cases/caseload.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { useTimeline } from './api/list-timeline.ts';
import { CaseLink } from './case-link.tsx';
import { Section } from './detail-parts.tsx';
import { LoadFailed } from './feedback.tsx';
import { formatDate, formatDateTime, languageName } from './format.ts';
import { useTranslate } from './form-parts.tsx';
import { timelineSummary } from './timeline-summary.ts';

const rowId = (event: TimelineEvent) => `timeline-${event.id}`;

/** The event's short label in words (see timeline-summary.ts). */
function useSummary() {
  const { i18n } = useTranslation();
  const translate = useTranslate();
  return (event: TimelineEvent): string =>
    timelineSummary(event, translate, (code) => languageName(code, i18n.language));
}

export function TimelineSection({ participantId }: { participantId: string }) {
  const { t, i18n } = useTranslation();
  const summary = useSummary();
  const [kind, setKind] = useState<TimelineKind | ''>('');
  const [filter, setFilter] = useState<TimelineKind[]>([]);
  const timeline = useTimeline(participantId, filter);
  const items = timeline.data?.pages.flatMap((page) => page.items) ?? [];
  const [focusTarget, setFocusTarget] = useState<string | null>(null);
  useEffect(() => {
    const element = focusTarget ? document.getElementById(focusTarget) : null;
    if (!element) return;
    element.focus();
    setFocusTarget(null);
  }, [focusTarget, items.length]);

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFilter(kind ? [kind] : []);
  };
  // After "load older", keyboard users continue at the first event that was added.
  const loadMore = async () => {
    const before = items.length;
    const next = await timeline.fetchNextPage();
    const first = next.data?.pages.flatMap((page) => page.items)[before];
    if (first) setFocusTarget(rowId(first));
  };
  const when = (event: TimelineEvent) =>
    event.on ? (formatDate(event.on, i18n.language) ?? event.on) : formatDateTime(event.at, i18n.language);

  return (
    <Section id="timeline" title={t('participants.timeline.title')}>
      <Stack gap="md">
        <form onSubmit={apply} aria-label={t('participants.timeline.filter')}>
          <Group align="flex-end" gap="sm">
            <NativeSelect
              id="timeline-kind"
              label={t('participants.timeline.kind')}
              value={kind}
              onChange={(event) => setKind(event.currentTarget.value as TimelineKind | '')}
              data={[
                { value: '', label: t('participants.timeline.allKinds') },
                ...timelineKinds.map((value) => ({ value, label: t(`participants.timeline.kinds.${value}`) })),
              ]}
            />
            <Button type="submit" variant="default">
              {t('participants.timeline.filter')}
            </Button>
          </Group>
        </form>
        <div role="status">
          {timeline.isPending ? <Loading text={t('participants.timeline.loading')} /> : null}
          {timeline.data && !timeline.isError ? (
            <Text>
              {items.length === 0
                ? t('participants.timeline.empty')
                : t('participants.timeline.count', { count: items.length })}
            </Text>
          ) : null}
        </div>
        {timeline.isError && !timeline.data ? (
          <LoadFailed error={timeline.error} onRetry={() => void timeline.refetch()} />
        ) : null}
        {items.length > 0 ? (
          <Table.ScrollContainer minWidth={560}>
            <Table striped withTableBorder verticalSpacing="xs">
              <Table.Caption>{t('participants.timeline.caption')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('participants.timeline.when')}</Table.Th>
                  <Table.Th scope="col">{t('participants.timeline.kind')}</Table.Th>
                  <Table.Th scope="col">{t('participants.timeline.what')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((event) => (
                  <Table.Tr key={event.id}>
                    <Table.Th
                      scope="row"
                      fw={400}
                      id={rowId(event)}
                      tabIndex={-1}
                      style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
                    >
                      <time dateTime={event.on ?? event.at}>{when(event)}</time>
                    </Table.Th>
                    <Table.Td>{t(`participants.timeline.kinds.${event.kind}`)}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      {event.caseId && event.kind !== 'participant_created' ? (
                        <CaseLink caseId={event.caseId}>
                          {summary(event) || t(`participants.timeline.kinds.${event.kind}`)}
                        </CaseLink>
                      ) : (
                        summary(event)
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
        {timeline.isError && timeline.data ? (
          <LoadFailed error={timeline.error} onRetry={() => void timeline.fetchNextPage()} />
        ) : null}
        {timeline.hasNextPage ? (
          <Group>
            <Button variant="default" loading={timeline.isFetchingNextPage} onClick={() => void loadMore()}>
              {t('participants.timeline.loadMore')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Section>
  );
}
