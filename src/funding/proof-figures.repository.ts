// The raw figures of a proof of use from the case data of the municipality (offers, enrolments, cases), per strand
// of the grant, for the period the proof covers. Counts only: no person leaves this query. Disclosure control is
// applied by proof-figures.rules.ts before anything is stored.
//   offers basis (strands with offers, FB1–FB4): participants with an enrolment (active, completed, dropped out)
//     in an offer of the strand that overlaps the period; women among them; those enrolments; completions and
//     drop-outs ending in the period; placements = those participants whose case closed in the period with a
//     placement outcome (training, EQ, employment: case.codes.ts placementOutcomes).
//   cases basis (strands without offers, e.g. FB6 participation management): participants with a case of the
//     strand open during the period; women; placements as above.
// A provider's proof counts only the enrolments in that provider's offers (no cases basis).
import { sql, type Kysely } from 'kysely';
import { placementOutcomes } from '../cases/case.codes.ts';
import type { Database } from '../database.ts';
import type { RawFigureRow } from './proof-figures.rules.ts';

type Db = Kysely<Database>;

export interface FigureScope {
  municipalityId: string;
  from: string;
  to: string;
  offerStrands: readonly string[];
  caseStrands: readonly string[];
  /** a provider's proof: that provider's offers only */
  providerId: string | null;
}

interface CountRow {
  strand: string;
  participants: string;
  women: string;
  enrolments: string | null;
  completions: string | null;
  dropouts: string | null;
  placements: string;
}

function placedIn(scope: FigureScope, participant: ReturnType<typeof sql.ref>) {
  return sql`exists (select 1 from participant_case pc
                      where pc.municipality_id = ${scope.municipalityId}::uuid and pc.participant_id = ${participant}
                        and pc.exit_outcome in (${sql.join([...placementOutcomes])})
                        and pc.exited_on between ${scope.from}::date and ${scope.to}::date)`;
}

export async function countFigures(db: Db, scope: FigureScope): Promise<RawFigureRow[]> {
  const rows: RawFigureRow[] = [];
  if (scope.offerStrands.length > 0) {
    const { rows: counted } = await sql<CountRow>`
      with e as (
        select o.strand, e.participant_id, e.status, e.ends_on
          from enrolment e
          join offer o on o.municipality_id = e.municipality_id and o.id = e.offer_id
         where e.municipality_id = ${scope.municipalityId}::uuid
           and o.strand in (${sql.join([...scope.offerStrands])})
           and (${scope.providerId}::uuid is null or o.provider_id = ${scope.providerId}::uuid)
           and e.status in ('active', 'completed', 'dropped_out')
           and coalesce(e.starts_on, e.referred_on) <= ${scope.to}::date
           and (e.ends_on is null or e.ends_on >= ${scope.from}::date)
      )
      select e.strand,
             count(distinct e.participant_id) as participants,
             count(distinct e.participant_id) filter (where p.gender = 'female') as women,
             count(*) as enrolments,
             count(*) filter (where e.status = 'completed' and e.ends_on <= ${scope.to}::date) as completions,
             count(*) filter (where e.status = 'dropped_out' and (e.ends_on is null or e.ends_on <= ${scope.to}::date))
               as dropouts,
             count(distinct e.participant_id) filter (where ${placedIn(scope, sql.ref('e.participant_id'))})
               as placements
        from e
        join participant p on p.municipality_id = ${scope.municipalityId}::uuid and p.id = e.participant_id
       group by e.strand`.execute(db);
    const byStrand = new Map(counted.map((row) => [row.strand, row]));
    for (const strand of scope.offerStrands) {
      const row = byStrand.get(strand);
      rows.push({
        strand,
        basis: 'offers',
        counts: {
          participants: Number(row?.participants ?? 0),
          women: Number(row?.women ?? 0),
          enrolments: Number(row?.enrolments ?? 0),
          completions: Number(row?.completions ?? 0),
          dropouts: Number(row?.dropouts ?? 0),
          placements: Number(row?.placements ?? 0),
        },
      });
    }
  }
  if (scope.caseStrands.length > 0 && scope.providerId === null) {
    const { rows: counted } = await sql<CountRow>`
      select s.strand,
             count(distinct c.participant_id) as participants,
             count(distinct c.participant_id) filter (where p.gender = 'female') as women,
             null as enrolments, null as completions, null as dropouts,
             count(distinct c.participant_id) filter (where ${placedIn(scope, sql.ref('c.participant_id'))})
               as placements
        from unnest(array[${sql.join([...scope.caseStrands])}]::text[]) as s (strand)
        join participant_case c on c.municipality_id = ${scope.municipalityId}::uuid and s.strand = any (c.strands)
                               and c.opened_on <= ${scope.to}::date
                               and (c.exited_on is null or c.exited_on >= ${scope.from}::date)
        join participant p on p.municipality_id = c.municipality_id and p.id = c.participant_id
       group by s.strand`.execute(db);
    const byStrand = new Map(counted.map((row) => [row.strand, row]));
    for (const strand of scope.caseStrands) {
      const row = byStrand.get(strand);
      rows.push({
        strand,
        basis: 'cases',
        counts: {
          participants: Number(row?.participants ?? 0),
          women: Number(row?.women ?? 0),
          enrolments: null,
          completions: null,
          dropouts: null,
          placements: Number(row?.placements ?? 0),
        },
      });
    }
  }
  return rows.sort((a, b) => a.strand.localeCompare(b.strand));
}
