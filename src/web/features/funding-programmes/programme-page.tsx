// One programme (/funding/programmes/$programmeId): the rules of the current version (or of an earlier one), the
// versions with their change notes, what changed between two versions, and — for the authority — the way to a
// new version.
import { Alert, Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProgrammeDetail } from '../../../funding/programme.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { useProgramme, useProgrammeDiff, useProgrammeVersion } from './api/funding-programmes-api.ts';
import { can } from '../../lib/permissions.ts';
import { formatMoment } from './funding-format.ts';
import { ProgrammeRulesView } from './programme-rules-view.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';

export function ProgrammePage({ programmeId }: { programmeId: string }) {
  const { t } = useTranslation();
  const programme = useProgramme(programmeId);
  return (
    <Stack gap="lg">
      {programme.data ? (
        <PageTitle>{programme.data.name}</PageTitle>
      ) : (
        <PageTitle>{t('fundingProgrammes.programme.title')}</PageTitle>
      )}
      <AnchorLink to="/funding/programmes">{t('fundingProgrammes.programme.back')}</AnchorLink>
      {programme.isPending ? <Loading text={t('fundingProgrammes.common.loading')} /> : null}
      {programme.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          <Text mb="sm">{t('fundingProgrammes.common.failed')}</Text>
          <Button variant="default" onClick={() => void programme.refetch()}>
            {t('fundingProgrammes.common.retry')}
          </Button>
        </Alert>
      ) : null}
      {programme.data ? <ProgrammeBody programme={programme.data} /> : null}
    </Stack>
  );
}

function ProgrammeBody({ programme }: { programme: ProgrammeDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  // null: the current version, whichever it is after a refetch.
  const [chosen, setShown] = useState<number | null>(null);
  const shown = chosen ?? programme.currentVersion;
  const earlier = useProgrammeVersion(programme.id, shown === programme.currentVersion ? null : shown);
  const definition = shown === programme.currentVersion ? programme.definition : earlier.data?.definition;
  const versions = programme.versions.map((v) => ({
    value: String(v.version),
    label: t('fundingProgrammes.programme.versionLabel', { version: v.version }),
  }));
  return (
    <Stack gap="lg">
      <Text>
        {t('fundingProgrammes.programme.summary', {
          code: programme.code,
          version: programme.currentVersion,
        })}
      </Text>
      {me.data && can(me.data, 'update', 'programme') ? (
        <Group>
          <AnchorLink to="/funding/programmes/$programmeId/new-version" params={{ programmeId: programme.id }}>
            {t('fundingProgrammes.programme.newVersion')}
          </AnchorLink>
        </Group>
      ) : null}
      <Select
        label={t('fundingProgrammes.programme.showVersion')}
        data={versions}
        value={String(shown)}
        onChange={(value) => value && setShown(Number(value))}
        allowDeselect={false}
        w={260}
      />
      {shown !== programme.currentVersion ? (
        <Alert color="blue.9" variant="outline">
          {t('fundingProgrammes.programme.earlierVersion', { version: shown })}
        </Alert>
      ) : null}
      {earlier.isPending && shown !== programme.currentVersion ? (
        <Loading text={t('fundingProgrammes.common.loading')} />
      ) : null}
      {definition ? <ProgrammeRulesView definition={definition} headingId="programme-rules" /> : null}
      <VersionList programme={programme} />
      {programme.versions.length > 1 ? <VersionCompare key={programme.currentVersion} programme={programme} /> : null}
    </Stack>
  );
}

function VersionList({ programme }: { programme: ProgrammeDetail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="programme-versions">
      <Title order={2} id="programme-versions" mb="sm">
        {t('fundingProgrammes.programme.versions')}
      </Title>
      <ScrollRegion label={t('fundingProgrammes.programme.versions')} minWidth={700}>
        <Table withTableBorder striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('fundingProgrammes.programme.version')}</Table.Th>
              <Table.Th scope="col">{t('fundingProgrammes.programme.note')}</Table.Th>
              <Table.Th scope="col">{t('fundingProgrammes.programme.createdAt')}</Table.Th>
              <Table.Th scope="col">{t('fundingProgrammes.programme.createdBy')}</Table.Th>
              <Table.Th scope="col">{t('fundingProgrammes.programme.grants')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {programme.versions.map((version) => (
              <Table.Tr key={version.version}>
                <Table.Th scope="row" fw={400}>
                  {version.current
                    ? t('fundingProgrammes.programme.currentVersion', { version: version.version })
                    : version.version}
                </Table.Th>
                <Table.Td>{version.note ?? t('fundingProgrammes.common.none')}</Table.Td>
                <Table.Td>{formatMoment(version.createdAt)}</Table.Td>
                <Table.Td>{version.createdByName ?? t('fundingProgrammes.programme.bundled')}</Table.Td>
                <Table.Td>{version.grantsDecided ?? t('fundingProgrammes.common.none')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollRegion>
    </section>
  );
}

function VersionCompare({ programme }: { programme: ProgrammeDetail }) {
  const { t } = useTranslation();
  const [from, setFrom] = useState<string | null>(String(Math.max(1, programme.currentVersion - 1)));
  const [to, setTo] = useState<string | null>(String(programme.currentVersion));
  const diff = useProgrammeDiff(programme.id, from ? Number(from) : null, to ? Number(to) : null);
  const options = programme.versions.map((v) => String(v.version));
  const show = (value: unknown) => (value === undefined ? '—' : JSON.stringify(value));
  return (
    <section aria-labelledby="programme-compare">
      <Stack gap="sm">
        <Title order={2} id="programme-compare">
          {t('fundingProgrammes.programme.compare')}
        </Title>
        <Group>
          <Select
            label={t('fundingProgrammes.programme.from')}
            data={options}
            value={from}
            onChange={setFrom}
            w={140}
          />
          <Select label={t('fundingProgrammes.programme.to')} data={options} value={to} onChange={setTo} w={140} />
        </Group>
        {from === to ? <Text>{t('fundingProgrammes.programme.sameVersion')}</Text> : null}
        {diff.data && diff.data.changes.length === 0 ? <Text>{t('fundingProgrammes.programme.noChanges')}</Text> : null}
        {diff.data && diff.data.changes.length > 0 ? (
          <ScrollRegion label={t('fundingProgrammes.programme.changes')} minWidth={700}>
            <Table withTableBorder striped>
              <caption style={{ textAlign: 'start', fontWeight: 600 }}>
                {t('fundingProgrammes.programme.changesCaption', { from: diff.data.from, to: diff.data.to })}
              </caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('fundingProgrammes.programme.path')}</Table.Th>
                  <Table.Th scope="col">{t('fundingProgrammes.programme.before')}</Table.Th>
                  <Table.Th scope="col">{t('fundingProgrammes.programme.after')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {diff.data.changes.map((change) => (
                  <Table.Tr key={change.path}>
                    <Table.Th scope="row" fw={400} style={{ fontFamily: 'monospace' }}>
                      {change.path}
                    </Table.Th>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{show(change.before)}</Table.Td>
                    <Table.Td style={{ wordBreak: 'break-word' }}>{show(change.after)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollRegion>
        ) : null}
      </Stack>
    </section>
  );
}
