import { TextInput, type TextInputProps } from '@mantine/core';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The field for a code of the authenticator app — or, where `acceptsRecoveryCode`, a recovery code instead:
 * browsers and password managers fill it (autocomplete one-time-code); digits-only keyboards only when no
 * recovery code is possible.
 */
export function OneTimeCodeField({
  value,
  onChange,
  acceptsRecoveryCode,
  label,
  inputRef,
}: {
  value: string;
  onChange: (value: string) => void;
  acceptsRecoveryCode: boolean;
  label?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { t } = useTranslation();
  const numeric: Partial<TextInputProps> = acceptsRecoveryCode
    ? { description: t('auth.secondFactor.codeHint') }
    : { inputMode: 'numeric' };
  return (
    <TextInput
      ref={inputRef}
      label={label ?? t('auth.secondFactor.code')}
      {...numeric}
      autoComplete="one-time-code"
      spellCheck={false}
      required
      value={value}
      onChange={(event) => onChange(event.currentTarget.value)}
    />
  );
}
