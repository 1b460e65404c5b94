// Amounts of money in the UI: integer cents from the API, always shown and typed in de-DE notation
// ("1.234,56 €"), in English too — the programmes' figures are German budget figures (docs/funding.md).
import { NumberInput, type NumberInputProps } from '@mantine/core';
import { formatBasisPoints, formatCents } from '../../funding/money.shared.ts';

export const MONEY_LOCALE = 'de-DE';

export function formatMoney(cents: number): string {
  return formatCents(cents, MONEY_LOCALE);
}

export function formatRate(basisPoints: number): string {
  return formatBasisPoints(basisPoints, MONEY_LOCALE);
}

/** An amount in a table or text; tabular figures so that columns of amounts line up. */
export function Money({ cents }: { cents: number }) {
  return <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatMoney(cents)}</span>;
}

type MoneyInputProps = Omit<NumberInputProps, 'value' | 'onChange' | 'decimalScale' | 'thousandSeparator'> & {
  /** cents, or null when empty */
  value: number | null;
  onChange: (cents: number | null) => void;
};

/** An amount typed in euros with German separators (1.234,56), handed on as whole cents. */
export function MoneyInput({ value, onChange, ...props }: MoneyInputProps) {
  return (
    <NumberInput
      {...props}
      value={value === null ? '' : value / 100}
      onChange={(next) => {
        if (next === '' || next === null) onChange(null);
        else {
          // A string is the unformatted value of the input ("5.00" while the decimals are typed): its decimal
          // separator is always ".", never the displayed ",", and it has no thousands separators.
          const euros = typeof next === 'number' ? next : Number(next);
          onChange(Number.isFinite(euros) ? Math.round(euros * 100) : null);
        }
      }}
      decimalSeparator=","
      thousandSeparator="."
      decimalScale={2}
      fixedDecimalScale
      allowNegative={false}
      suffix=" €"
      hideControls
    />
  );
}
