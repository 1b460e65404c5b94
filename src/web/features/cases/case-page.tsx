import { Group, Stack, Tabs } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../accounts/profile.schema.ts';
import type { Case } from '../../../cases/case.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { useCase } from './api/get-case.ts';
import { useTeams } from './api/teams.ts';
import { AssessmentSection } from './assessment-section.tsx';
import { caseAbilities, type CaseAbilities } from './case-abilities.ts';
import { CaseHeader, ReadOnlyNotice } from './case-header.tsx';
import { CASE_SECTIONS, type CaseSection } from './case-search.ts';
import { ConferencesSection } from './conferences-section.tsx';
import { ContactsSection } from './contacts-section.tsx';
import { DocumentsSection } from './documents-section.tsx';
import { ExitSection } from './exit-section.tsx';
import { LoadFailed } from './form-kit.tsx';
import { displayName } from './format.ts';
import { OverviewSection } from './overview-section.tsx';
import { PlanSection } from './plan-section.tsx';
import { ReferralsSection } from './referrals-section.tsx';

function tabCount(record: Case, section: CaseSection): number | null {
  switch (section) {
    case 'assessment':
      return record.counts.assessments;
    case 'plan':
      return record.counts.goals;
    case 'contacts':
      return record.counts.contacts;
    case 'referrals':
      return record.counts.referrals;
    case 'conferences':
      return record.counts.conferences;
    case 'documents':
      return record.counts.documents;
    default:
      return null;
  }
}

function SectionPanel({
  section,
  record,
  me,
  abilities,
  onReload,
  reloading,
}: {
  section: CaseSection;
  record: Case;
  me: Me;
  abilities: CaseAbilities;
  onReload: () => Promise<{ data?: Case }>;
  reloading: boolean;
}) {
  const common = { record, abilities, onReload, reloading };
  switch (section) {
    case 'overview':
      return <OverviewSection {...common} me={me} />;
    case 'assessment':
      return <AssessmentSection {...common} />;
    case 'plan':
      return <PlanSection {...common} me={me} />;
    case 'contacts':
      return <ContactsSection {...common} />;
    case 'referrals':
      return <ReferralsSection {...common} />;
    case 'conferences':
      return <ConferencesSection {...common} />;
    case 'documents':
      return <DocumentsSection {...common} />;
    case 'exit':
      return <ExitSection {...common} />;
  }
}

/**
 * /cases/$caseId: the case's header (participant, programme, strands, status, eligibility, warnings) and its
 * parts as tabs (arrow keys move between them, as the WAI-ARIA tabs pattern has it); the open part is in the
 * address.
 */
export function CasePage({
  caseId,
  section,
  onSection,
}: {
  caseId: string;
  section: CaseSection;
  onSection: (section: CaseSection) => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const found = useCase(caseId);
  const record = found.data;
  const person = me.data;
  const teams = useTeams(person?.activeMunicipalityId ?? null, person ? can(person, 'read', 'team') : false);
  const title = record
    ? t('cases.case.titleWithName', { number: record.participant.number, name: displayName(record.participant) })
    : t('cases.case.title', { number: '' }).trim();

  return (
    <Stack gap="lg">
      <PageTitle
        documentTitle={record ? t('cases.case.documentTitle', { number: record.participant.number }) : undefined}
      >
        {title}
      </PageTitle>
      <Group gap="lg">
        <AnchorLink to="/caseload">{t('cases.case.toCaseload')}</AnchorLink>
        {record ? (
          <AnchorLink to="/participants/$participantId" params={{ participantId: record.participant.id }}>
            {t('cases.case.toParticipant', {
              name: displayName(record.participant),
              number: record.participant.number,
            })}
          </AnchorLink>
        ) : null}
      </Group>
      {found.isPending || me.isPending ? <Loading text={t('cases.case.loading')} /> : null}
      {found.isError && !record ? (
        <LoadFailed
          error={found.error}
          failed={t('cases.case.failed')}
          forbidden={t('cases.case.forbidden')}
          notFound={t('cases.case.notFound')}
          onRetry={() => void found.refetch()}
        />
      ) : null}
      {record && person ? (
        <CaseBody
          record={record}
          me={person}
          teams={teams.data}
          section={section}
          onSection={onSection}
          onReload={() => found.refetch()}
          reloading={found.isFetching}
        />
      ) : null}
    </Stack>
  );
}

function CaseBody({
  record,
  me,
  teams,
  section,
  onSection,
  onReload,
  reloading,
}: {
  record: Case;
  me: Me;
  teams: Parameters<typeof CaseHeader>[0]['teams'];
  section: CaseSection;
  onSection: (section: CaseSection) => void;
  onReload: () => Promise<{ data?: Case }>;
  reloading: boolean;
}) {
  const { t } = useTranslation();
  const abilities = caseAbilities(record, me);
  return (
    <>
      <ReadOnlyNotice record={record} mayUpdate={abilities.update} />
      <CaseHeader record={record} teams={teams} />
      <Tabs
        value={section}
        onChange={(value) => {
          const next = CASE_SECTIONS.find((item) => item === value);
          if (next) onSection(next);
        }}
        id="case-tabs"
        keepMounted={false}
        variant="outline"
      >
        <Tabs.List aria-label={t('cases.case.tabs.label')}>
          {CASE_SECTIONS.map((item) => {
            const label = t(`cases.case.tabs.${item}`);
            const count = tabCount(record, item);
            return (
              <Tabs.Tab key={item} value={item}>
                {count === null ? label : t('cases.case.tabs.count', { label, count })}
              </Tabs.Tab>
            );
          })}
        </Tabs.List>
        {CASE_SECTIONS.map((item) => (
          <Tabs.Panel key={item} value={item} pt="md">
            <SectionPanel
              section={item}
              record={record}
              me={me}
              abilities={abilities}
              onReload={onReload}
              reloading={reloading}
            />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}
