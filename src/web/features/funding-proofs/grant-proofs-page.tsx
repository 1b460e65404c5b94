// /funding/grants/$grantId/proofs: the proofs of use of one grant, and the start of a new one: the municipality's
// interim statement of a budget year or its final proof; a provider's for its forwarding contract of the grant.
import { Button, Group, NumberInput, NativeSelect, Stack, Text, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProofKind } from '../../../funding/funding.codes.ts';
import { FormError } from '../../components/form-error.tsx';
import { PageTitle } from '../../components/page-title.tsx';
import { AnchorLink } from '../../components/router-link.tsx';
import { isProblem } from '../../lib/api-request.ts';
import { useMe } from '../../lib/me.ts';
import { proofSides, useFailureText } from './proof-kit.tsx';
import { ProofTable } from './proofs-page.tsx';
import { newIdempotencyKey, useContracts, useCreateProof } from './proofs-api.ts';

function StartProofForm({
  grantId,
  provider,
  onCreated,
}: {
  grantId: string;
  provider: boolean;
  onCreated: (proofId: string) => void;
}) {
  const { t } = useTranslation();
  const failure = useFailureText();
  const create = useCreateProof();
  const contracts = useContracts(grantId, provider);
  const [kind, setKind] = useState<ProofKind>('interim');
  const [year, setYear] = useState<number | string>(new Date().getFullYear() - 1);
  const [contractId, setContractId] = useState<string | null>(null);
  // One key per intended creation: a retry after a lost answer reuses it; a refused request gets a new one.
  const [key, setKey] = useState(newIdempotencyKey);
  const [attempt, setAttempt] = useState(0);
  const usable = (contracts.data?.items ?? []).filter((c) => c.status === 'concluded' || c.status === 'ended');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((n) => n + 1);
    create.mutate(
      {
        body: {
          grantId,
          kind,
          ...(kind === 'interim' ? { budgetYear: Number(year) } : {}),
          ...(provider && contractId ? { contractId } : {}),
        },
        idempotencyKey: key,
      },
      {
        onSuccess: (proof) => onCreated(proof.id),
        onError: (error) => {
          if (isProblem(error)) setKey(newIdempotencyKey());
        },
      },
    );
  };

  return (
    <form onSubmit={submit} aria-labelledby="start-proof">
      <Stack gap="sm">
        <Title order={2} id="start-proof">
          {t('fundingProofs.start.title')}
        </Title>
        <Text>{provider ? t('fundingProofs.start.providerIntro') : t('fundingProofs.start.intro')}</Text>
        <Group align="end">
          {provider ? (
            <NativeSelect
              id="start-contract"
              label={t('fundingProofs.start.contract')}
              data={[
                {
                  value: '',
                  label:
                    usable.length > 0 ? t('fundingProofs.start.chooseContract') : t('fundingProofs.start.noContracts'),
                },
                ...usable.map((c) => ({ value: c.id, label: `${c.reference} · ${c.purpose}` })),
              ]}
              value={contractId ?? ''}
              onChange={(event) => setContractId(event.currentTarget.value || null)}
              required
            />
          ) : null}
          <NativeSelect
            id="start-kind"
            label={t('fundingProofs.start.kind')}
            data={[
              { value: 'interim', label: t('fundingProofs.kind.interim') },
              { value: 'final', label: t('fundingProofs.kind.final') },
            ]}
            value={kind}
            onChange={(event) => setKind(event.currentTarget.value === 'final' ? 'final' : 'interim')}
          />
          {kind === 'interim' ? (
            <NumberInput
              id="start-year"
              label={t('fundingProofs.start.year')}
              value={year}
              onChange={setYear}
              min={2000}
              max={2100}
              allowDecimal={false}
              thousandSeparator=""
              required
            />
          ) : null}
          <Button type="submit" loading={create.isPending}>
            {t('fundingProofs.start.submit')}
          </Button>
        </Group>
        {create.isError ? <FormError key={attempt}>{failure(create.error)}</FormError> : null}
      </Stack>
    </form>
  );
}

export function GrantProofsPage({ grantId, onCreated }: { grantId: string; onCreated: (proofId: string) => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const sides = me.data ? proofSides(me.data) : null;
  return (
    <Stack gap="lg">
      <PageTitle>{t('fundingProofs.grant.title')}</PageTitle>
      {sides && !sides.provider ? (
        <AnchorLink to="/funding/grants/$grantId" params={{ grantId }}>
          {t('fundingProofs.grant.back')}
        </AnchorLink>
      ) : null}
      <ProofTable filters={{ grantId }} caption={t('fundingProofs.grant.caption')} />
      {sides && (sides.municipality || sides.provider) ? (
        <StartProofForm grantId={grantId} provider={sides.provider} onCreated={onCreated} />
      ) : null}
    </Stack>
  );
}
