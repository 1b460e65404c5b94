// The gap analysis (/offers/gaps): filters, an accessible bar chart, the table (unmet rows marked) and the
// exports. Anyone with aggregate read in the municipality sees it; the managing office exports it.
import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { GapRowRecord } from '../../../quality/gap.schema.ts';
import { gapGroups } from '../../../quality/quality.codes.ts';
import { Loading } from '../../components/loading.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useMe } from '../../lib/me.ts';
import { can } from '../../lib/permissions.ts';
import { gapExportUrl, useGapTable, type GapParams } from './api/quality-api.ts';
import { formatNumber } from './format.ts';
import { GapChart } from './gap-chart.tsx';
import { ScrollRegion } from '../../components/scroll-region.tsx';

// Dark red on the light red row: 7:1 and more (WCAG 1.4.3).
const UNMET_TEXT = '#7a1010';

function FilterForm({ params, onSearch }: { params: GapParams; onSearch: (next: GapParams) => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<GapParams>(params);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const next: GapParams = {};
    if (draft.from) next.from = draft.from;
    if (draft.to) next.to = draft.to;
    if (draft.granularity === 'quarter') next.granularity = 'quarter';
    if (draft.group) next.group = draft.group;
    if (draft.place?.trim()) next.place = draft.place.trim();
    if (draft.byPlace === false) next.byPlace = false;
    if (draft.unmetOnly) next.unmetOnly = true;
    onSearch(next);
  };
  return (
    <form onSubmit={submit} aria-label={t('quality.gaps.filters.legend')}>
      <Group align="flex-end" gap="md">
        <TextInput
          type="month"
          label={t('quality.gaps.filters.from')}
          value={draft.from ?? ''}
          onChange={(event) => setDraft({ ...draft, from: event.currentTarget.value })}
        />
        <TextInput
          type="month"
          label={t('quality.gaps.filters.to')}
          value={draft.to ?? ''}
          onChange={(event) => setDraft({ ...draft, to: event.currentTarget.value })}
        />
        <NativeSelect
          label={t('quality.gaps.filters.granularity')}
          value={draft.granularity ?? 'month'}
          onChange={(event) =>
            setDraft({ ...draft, granularity: event.currentTarget.value === 'quarter' ? 'quarter' : 'month' })
          }
          data={[
            { value: 'month', label: t('quality.gaps.filters.month') },
            { value: 'quarter', label: t('quality.gaps.filters.quarter') },
          ]}
        />
        <NativeSelect
          label={t('quality.gaps.filters.group')}
          value={draft.group ?? ''}
          onChange={(event) => setDraft({ ...draft, group: event.currentTarget.value })}
          data={[
            { value: '', label: t('quality.gaps.filters.allGroups') },
            ...gapGroups.map((group) => ({ value: group, label: t(`quality.groups.${group}`) })),
          ]}
        />
        <TextInput
          label={t('quality.gaps.filters.place')}
          description={t('quality.gaps.filters.placeHint')}
          value={draft.place ?? ''}
          maxLength={120}
          onChange={(event) => setDraft({ ...draft, place: event.currentTarget.value })}
        />
      </Group>
      <Group mt="md" gap="lg">
        <Checkbox
          label={t('quality.gaps.filters.byPlace')}
          checked={draft.byPlace !== false}
          onChange={(event) => setDraft({ ...draft, byPlace: event.currentTarget.checked })}
        />
        <Checkbox
          label={t('quality.gaps.filters.unmetOnly')}
          checked={draft.unmetOnly === true}
          onChange={(event) => setDraft({ ...draft, unmetOnly: event.currentTarget.checked })}
        />
        <Button type="submit">{t('quality.gaps.filters.apply')}</Button>
      </Group>
    </form>
  );
}

