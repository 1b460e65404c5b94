// The information an access report (Art. 15(1) and (2) GDPR) gives besides the data themselves: purposes and
// legal bases, recipients, retention, source, automated decisions, rights. German, as the report is given to the
// person in Germany. These are the system's defaults; the municipality, as controller, answers for them.
import type { ConsentPurpose } from '../participants/participant.codes.ts';
import { CONSENT_DATA, type RetentionRules } from './retention.rules.ts';

export const EXPORT_PURPOSES: { purpose: string; legalBasis: string }[] = [
  {
    purpose:
      'Beratung, Begleitung und Vermittlung in Ausbildung und Arbeit (Teilhabemanagement, Coaching) in den ' +
      "Landesinitiativen „Gemeinsam klappt's“ und „Durchstarten in Ausbildung und Arbeit“",
    legalBasis:
      'Art. 6 Abs. 1 lit. a und Art. 9 Abs. 2 lit. a DSGVO (Einwilligung, siehe Abschnitt Einwilligungen); ' +
      'soweit die Kommune eine gesetzliche Aufgabe wahrnimmt, Art. 6 Abs. 1 lit. e DSGVO i. V. m. §§ 67a, 67b SGB X',
  },
  {
    purpose: 'Nachweis der Verwendung der Fördermittel gegenüber dem Land (Verwendungsnachweis, Prüfung)',
    legalBasis:
      'Art. 6 Abs. 1 lit. c DSGVO i. V. m. § 44 LHO NRW und den Nebenbestimmungen des Zuwendungsbescheids ' +
      '(ANBest-G / ANBest-P)',
  },
  {
    purpose: 'Statistik und Berichte an das Land, nur zusammengefasst und ohne Personenbezug',
    legalBasis: 'Art. 6 Abs. 1 lit. e, Art. 89 DSGVO',
  },
  {
    purpose: 'Protokollierung jedes Zugriffs auf die Daten (Datensicherheit, Nachvollziehbarkeit)',
    legalBasis: 'Art. 6 Abs. 1 lit. c, Art. 5 Abs. 2 und Art. 32 DSGVO i. V. m. § 78a SGB X',
  },
];

export const EXPORT_RECIPIENTS =
  'Innerhalb der Kommune die Fachkräfte, die mit dem Fall betraut sind (Teilhabemanagement, Coaching), ' +
  'und ihre Teams; jeder Zugriff steht im Abschnitt „Zugriffsprotokoll“ (Organisation und Rolle, nicht die ' +
  'Person der Beschäftigten). An Träger oder Behörden werden Daten nur mit Einwilligung übermittelt (siehe ' +
  'Einwilligungen). Das Land erhält nur zusammengefasste Zahlen ohne Personenbezug.';

export const EXPORT_SOURCE =
  'Die Angaben stammen von der Person selbst (Erstgespräch, Beratung) und aus Unterlagen, die sie vorgelegt hat.';

export const EXPORT_AUTOMATED_DECISIONS =
  'Es gibt keine ausschließlich automatisierte Entscheidung (Art. 22 DSGVO). Die Prüfung der Förderfähigkeit ist ' +
  'ein Vorschlag mit Gründen; die Fachkraft entscheidet.';

export const EXPORT_RIGHTS: string[] = [
  'Auskunft über die gespeicherten Daten (Art. 15 DSGVO) – dieser Bericht',
  'Berichtigung unrichtiger Daten (Art. 16 DSGVO)',
  'Löschung (Art. 17 DSGVO), soweit keine Aufbewahrungspflicht entgegensteht; sonst Anonymisierung',
  'Einschränkung der Verarbeitung (Sperrung, Art. 18 DSGVO)',
  'Datenübertragbarkeit (Art. 20 DSGVO): dieser Bericht liegt auch als JSON-Datei vor',
  'Widerspruch gegen die Verarbeitung (Art. 21 DSGVO)',
  'Widerruf einer Einwilligung mit Wirkung für die Zukunft (Art. 7 Abs. 3 DSGVO)',
  'Beschwerde bei der Aufsichtsbehörde (Art. 77 DSGVO): Landesbeauftragte für Datenschutz und ' +
    'Informationsfreiheit Nordrhein-Westfalen (LDI NRW)',
];

const CLASS_NAMES = {
  case_data: 'Falldaten',
  consent_based: 'Daten aufgrund einer Einwilligung',
  without_case: 'Daten ohne Fall',
} as const;

function months(n: number): string {
  return n === 1 ? '1 Monat' : `${n} Monaten`;
}

/** The deletion classes in force, as sentences. */
export function describeRetention(rules: RetentionRules): { class: string; rule: string }[] {
  const verb = (action: 'anonymise' | 'delete') => (action === 'anonymise' ? 'anonymisiert' : 'gelöscht');
  const describe = (text: string, enabled: boolean) => (enabled ? text : `${text} (derzeit ausgesetzt)`);
  return [
    {
      class: CLASS_NAMES.case_data,
      rule: describe(
        `werden ${months(rules.case_data.periodMonths)} nach dem Ende des letzten Falls (Abschluss oder ` +
          `Nachbefragung, das Spätere) ${verb(rules.case_data.action)}; nie, solange ein Fall offen ist.`,
        rules.case_data.enabled,
      ),
    },
    {
      class: CLASS_NAMES.consent_based,
      rule: describe(
        `werden ${rules.consent_based.periodMonths === 0 ? 'sofort' : `${months(rules.consent_based.periodMonths)}`} ` +
          `nach dem Widerruf der Einwilligung ${verb(rules.consent_based.action)}.`,
        rules.consent_based.enabled,
      ),
    },
    {
      class: CLASS_NAMES.without_case,
      rule: describe(
        `Angaben zu Personen, für die nie ein Fall angelegt wurde, werden ${months(rules.without_case.periodMonths)} ` +
          `nach der letzten Änderung ${verb(rules.without_case.action)}.`,
        rules.without_case.enabled,
      ),
    },
    {
      class: 'Gesperrte Daten',
      rule: 'Gesperrte Daten (Art. 18 DSGVO) werden erst nach Aufhebung der Sperre gelöscht oder anonymisiert.',
    },
  ];
}

export function describeConsentData(): { purpose: ConsentPurpose; explanation: string }[] {
  return (Object.keys(CONSENT_DATA) as ConsentPurpose[]).map((purpose) => ({
    purpose,
    explanation: CONSENT_DATA[purpose].explanation,
  }));
}
