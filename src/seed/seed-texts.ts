// German texts of the demo data, as case workers write them: topics, notes, goals and steps, referral
// descriptions. Synthetic; they name no person. Pure data.
import type { CaseOutcome, ReferralService } from '../cases/case.codes.ts';

/** German names of the languages of the origins, for notes such as "mit Dolmetscher (Dari)". */
export const LANGUAGE_NAMES_DE: Readonly<Record<string, string>> = {
  ar: 'Arabisch',
  ckb: 'Sorani',
  kmr: 'Kurmandschi',
  kab: 'Kabylisch',
  tzm: 'Tamazight',
  prs: 'Dari',
  ps: 'Paschtu',
  haz: 'Hazaragi',
  fa: 'Farsi',
  azb: 'Aserbaidschanisch',
  tr: 'Türkisch',
  sq: 'Albanisch',
  rom: 'Romanes',
  sr: 'Serbisch',
  mk: 'Mazedonisch',
  bs: 'Bosnisch',
  ff: 'Fulfulde',
  sus: 'Susu',
  emk: 'Malinke',
  bin: 'Edo',
  pcm: 'Nigerianisches Pidgin',
  yo: 'Yoruba',
  ig: 'Igbo',
  tw: 'Twi',
  ee: 'Ewe',
  gaa: 'Ga',
  wo: 'Wolof',
  mnk: 'Mandinka',
  so: 'Somali',
  ti: 'Tigrinya',
  tig: 'Tigre',
  am: 'Amharisch',
  om: 'Oromo',
  ur: 'Urdu',
  pa: 'Panjabi',
  bn: 'Bengalisch',
  hy: 'Armenisch',
  az: 'Aserbaidschanisch',
  ka: 'Georgisch',
  ce: 'Tschetschenisch',
  ru: 'Russisch',
  uk: 'Ukrainisch',
  en: 'Englisch',
  fr: 'Französisch',
  it: 'Italienisch',
};

export const OCCUPATIONS = [
  'Fachkraft für Lagerlogistik',
  'Kfz-Mechatroniker*in',
  'Koch/Köchin',
  'Pflegefachfrau/-mann',
  'Elektroniker*in',
  'Maler*in und Lackierer*in',
  'Friseur*in',
  'Verkäufer*in',
  'Anlagenmechaniker*in SHK',
  'Fachkraft im Gastgewerbe',
  'Berufskraftfahrer*in',
  'Tischler*in',
  'Altenpflegehelfer*in',
  'Hochbaufacharbeiter*in',
  'Fachlagerist*in',
];

export const VOCATIONAL_EXPERIENCE = [
  'Mitarbeit in der Landwirtschaft der Familie (ca. 3 Jahre)',
  'Hilfstätigkeiten auf dem Bau im Herkunftsland',
  'Friseursalon des Onkels, ohne Abschluss',
  'Schneiderei, angelernt',
  'Küchenhilfe in einem Restaurant (Minijob in Deutschland)',
  'Kfz-Werkstatt im Herkunftsland, ca. 2 Jahre',
  'Verkauf im Laden der Familie',
  'Reinigungskraft (Minijob)',
  'Lagerhelfer über Zeitarbeit, 4 Monate',
  'Erntehelfer, saisonal',
  'Praktikum in einer Tischlerei (3 Wochen)',
  'Paketzustellung, geringfügig',
];

export const STREETS = [
  'Hauptstraße',
  'Bahnhofstraße',
  'Schulstraße',
  'Gartenstraße',
  'Lindenstraße',
  'Kirchstraße',
  'Ringstraße',
  'Bergstraße',
  'Wiesenweg',
  'Am Markt',
  'Friedhofstraße',
  'Mühlenweg',
  'Rosenstraße',
  'Birkenweg',
  'Waldstraße',
];

export const COACHING_TOPICS = [
  'Bewerbungsunterlagen überarbeiten',
  'Vorbereitung Vorstellungsgespräch',
  'Praktikumssuche',
  'Begleitung zur Ausländerbehörde',
  'Ausbildungsduldung: Unterlagen zusammenstellen',
  'Lernstand Berufsschule',
  'Konflikt im Betrieb',
  'Anmeldung Sprachkurs',
  'Termin Berufsberatung vorbereiten',
  'Wohnungssuche',
  'Post vom Jobcenter besprechen',
  'Prüfungsvorbereitung',
  'Motivation und Tagesstruktur',
  'Fahrtkosten und Monatsticket',
  'Rückmeldung des Praktikumsbetriebs',
];

export const MANAGEMENT_TOPICS = [
  'Klärung Zugang zu Förderangeboten',
  'Abstimmung mit dem Träger',
  'Anerkennung des Schulzeugnisses',
  'Klärung aufenthaltsrechtlicher Fragen',
  'Vermittlung in ein Angebot',
  'Zwischengespräch',
  'Rückmeldung Jobcenter',
];

