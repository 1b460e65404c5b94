import { Badge, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';

// Colours dark enough for 4.5:1 on white and on striped rows; the text says it all (never colour alone).
const RESTRICTED_COLOR = 'violet.9';
const BLOCKED_COLOR = 'red.9';
const MERGED_COLOR = 'gray.8';
const DEMO_COLOR = 'grape.9';

/** The flags of a record as text badges: restricted (anvertraut), blocked (gesperrt), merged, demo. */
export function ParticipantBadges({
  restricted,
  blocked,
  merged,
  demo = false,
}: {
  restricted: boolean;
  blocked: boolean;
  merged: boolean;
  demo?: boolean;
}) {
  const { t } = useTranslation();
  if (!restricted && !blocked && !merged && !demo) return null;
  return (
    <Group gap={4} component="span" wrap="wrap">
      {restricted ? (
        <Badge color={RESTRICTED_COLOR} variant="outline" tt="none">
          {t('participants.badges.restricted')}
        </Badge>
      ) : null}
      {blocked ? (
        <Badge color={BLOCKED_COLOR} variant="outline" tt="none">
          {t('participants.badges.blocked')}
        </Badge>
      ) : null}
      {merged ? (
        <Badge color={MERGED_COLOR} variant="outline" tt="none">
          {t('participants.badges.merged')}
        </Badge>
      ) : null}
      {demo ? (
        <Badge color={DEMO_COLOR} variant="outline" tt="none">
          {t('participants.badges.demo')}
        </Badge>
      ) : null}
    </Group>
  );
}
