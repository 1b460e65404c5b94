// The receipts list (Belegliste): each receipt with its statement line; added and removed while the proof is
// editable; kept until the date set at submission.
import { Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProofView } from '../../../funding/proof.schema.ts';
import { FormError } from '../../components/form-error.tsx';
import { Money, MoneyInput } from '../../components/money.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { ScrollRegion } from '../../components/scroll-region.tsx';
import { germanDate, Outcome } from '../funding-shared/funding-kit.tsx';
import { useFailureText } from './proof-kit.tsx';
import { newIdempotencyKey, useAddReceipt, useRemoveReceipt } from './proofs-api.ts';

function AddReceiptForm({ proof }: { proof: ProofView }) {
  const { t } = useTranslation();
  const failure = useFailureText();
  const add = useAddReceipt(proof.id);
  const empty = { lineId: proof.lines[0]?.id ?? null, receiptDate: '', payee: '', purpose: '', reference: '' };
  const [values, setValues] = useState(empty);
  const [amount, setAmount] = useState<number | null>(null);
  const [key, setKey] = useState(newIdempotencyKey);
  const [attempt, setAttempt] = useState(0);
  const set = (field: keyof typeof empty) => (value: string | null) =>
    setValues((current) => ({ ...current, [field]: value ?? '' }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    add.mutate(
      {
        body: {
          lineId: values.lineId ?? '',
          receiptDate: values.receiptDate,
          payee: values.payee,
          purpose: values.purpose,
          reference: values.reference,
          amountCents: amount ?? 0,
        },
        idempotencyKey: key,
      },
      {
        onSuccess: () => {
          setValues(empty);
          setAmount(null);
          setKey(newIdempotencyKey());
        },
        onError: (error) => {
          if (isProblem(error)) setKey(newIdempotencyKey());
        },
      },
    );
  };

  return (
    <form onSubmit={submit} aria-labelledby="add-receipt">
      <Stack gap="sm">
        <Title order={3} id="add-receipt">
          {t('fundingProofs.receipts.add')}
        </Title>
        <Group align="end" wrap="wrap">
          <NativeSelect
            label={t('fundingProofs.receipts.line')}
            data={proof.lines.map((line) => ({
              value: line.id,
              label: `${line.strand} ${line.budgetYear} · ${line.description}`,
            }))}
            value={values.lineId ?? ''}
            onChange={(event) => set('lineId')(event.currentTarget.value)}
            required
          />
          <TextInput
            type="date"
            label={t('fundingProofs.receipts.date')}
            value={values.receiptDate}
            onChange={(event) => set('receiptDate')(event.currentTarget.value)}
            required
          />
          <TextInput
            label={t('fundingProofs.receipts.payee')}
            value={values.payee}
            onChange={(event) => set('payee')(event.currentTarget.value)}
            maxLength={200}
            required
          />
          <TextInput
            label={t('fundingProofs.receipts.purpose')}
            value={values.purpose}
            onChange={(event) => set('purpose')(event.currentTarget.value)}
            maxLength={500}
            required
          />
          <TextInput
            label={t('fundingProofs.receipts.reference')}
            value={values.reference}
            onChange={(event) => set('reference')(event.currentTarget.value)}
            maxLength={60}
          />
          <MoneyInput label={t('fundingProofs.receipts.amount')} value={amount} onChange={setAmount} required w={160} />
          <Button type="submit" loading={add.isPending}>
            {t('fundingProofs.receipts.addButton')}
          </Button>
        </Group>
        {add.isError ? <FormError key={attempt}>{failure(add.error, proof)}</FormError> : null}
        {add.isSuccess ? <Outcome key={attempt}>{t('fundingProofs.receipts.added')}</Outcome> : null}
      </Stack>
    </form>
  );
}

export function ReceiptsSection({ proof }: { proof: ProofView }) {
  const { t } = useTranslation();
  const failure = useFailureText();
  const remove = useRemoveReceipt(proof.id);
  const lines = new Map(proof.lines.map((line) => [line.id, line]));
  const retainUntil = proof.receipts.find((receipt) => receipt.retainUntil)?.retainUntil ?? null;
  return (
    <Stack gap="sm" component="section" aria-labelledby="receipts-title">
      <Title order={2} id="receipts-title">
        {t('fundingProofs.receipts.title')}
      </Title>
      <Text>
        {retainUntil
          ? t('fundingProofs.receipts.retainUntil', { date: germanDate(retainUntil) })
          : t('fundingProofs.receipts.retention', { years: String(proof.receiptRetentionYears) })}
      </Text>
      {proof.receipts.length === 0 ? (
        <Text>{t('fundingProofs.receipts.empty')}</Text>
      ) : (
        <ScrollRegion label={t('fundingProofs.receipts.caption')} minWidth={800}>
          <Table striped>
            <Table.Caption>{t('fundingProofs.receipts.caption')}</Table.Caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('fundingProofs.receipts.date')}</Table.Th>
                <Table.Th scope="col">{t('fundingProofs.receipts.reference')}</Table.Th>
                <Table.Th scope="col">{t('fundingProofs.receipts.payee')}</Table.Th>
                <Table.Th scope="col">{t('fundingProofs.receipts.purpose')}</Table.Th>
                <Table.Th scope="col">{t('fundingProofs.receipts.line')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('fundingProofs.receipts.amount')}
                </Table.Th>
                {proof.can.edit ? <Table.Th scope="col">{t('fundingProofs.receipts.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {proof.receipts.map((receipt) => {
                const line = lines.get(receipt.lineId);
                return (
                  <Table.Tr key={receipt.id}>
                    <Table.Td>{germanDate(receipt.receiptDate)}</Table.Td>
                    <Table.Td>{receipt.reference ?? '–'}</Table.Td>
                    <Table.Td>{receipt.payee}</Table.Td>
                    <Table.Td>{receipt.purpose}</Table.Td>
                    <Table.Td>{line ? `${line.strand} ${line.budgetYear} · ${line.description}` : '–'}</Table.Td>
                    <Table.Td style={{ textAlign: 'right' }}>
                      <Money cents={receipt.amountCents} />
                    </Table.Td>
                    {proof.can.edit ? (
                      <Table.Td>
                        <Button
                          variant="subtle"
                          color="red.9"
                          size="compact-sm"
                          aria-label={t('fundingProofs.receipts.removeOf', { payee: receipt.payee })}
                          onClick={() => remove.mutate({ receiptId: receipt.id, version: receipt.version })}
                        >
                          {t('fundingProofs.receipts.remove')}
                        </Button>
                      </Table.Td>
                    ) : null}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
      {remove.isError ? <FormError>{failure(remove.error, proof)}</FormError> : null}
      {proof.can.edit ? <AddReceiptForm proof={proof} /> : null}
    </Stack>
  );
}