export const REFERRAL_DESCRIPTIONS: Readonly<Record<ReferralService, readonly string[]>> = {
  jobcenter: ['Antrag auf Leistungen nach SGB II', 'Beratung zu Eingliederungsleistungen'],
  employment_agency: ['Berufsberatung', 'Ausbildungsvermittlung', 'Beratung zur Einstiegsqualifizierung'],
  bamf_course: ['Integrationskurs', 'Jugendintegrationskurs', 'Berufssprachkurs B1→B2', 'Alphabetisierungskurs'],
  berufskolleg: ['Internationale Förderklasse', 'Ausbildungsvorbereitung am Berufskolleg'],
  counselling: ['Migrationsberatung für erwachsene Zugewanderte', 'Psychosoziale Beratung', 'Schuldnerberatung'],
  other: ['Anerkennungsberatung', 'Rechtsberatung im Aufenthaltsrecht', 'Ehrenamtliche Lernpatenschaft'],
};

export interface GoalTemplate {
  area: 'language' | 'schooling' | 'vocational' | 'legal_status' | 'housing' | 'finances';
  title: string;
  steps: readonly string[];
}

export const GOAL_TEMPLATES: readonly GoalTemplate[] = [
  {
    area: 'language',
    title: 'Deutschkenntnisse auf B1 verbessern',
    steps: ['Anmeldung Sprachkurs', 'Einstufungstest ablegen', 'Prüfung DTZ anmelden'],
  },
  {
    area: 'schooling',
    title: 'Ersten Schulabschluss (ESA) nachholen',
    steps: ['Platz im Kurs zum nachträglichen Erwerb klären', 'Zeugnisse übersetzen lassen', 'Anmeldung zur Prüfung'],
  },
  {
    area: 'vocational',
    title: 'Ausbildungsplatz finden',
    steps: ['Lebenslauf erstellen', 'Bewerbungen an drei Betriebe', 'Praktikum absolvieren', 'Termin Berufsberatung'],
  },
  {
    area: 'vocational',
    title: 'Einstiegsqualifizierung beginnen',
    steps: ['Betrieb für EQ suchen', 'Antrag bei der Agentur für Arbeit', 'Beschäftigungserlaubnis beantragen'],
  },
  {
    area: 'legal_status',
    title: 'Aufenthaltsrechtliche Perspektive klären',
    steps: ['Identitätsnachweise beschaffen', 'Beratungstermin Aufenthaltsrecht', 'Antrag bei der Ausländerbehörde'],
  },
  {
    area: 'housing',
    title: 'Eigenen Wohnraum finden',
    steps: ['Wohnberechtigungsschein beantragen', 'Wohnungsangebote sichten'],
  },
  {
    area: 'finances',
    title: 'Finanzen ordnen',
    steps: ['Konto eröffnen', 'Termin Schuldnerberatung'],
  },
];

export const EXIT_NOTES: Partial<Readonly<Record<CaseOutcome, string>>> = {
  training_dual: 'Ausbildungsvertrag unterschrieben; Übergang in die Ausbildung begleitet.',
  training_school: 'Schulische Ausbildung begonnen.',
  entry_qualification: 'EQ-Vertrag abgeschlossen.',
  employment_insured: 'Sozialversicherungspflichtige Beschäftigung aufgenommen.',
  employment_marginal: 'Minijob aufgenommen, weitere Begleitung nicht gewünscht.',
  dropout: 'Kein Kontakt mehr seit mehreren Wochen; Angebot beendet.',
  moved_away: 'Umzug in eine andere Kommune.',
  departure: 'Ausreise.',
  status_change: 'Aufenthaltsstatus geändert; Programm nicht mehr zuständig.',
  school_certificate: 'Prüfung zum ESA bestanden.',
  language_certificate: 'Sprachprüfung bestanden.',
  handover_kim: 'Übergabe an das Kommunale Integrationsmanagement (Ende der Förderung DiAA).',
  handover_regular: 'Übergabe an das Regelsystem (Jobcenter/Agentur für Arbeit).',
};

export const FOLLOW_UP_NOTES = [
  'Telefonische Nachbefragung.',
  'Nachbefragung per Fragebogen.',
  'Rückmeldung über den Betrieb.',
  'Nachbefragung im persönlichen Gespräch.',
];

export const CONFERENCE_FINDINGS = [
  'Ausbildungsplatz in Aussicht, Duldung läuft aus.',
  'Wiederholte Abbrüche von Sprachkursen; Ursachen besprochen.',
  'Wohnsituation gefährdet den Ausbildungserfolg.',
  'Fehlende Identitätsnachweise verzögern die Beschäftigungserlaubnis.',
];

export const CONFERENCE_AGREEMENTS = [
  'Antrag auf Ausbildungsduldung wird vorbereitet; Coaching begleitet.',
  'Wechsel in einen Kurs mit Kinderbetreuung; Rücksprache in vier Wochen.',
  'Teilhabemanagement klärt Unterbringung mit dem Wohnungsamt.',
  'Beschaffung der Dokumente mit Unterstützung der Beratungsstelle.',
];
