// A table of enrolments (of a person, or of an offer) with the change form of one of them opened below it.
import { Badge, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Enrolment } from '../../../offers/enrolment.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { LoadFailed } from '../cases/form-kit.tsx';
import { listName } from '../cases/format.ts';
import type { useParticipantEnrolments } from './api/enrolments.ts';
import { EnrolmentForm } from './enrolment-form.tsx';
import { enrolmentStatusText, periodText, resultsText } from './offer-format.ts';

/** Feedback is asked for at the end of an enrolment (the survey also takes it while active, but the lists offer it
 * once the enrolment has ended, when the participant can judge the whole offer). */
const ASKS_FOR_FEEDBACK: ReadonlySet<Enrolment['status']> = new Set(['completed', 'dropped_out']);

function Attendance({ enrolment }: { enrolment: Enrolment }) {
  const { t } = useTranslation();
  const { attendance } = enrolment;
  const parts = [
    attendance.sessionsAttended !== null
      ? t('offers.enrolments.sessions', {
          attended: attendance.sessionsAttended,
          planned: attendance.sessionsPlanned ?? '?',
        })
      : null,
    attendance.hoursAttended !== null ? t('offers.enrolments.hours', { hours: attendance.hoursAttended }) : null,
  ].filter((part): part is string => part !== null);
  if (parts.length === 0) return <Text span>–</Text>;
  return (
    <Text span>
      {parts.join(', ')}
      {attendance.confirmedBy ? ` (${t('offers.enrolments.confirmed')})` : ''}
    </Text>
  );
}

export function EnrolmentList({
  enrolments,
  view,
  mayChange,
  confirms,
  onReload,
}: {
  enrolments: Enrolment[];
  /** "participant": the person's enrolments, by offer; "offer": an offer's, by person. */
  view: 'participant' | 'offer';
  mayChange: (enrolment: Enrolment) => boolean;
  confirms: (enrolment: Enrolment) => boolean;
  onReload: () => Promise<Enrolment[]>;
}) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState<string | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const editing = enrolments.find((enrolment) => enrolment.id === open);
  // What tells a row's buttons and links apart for screen readers.
  const rowName = (enrolment: Enrolment) =>
    view === 'participant' ? enrolment.offer.title : enrolment.participant.number;
  const close = () => {
    setOpen(null);
    // Back to the button that opened the form (keyboard users continue where they were).
    requestAnimationFrame(() => opener.current?.focus());
  };

  return (
    <Stack gap="md">
      <Table.ScrollContainer minWidth={720}>
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">
                {view === 'participant' ? t('offers.enrolments.offer') : t('offers.enrolments.participant')}
              </Table.Th>
              <Table.Th scope="col">{t('offers.fields.status')}</Table.Th>
              <Table.Th scope="col">{t('offers.catalogue.period')}</Table.Th>
              <Table.Th scope="col">{t('offers.enrolments.attendanceTitle')}</Table.Th>
              <Table.Th scope="col">{t('offers.enrolments.resultsTitle')}</Table.Th>
              <Table.Th scope="col">
                <VisuallyHidden>{t('offers.enrolments.actions')}</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {enrolments.map((enrolment) => (
              <Table.Tr key={enrolment.id}>
                <Table.Th scope="row" fw={400} style={{ overflowWrap: 'anywhere' }}>
                  {view === 'participant' ? (
                    <>
                      <AnchorLink to="/offers/$offerId" params={{ offerId: enrolment.offer.id }} fw={600}>
                        {enrolment.offer.title}
                      </AnchorLink>
                      <Text size="sm">
                        {enrolment.offer.provider.name}, {enrolment.offer.place}
                      </Text>
                    </>
                  ) : (
                    <Text span fw={600}>
                      {enrolment.participant.number} – {listName(enrolment.participant)}
                    </Text>
                  )}
                </Table.Th>
                <Table.Td>
                  <Text span>{enrolmentStatusText(t, enrolment)}</Text>
                  {enrolment.seatAvailable ? (
                    <Badge variant="outline" color="teal.9" tt="none" ml={4}>
                      {t('offers.enrolments.seatAvailable')}
                    </Badge>
                  ) : null}
                </Table.Td>
                <Table.Td>{periodText(t, enrolment.startsOn, enrolment.endsOn, i18n.language)}</Table.Td>
                <Table.Td>
                  <Attendance enrolment={enrolment} />
                </Table.Td>
                <Table.Td>{resultsText(t, enrolment) || '–'}</Table.Td>
                <Table.Td>
                  {mayChange(enrolment) ? (
                    <Stack gap={4} align="flex-start">
                      <Button
                        size="xs"
                        variant="default"
                        aria-expanded={open === enrolment.id}
                        aria-controls={open === enrolment.id ? `enrolment-${enrolment.id}-form` : undefined}
                        onClick={(event) => {
                          opener.current = event.currentTarget;
                          setOpen(open === enrolment.id ? null : enrolment.id);
                        }}
                      >
                        {t('offers.enrolments.change', {
                          name: rowName(enrolment),
                        })}
                      </Button>
                      {ASKS_FOR_FEEDBACK.has(enrolment.status) ? (
                        <AnchorLink
                          to="/enrolments/$enrolmentId/feedback"
                          params={{ enrolmentId: enrolment.id }}
                          size="sm"
                        >
                          {t('offers.enrolments.feedback')}
                          <VisuallyHidden>
                            {' '}
                            {t('offers.enrolments.feedbackFor', {
                              name: rowName(enrolment),
                            })}
                          </VisuallyHidden>
                        </AnchorLink>
                      ) : null}
                    </Stack>
                  ) : null}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {editing ? (
        <EnrolmentForm
          key={editing.id}
          enrolment={editing}
          confirms={confirms(editing)}
          onDone={close}
          onReload={async () => (await onReload()).find((item) => item.id === editing.id)}
        />
      ) : null}
    </Stack>
  );
}

/**
 * The enrolments of a paged query (a person's or an offer's) as the pages show them: loading, the failure, the
 * empty state, the list, and "load more".
 */
export function PagedEnrolments({
  query,
  view,
  empty,
  forbidden,
  notFound,
  mayChange,
  confirms,
}: {
  query: ReturnType<typeof useParticipantEnrolments>;
  view: 'participant' | 'offer';
  empty: string;
  forbidden: string;
  notFound?: string;
  mayChange: (enrolment: Enrolment) => boolean;
  confirms: (enrolment: Enrolment) => boolean;
}) {
  const { t } = useTranslation();
  const enrolments = query.data?.pages.flatMap((page) => page.items) ?? [];
  const reload = async (): Promise<Enrolment[]> =>
    ((await query.refetch()).data?.pages ?? []).flatMap((page) => page.items);
  return (
    <>
      {query.isPending ? <Loading text={t('offers.common.loading')} /> : null}
      {query.isError ? (
        <LoadFailed
          error={query.error}
          failed={t('offers.enrolments.failed')}
          forbidden={forbidden}
          notFound={notFound}
          onRetry={() => void query.refetch()}
        />
      ) : null}
      {query.isSuccess && enrolments.length === 0 ? <Text>{empty}</Text> : null}
      {enrolments.length > 0 ? (
        <EnrolmentList
          enrolments={enrolments}
          view={view}
          mayChange={mayChange}
          confirms={confirms}
          onReload={reload}
        />
      ) : null}
      {query.hasNextPage ? (
        <Group>
          <Button variant="default" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            {t('offers.common.loadMore')}
          </Button>
        </Group>
      ) : null}
    </>
  );
}