export function GapPage({ params, onSearch }: { params: GapParams; onSearch: (next: GapParams) => void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const readable = me.data ? can(me.data, 'read', 'aggregate') : false;
  const exportable = me.data ? can(me.data, 'export', 'aggregate') : false;
  const table = useGapTable(params);
  const placeOf = (row: GapRowRecord, byPlace: boolean) =>
    !byPlace ? t('quality.gaps.table.allPlaces') : (row.place ?? t('quality.gaps.table.noPlace'));
  const number = (value: number) => formatNumber(value, i18n.language);
  const data = table.data;

  return (
    <Stack gap="lg">
      <PageTitle>{t('quality.gaps.title')}</PageTitle>
      <Group gap="lg">
        <AnchorLink to="/offers">{t('nav.offers')}</AnchorLink>
        <AnchorLink to="/quality">{t('quality.overview.title')}</AnchorLink>
      </Group>
      <Text>{t('quality.gaps.intro')}</Text>
      {me.data && !readable ? <Text>{t('quality.common.noAccess')}</Text> : null}
      {readable ? <FilterForm key={JSON.stringify(params)} params={params} onSearch={onSearch} /> : null}
      {readable && table.isPending ? <Loading text={t('quality.common.loading')} /> : null}
      {table.isError ? (
        <Alert color="red.9" variant="outline" role="alert">
          <Text mb="sm">{t('quality.common.failed')}</Text>
          <Button variant="default" onClick={() => void table.refetch()}>
            {t('quality.common.retry')}
          </Button>
        </Alert>
      ) : null}
      {data ? (
        <>
          <Text role="status">
            {t('quality.gaps.table.totals', {
              demand: number(data.totals.demand),
              free: number(data.totals.free),
              unmet: number(data.totals.unmetRows),
            })}
          </Text>
          {exportable ? (
            <Stack gap={4}>
              <Title order={2} size="h4">
                {t('quality.gaps.export.title')}
              </Title>
              <Group gap="lg">
                <Anchor href={gapExportUrl(params, 'xlsx')} download>
                  {t('quality.gaps.export.xlsx')}
                </Anchor>
                <Anchor href={gapExportUrl(params, 'csv')} download>
                  {t('quality.gaps.export.csv')}
                </Anchor>
              </Group>
              <Text size="sm">{t('quality.gaps.export.hint')}</Text>
            </Stack>
          ) : null}
          {data.rows.length === 0 ? (
            <Text>{t('quality.gaps.table.empty')}</Text>
          ) : (
            <>
              <GapChart
                rows={data.rows}
                labelOf={(row) => `${t(`quality.groups.${row.group}`)} · ${placeOf(row, data.byPlace)} · ${row.period}`}
              />
              <ScrollRegion label={t('quality.gaps.table.caption')} minWidth={900}>
                <Table striped={false} withTableBorder>
                  <caption style={{ textAlign: 'start', fontWeight: 600 }}>{t('quality.gaps.table.caption')}</caption>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th scope="col">{t('quality.gaps.table.group')}</Table.Th>
                      <Table.Th scope="col">{t('quality.gaps.table.place')}</Table.Th>
                      <Table.Th scope="col">{t('quality.gaps.table.period')}</Table.Th>
                      <Table.Th scope="col">{t('quality.gaps.table.waiting')}</Table.Th>
                      <Table.Th scope="col">{t('quality.gaps.table.referral')}</Table.Th>
                      <Table.Th scope="col">{t('quality.gaps.table.assessment')}</Table.Th>
                      <Table.Th scope="col">{t('quality.gaps.table.demand')}</Table.Th>
                      <Table.Th scope="col">{t('quality.gaps.table.offers')}</Table.Th>
                      <Table.Th scope="col">{t('quality.gaps.table.free')}</Table.Th>
                      <Table.Th scope="col">{t('quality.gaps.table.gap')}</Table.Th>
                      <Table.Th scope="col">{t('quality.gaps.table.unmet')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {data.rows.map((row) => (
                      <Table.Tr
                        key={`${row.group}-${row.place ?? ''}-${row.period}`}
                        data-unmet={row.unmet || undefined}
                        style={row.unmet ? { backgroundColor: '#fbe3e4' } : undefined}
                      >
                        <Table.Td>{t(`quality.groups.${row.group}`)}</Table.Td>
                        <Table.Td>{placeOf(row, data.byPlace)}</Table.Td>
                        <Table.Td>{row.period}</Table.Td>
                        <Table.Td>{number(row.demand.waiting)}</Table.Td>
                        <Table.Td>{number(row.demand.referral)}</Table.Td>
                        <Table.Td>{number(row.demand.assessment)}</Table.Td>
                        <Table.Td>{number(row.demand.total)}</Table.Td>
                        <Table.Td>
                          {number(row.supply.offers)}
                          {row.supply.unlimitedOffers > 0 ? (
                            <Text size="xs">
                              {t('quality.gaps.table.unlimited', { count: row.supply.unlimitedOffers })}
                            </Text>
                          ) : null}
                        </Table.Td>
                        <Table.Td>{number(row.supply.free)}</Table.Td>
                        <Table.Td>{row.gap > 0 ? `+${number(row.gap)}` : number(row.gap)}</Table.Td>
                        <Table.Td
                          fw={row.unmet ? 700 : undefined}
                          style={row.unmet ? { color: UNMET_TEXT } : undefined}
                        >
                          {row.unmet ? t('quality.common.yes') : t('quality.common.no')}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollRegion>
            </>
          )}
        </>
      ) : null}
    </Stack>
  );
}
