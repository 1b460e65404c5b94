// The participant page (Akte): header with number, names, date of birth, current status and flags; the person's
// data with their edit form; residence statuses, languages, schooling and consents; cases and eligibility per
// strand; the timeline; and the actions on the whole record (block, merge, Art. 15 export, erasure).
import { Alert, Anchor, Group, List, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeletionResult } from '../../../data-rights/data-rights.schema.ts';
import type { Participant } from '../../../participants/participant.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { intlLocale } from '../../lib/language.ts';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { useForgetParticipant } from './api/delete-participant.ts';
import { useParticipant } from './api/get-participant.ts';
import { formatBirthDate } from './birth-date.ts';
import { CasesSection, StrandEligibilitySection } from './case-sections.tsx';
import { ConsentsSection } from './consents-section.tsx';
import { Section } from './detail-parts.tsx';
import { LoadFailed, Outcome } from './feedback.tsx';
import { displayName, formatDateTime, originalName } from './format.ts';
import { MasterDataSection } from './master-data-section.tsx';
import { ParticipantBadges } from './participant-badges.tsx';
import { BlockAction, MergeAction } from './record-actions.tsx';
import { LanguagesSection, ResidenceSection, SchoolingSection } from './records-sections.tsx';
import { DeleteAction, ExportAction } from './rights-actions.tsx';
import { TimelineSection } from './timeline-section.tsx';
import { ParticipantEnrolmentsSection } from '../offers/participant-enrolments.tsx';
import { CareerAlertsSection } from '../careers/alerts-section.tsx';

function Header({ participant }: { participant: Participant }) {
  const { t, i18n } = useTranslation();
  const original = originalName(participant);
  const birthDate = formatBirthDate(participant.birthDate, participant.birthDatePrecision, intlLocale(i18n.language));
  return (
    <Stack gap="xs">
      {original ? (
        <Text size="lg" dir="auto">
          {original}
        </Text>
      ) : null}
      <Group gap="lg" wrap="wrap">
        <Text>
          <Text component="span" fw={600}>
            {t('participants.fields.number')}:
          </Text>{' '}
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{participant.number}</span>
        </Text>
        <Text>
          <Text component="span" fw={600}>
            {t('participants.fields.birthDate')}:
          </Text>{' '}
          {birthDate ?? t('participants.unknown')}
        </Text>
        <Text>
          <Text component="span" fw={600}>
            {t('participants.fields.currentStatus')}:
          </Text>{' '}
          {participant.currentResidenceStatus
            ? t(`participants.statuses.${participant.currentResidenceStatus.status}`)
            : t('participants.none')}
        </Text>
      </Group>
      <ParticipantBadges
        restricted={participant.restricted}
        blocked={participant.blockedAt !== null}
        merged={participant.mergedIntoId !== null}
        demo={participant.isDemo}
      />
      {participant.mergedIntoId ? (
        <Alert color="gray.8" variant="outline">
          <Text mb="xs">{t('participants.detail.mergedInto')}</Text>
          <AnchorLink to="/participants/$participantId" params={{ participantId: participant.mergedIntoId }} fw={600}>
            {t('participants.detail.mergedLink')}
          </AnchorLink>
        </Alert>
      ) : null}
      {participant.blockedAt ? (
        <Alert color="red.9" variant="outline">
          <Text>
            {t('participants.detail.blockedSince', {
              date: formatDateTime(participant.blockedAt, i18n.language),
              reason: participant.blockedReason ?? '',
            })}
          </Text>
          <Text size="sm">{t('participants.detail.blockedHint')}</Text>
        </Alert>
      ) : null}
      {participant.anonymisedAt ? (
        <Alert color="gray.8" variant="outline">
          {t('participants.detail.anonymised')}
        </Alert>
      ) : null}
      {participant.restricted ? <Text size="sm">{t('participants.detail.restrictedHint')}</Text> : null}
    </Stack>
  );
}

