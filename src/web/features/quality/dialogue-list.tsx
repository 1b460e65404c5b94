// A list of quality dialogues (all, or one provider's), with overdue actions and due follow-ups flagged.
import { Badge, Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DialogueSummary } from '../../../quality/dialogue.schema.ts';
import { Loading } from '../../components/loading.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { useDialogues } from './api/quality-api.ts';
import { formatDay } from './format.ts';
import { ScrollRegion } from '../../components/scroll-region.tsx';

function Page({
  providerId,
  overdue,
  cursor,
  onMore,
}: {
  providerId: string | undefined;
  overdue: boolean;
  cursor: string | undefined;
  onMore: (cursor: string) => void;
}) {
  const { t } = useTranslation();
  const page = useDialogues({
    ...(providerId ? { providerId } : {}),
    ...(overdue ? { overdue } : {}),
    ...(cursor ? { cursor } : {}),
  });
  if (page.isPending) return <Loading text={t('quality.common.loading')} />;
  if (page.isError) return <Text role="alert">{t('quality.common.failed')}</Text>;
  return (
    <>
      <Rows items={page.data.items} />
      {page.data.nextCursor ? (
        <Button
          variant="default"
          onClick={() => onMore(page.data.nextCursor ?? '')}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('quality.dialogues.more')}
        </Button>
      ) : null}
    </>
  );
}

function Rows({ items }: { items: DialogueSummary[] }) {
  const { t, i18n } = useTranslation();
  if (items.length === 0) return <Text>{t('quality.dialogues.empty')}</Text>;
  return (
    <ScrollRegion label={t('quality.dialogues.caption')} minWidth={700}>
      <Table withTableBorder>
        <caption style={{ textAlign: 'start', fontWeight: 600 }}>{t('quality.dialogues.caption')}</caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('quality.dialogues.heldOn')}</Table.Th>
            <Table.Th scope="col">{t('quality.dialogues.provider')}</Table.Th>
            <Table.Th scope="col">{t('quality.dialogues.offer')}</Table.Th>
            <Table.Th scope="col">{t('quality.dialogues.openActions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Th scope="row" fw={400}>
                <AnchorLink to="/quality/dialogues/$dialogueId" params={{ dialogueId: item.id }}>
                  {formatDay(item.heldOn, i18n.language)}
                </AnchorLink>
              </Table.Th>
              <Table.Td>{item.providerName}</Table.Td>
              <Table.Td>{item.offerTitle ?? t('quality.dialogues.noOffer')}</Table.Td>
              <Table.Td>
                <Group gap="xs">
                  <span>{item.openActions}</span>
                  {item.overdueActions > 0 ? (
                    <Badge color="red.9" variant="outline">
                      {t('quality.dialogues.overdue', { count: item.overdueActions })}
                    </Badge>
                  ) : null}
                  {item.followUpDue ? (
                    <Badge color="orange.9" variant="outline">
                      {t('quality.dialogues.followUpDue')}
                    </Badge>
                  ) : null}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollRegion>
  );
}

export function DialogueList({ providerId }: { providerId?: string }) {
  const { t } = useTranslation();
  const [overdue, setOverdue] = useState(false);
  // Pages already shown, by their cursors: "load more" appends the next page below.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  return (
    <Stack gap="sm">
      <Checkbox
        label={t('quality.dialogues.overdueOnly')}
        checked={overdue}
        onChange={(event) => {
          setOverdue(event.currentTarget.checked);
          setCursors([undefined]);
        }}
      />
      {cursors.map((cursor, index) => (
        <Page
          key={cursor ?? 'first'}
          providerId={providerId}
          overdue={overdue}
          cursor={cursor}
          onMore={(next) => setCursors((current) => [...current.slice(0, index + 1), next])}
        />
      ))}
    </Stack>
  );
}
