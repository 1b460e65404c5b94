// Concurrent workers that write through the API until they are told to stop (the kill). Each picks its next
// write at random (seeded), from what its own participants and cases allow.
import { Random } from '../../src/seed/random.ts';
import type { ApiClient } from './http-client.ts';
import type { Ledger } from './ledger.ts';
import { addCaseWork, exitCase, openCase, updateCase, updateCaseWork } from './case-operations.ts';
import { changeEnrolment, enrol } from './enrolment-operations.ts';
import type { OperationContext, WorkerState, WorkloadStats } from './operations.ts';
import { addSubRecord, createParticipant, updateParticipant } from './participant-operations.ts';
import { approvePayment, requestPayment, type FundingClients } from './payment-operations.ts';

export interface WorkloadOptions {
  api: ApiClient;
  ledger: Ledger;
  iteration: number;
  workers: number;
  seed: number;
  runTag: string;
  teamIds: string[];
  offerIds: string[];
  grantIds: string[];
  /** Signed-in managing office and officers; null = no payments in this run. */
  funding: FundingClients | null;
  /** Shared across iterations, so that markers stay unique within the run. */
  markers: { next: number };
}

export interface RunningWorkload {
  stats: WorkloadStats;
  /** Asks every worker to stop after its current request and waits for them. */
  stop(): Promise<void>;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

async function step(ctx: OperationContext, state: WorkerState): Promise<void> {
  const { random } = ctx;
  if (state.participants.length < 2 || random.chance(0.08)) return createParticipant(ctx, state);
  const withoutCase = state.participants.filter((participant) => participant.openCase === null);
  const open = state.cases.filter((kase) => !kase.exited);
  if (open.length === 0 || (withoutCase.length > 0 && random.chance(0.1))) {
    const participant = withoutCase.length > 0 ? random.pick(withoutCase) : null;
    if (participant) return openCase(ctx, state, participant);
    return createParticipant(ctx, state);
  }
  const participant = random.pick(state.participants);
  const kase = random.pick(open);
  const action = random.weighted([
    ['participant.update', 1],
    ['participant.sub-record', 2],
    ['case.update', 1],
    ['case.work', 6],
    ['case.work-update', 3],
    ['case.exit', 0.3],
    ['enrolment.create', 2],
    ['enrolment.update', 1.5],
    ['payment.request', ctx.funding ? 1 : 0],
    ['payment.approve', ctx.funding ? 2.5 : 0],
  ] as const);
  switch (action) {
    case 'participant.update':
      return updateParticipant(ctx, participant);
    case 'participant.sub-record':
      return addSubRecord(ctx, participant);
    case 'case.update':
      return updateCase(ctx, kase);
    case 'case.work':
      return addCaseWork(ctx, kase);
    case 'case.work-update':
      return updateCaseWork(ctx, kase);
    case 'enrolment.create':
      return enrol(ctx, state, participant);
    case 'enrolment.update':
      return changeEnrolment(ctx, state);
    case 'payment.request':
      if (ctx.funding) return requestPayment(ctx, ctx.funding);
      return;
    case 'payment.approve':
      if (ctx.funding) return approvePayment(ctx, ctx.funding);
      return;
    case 'case.exit': {
      const owner = state.participants.find((candidate) => candidate.id === kase.participantId);
      if (owner) return exitCase(ctx, kase, owner);
    }
  }
}

export function startWorkload(options: WorkloadOptions): RunningWorkload {
  const stats: WorkloadStats = { refusals: new Map(), serverErrors: [] };
  let stopping = false;
  const workers = Array.from({ length: options.workers }, async (_, index) => {
    // One generator per worker: its choices do not depend on how the others' requests interleave.
    const random = new Random(options.seed * 1_000 + options.iteration * 31 + index);
    const ctx: OperationContext = {
      api: options.api,
      ledger: options.ledger,
      stats,
      random,
      iteration: options.iteration,
      runTag: options.runTag,
      teamIds: options.teamIds,
      offerIds: options.offerIds,
      grantIds: options.grantIds,
      funding: options.funding,
      marker: () => `${options.runTag}-${(options.markers.next += 1)}`,
      familyName: () => {
        let name = LETTERS[random.int(0, 25)]?.toUpperCase() ?? 'Q';
        for (let i = 0; i < 9; i += 1) name += LETTERS[random.int(0, 25)] ?? 'q';
        return name;
      },
    };
    const state: WorkerState = { participants: [], cases: [], enrolments: [] };
    while (!stopping) {
      try {
        await step(ctx, state);
      } catch (error) {
        // A malformed answer or a bug in the workload: reported, never silently swallowed.
        if (!stopping) stats.serverErrors.push(`workload error: ${String(error)}`);
      }
    }
  });
  return {
    stats,
    async stop() {
      stopping = true;
      await Promise.all(workers);
    },
  };
}
