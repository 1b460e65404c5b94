// The fields a quality dialogue's record and its later changes share: who took part, the findings, and the date of
// the follow-up.
import { TextInput, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type DialogueTextField = 'attendees' | 'findings' | 'followUpOn';

export function DialogueTextFields({
  values,
  setters,
  errorOf = () => undefined,
}: {
  values: Record<DialogueTextField, string>;
  setters: Record<DialogueTextField, (value: string) => void>;
  /** The server's message for a field, if it refused the value. */
  errorOf?: (field: DialogueTextField) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Textarea
        label={t('quality.dialogues.attendees')}
        required
        autosize
        minRows={2}
        maxLength={2000}
        value={values.attendees}
        onChange={(event) => setters.attendees(event.currentTarget.value)}
        error={errorOf('attendees')}
      />
      <Textarea
        label={t('quality.dialogues.findings')}
        autosize
        minRows={3}
        maxLength={20000}
        value={values.findings}
        onChange={(event) => setters.findings(event.currentTarget.value)}
        error={errorOf('findings')}
      />
      <TextInput
        type="date"
        label={t('quality.dialogues.followUpOn')}
        value={values.followUpOn}
        onChange={(event) => setters.followUpOn(event.currentTarget.value)}
        error={errorOf('followUpOn')}
      />
    </>
  );
}