/** Links to the sections of the long page, for keyboard and screen-reader users. */
function SectionLinks({ sections }: { sections: { id: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('participants.detail.sectionsLabel')}>
      <List spacing={2}>
        {sections.map((section) => (
          <List.Item key={section.id}>
            <Anchor
              href={`#${section.id}`}
              onClick={(event) => {
                event.preventDefault();
                const heading = document.getElementById(`${section.id}-title`);
                heading?.setAttribute('tabindex', '-1');
                heading?.focus();
              }}
            >
              {section.label}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </nav>
  );
}

function Deleted({ id, number, result }: { id: string; number: string; result: DeletionResult }) {
  const { t } = useTranslation();
  const forget = useForgetParticipant();
  // The record's page is gone (nothing observes its queries any more): nothing of it stays in the cache.
  useEffect(() => forget(id), [forget, id]);
  return (
    <Stack gap="md">
      <Outcome>
        {result.action === 'anonymise'
          ? t('participants.actions.deletedAnonymise', { number })
          : t('participants.actions.deletedDelete', { number })}
      </Outcome>
      <Group>
        <AnchorLink to="/participants">{t('participants.backToSearch')}</AnchorLink>
      </Group>
    </Stack>
  );
}

export function ParticipantDetailPage({ participantId }: { participantId: string }) {
  const [deleted, setDeleted] = useState<{ number: string; result: DeletionResult } | null>(null);
  if (deleted) {
    return (
      <Stack gap="lg" maw={960}>
        <PageTitle>{deleted.number}</PageTitle>
        <Deleted id={participantId} number={deleted.number} result={deleted.result} />
      </Stack>
    );
  }
  return <ParticipantRecord participantId={participantId} onDeleted={setDeleted} />;
}

function ParticipantRecord({
  participantId,
  onDeleted,
}: {
  participantId: string;
  onDeleted: (deleted: { number: string; result: DeletionResult }) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const query = useParticipant(participantId);
  const participant = query.data;
  const reload = () => query.refetch();
  const reloading = query.isFetching;

  const person = me.data;
  const mayUpdate = person ? can(person, 'update', 'participant') : false;
  const writable =
    !!participant && mayUpdate && !participant.blockedAt && !participant.mergedIntoId && !participant.anonymisedAt;
  const mayReadCases = person ? can(person, 'read', 'case') : false;
  const mayReadEnrolments = person ? can(person, 'read', 'enrolment') : false;
  const mayReadAlerts = person ? can(person, 'read', 'alert') : false;
  const mayHandleAlerts = person ? can(person, 'update', 'alert') : false;
  const mayOpenCase = writable && (person ? can(person, 'create', 'case') : false);
  const mayExport = person ? can(person, 'export', 'participant') : false;
  const mayDelete = person ? can(person, 'delete', 'participant') : false;
  const mayBlock = mayUpdate && !!participant && !participant.mergedIntoId && !participant.anonymisedAt;
  const mayMerge = writable;
  const hasActions = mayBlock || mayMerge || mayExport || (mayDelete && !participant?.anonymisedAt);

  const sections = [
    { id: 'master-data', label: t('participants.detail.overviewTitle') },
    { id: 'residence', label: t('participants.records.residenceTitle') },
    { id: 'languages', label: t('participants.records.languagesTitle') },
    { id: 'schooling', label: t('participants.records.schoolingTitle') },
    { id: 'consents', label: t('participants.records.consentsTitle') },
    ...(mayReadCases ? [{ id: 'cases', label: t('participants.cases.title') }] : []),
    ...(mayReadEnrolments ? [{ id: 'enrolments', label: t('offers.enrolments.sectionTitle') }] : []),
    ...(mayReadAlerts ? [{ id: 'career-alerts', label: t('careers.section.title') }] : []),
    { id: 'eligibility', label: t('participants.strandEligibility.title') },
    { id: 'timeline', label: t('participants.timeline.title') },
    ...(hasActions ? [{ id: 'actions', label: t('participants.actions.title') }] : []),
  ];
  const shared = { onReload: reload, reloading };

  return (
    <Stack gap="lg" maw={1000}>
      <PageTitle documentTitle={participant ? participant.number : t('participants.detail.title')}>
        {participant ? `${displayName(participant)} (${participant.number})` : t('participants.detail.title')}
      </PageTitle>
      <Group>
        <AnchorLink to="/participants">{t('participants.backToSearch')}</AnchorLink>
      </Group>
      {query.isPending ? <Loading text={t('participants.detail.loading')} /> : null}
      {query.isError && !participant ? <LoadFailed error={query.error} onRetry={() => void query.refetch()} /> : null}
      {participant ? (
        <>
          <Header participant={participant} />
          <SectionLinks sections={sections} />
          <MasterDataSection participant={participant} writable={writable} {...shared} />
          <ResidenceSection participant={participant} writable={writable} {...shared} />
          <LanguagesSection participant={participant} writable={writable} {...shared} />
          <SchoolingSection participant={participant} writable={writable} {...shared} />
          <ConsentsSection participant={participant} writable={writable} {...shared} />
          {mayReadCases ? <CasesSection participant={participant} mayOpen={mayOpenCase} /> : null}
          {mayReadEnrolments ? <ParticipantEnrolmentsSection participant={participant} /> : null}
          {mayReadAlerts ? <CareerAlertsSection participantId={participant.id} mayHandle={mayHandleAlerts} /> : null}
          <StrandEligibilitySection participant={participant} />
          <TimelineSection participantId={participant.id} />
          {hasActions ? (
            <Section id="actions" title={t('participants.actions.title')}>
              <Stack gap="md">
                {mayBlock ? <BlockAction participant={participant} {...shared} /> : null}
                {mayMerge ? <MergeAction participant={participant} {...shared} /> : null}
                {mayExport ? <ExportAction participant={participant} /> : null}
                {mayDelete && !participant.anonymisedAt ? (
                  <DeleteAction
                    participant={participant}
                    onDeleted={(result) => onDeleted({ number: participant.number, result })}
                    {...shared}
                  />
                ) : null}
              </Stack>
            </Section>
          ) : null}
        </>
      ) : null}
      {/* The record is shown from the cache while it is fetched again; a failed refresh is said, not hidden. */}
      {query.isError && participant ? <LoadFailed error={query.error} onRetry={() => void query.refetch()} /> : null}
    </Stack>
  );
}
