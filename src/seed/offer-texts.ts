// Texts of the demo offer catalogue and enrolments: German titles as providers and the regular system name
// them, short descriptions, fictitious contact persons. No real persons or organisations. Pure data.
import type { DropoutReason, OfferType } from '../offers/offer.codes.ts';

export const OFFER_TITLES: Readonly<Record<OfferType, string>> = {
  coaching: 'Individuelles Coaching Durchstarten',
  job_language_support: 'Berufsbegleitende Sprachförderung',
  job_qualification: 'Berufsbegleitende Qualifizierung',
  school_certificate_course: 'Hauptschulabschlusskurs mit Sprachförderung',
  preparation_course: 'Ausbildungsvorbereitender Kurs mit Sprachförderung',
  youth_integration_course: 'Jugendintegrationskurs',
  integration_course: 'Integrationskurs (allgemein)',
  literacy_course: 'Integrationskurs mit Alphabetisierung',
  job_language_course: 'Berufssprachkurs B1 → B2',
  entry_qualification: 'Einstiegsqualifizierung (EQ)',
  vocational_preparation: 'Berufsvorbereitende Bildungsmaßnahme (BvB)',
  berufskolleg_class: 'Internationale Förderklasse am Berufskolleg',
  training_dual: 'Duale Ausbildung',
  training_school: 'Schulische Ausbildung',
  helper_training: 'Helferausbildung',
  other: 'Sonstiges Angebot',
};

export const TRAINING_FIELDS = [
  'Lager und Logistik',
  'Gastronomie',
  'Einzelhandel',
  'Pflege',
  'Metallbau',
  'Elektrotechnik',
  'Malerei und Lackierung',
  'Friseurhandwerk',
  'Garten- und Landschaftsbau',
  'Kfz-Mechatronik',
] as const;

export const OFFER_DESCRIPTIONS: Readonly<Partial<Record<OfferType, readonly (string | null)[]>>> = {
  coaching: [
    'Begleitung durch eine feste Ansprechperson: Ziele klären, Bewerbungen, Termine bei Behörden, Krisen.',
    'Einzelcoaching in kleinen Schritten, bei Bedarf mit Sprachmittlung.',
  ],
  job_language_support: ['Sprachförderung neben Arbeit oder Ausbildung, abends und samstags.', null],
  job_qualification: ['Fachliche Grundlagen und Fachsprache neben der Beschäftigung.', null],
  school_certificate_course: [
    'Vorbereitung auf die externe Prüfung zum Ersten Schulabschluss (ESA) mit Deutschförderung.',
    'Unterricht in Deutsch, Mathematik, Englisch und Gesellschaftslehre; Prüfung am Ende.',
  ],
  preparation_course: [
    'Berufsorientierung, Praktika, Bewerbungstraining und Deutsch im Beruf.',
    'Vorbereitung auf Schule, Ausbildung oder Arbeit, mit Sprachförderung und Praktikum.',
  ],
  integration_course: ['Sprachkurs und Orientierungskurs, Abschluss mit dem Deutsch-Test für Zuwanderer (DTZ).'],
  youth_integration_course: ['Integrationskurs für junge Erwachsene bis 27 Jahre, mit Projektarbeit.'],
  literacy_course: ['Lesen und Schreiben lernen in lateinischer Schrift, danach Sprachkurs.'],
  job_language_course: ['Berufsbezogenes Deutsch (DeuFöV), Abschlussprüfung B2.'],
  entry_qualification: ['Langzeitpraktikum im Betrieb als Einstieg in die Ausbildung.', null],
  vocational_preparation: ['Berufsvorbereitung der Agentur für Arbeit mit Praktika.', null],
  berufskolleg_class: ['Einjähriger Bildungsgang mit Sprachförderung; Erster Schulabschluss möglich.', null],
};

export const SUPPORT_LANGUAGES = ['ar', 'fa', 'ti', 'fr', 'tr', 'sq', 'ru', 'en', 'ku', 'ps'] as const;

/** Fictitious contact persons of providers: given and family names, roles. */
export const CONTACT_GIVEN_NAMES = [
  'Anna',
  'Jonas',
  'Fatma',
  'Markus',
  'Leonie',
  'Stefan',
  'Aylin',
  'Thomas',
  'Miriam',
  'Kerstin',
  'Daniel',
  'Sabine',
] as const;
export const CONTACT_FAMILY_NAMES = [
  'Schneider',
  'Hoffmann',
  'Yılmaz',
  'Becker',
  'Wagner',
  'Krüger',
  'Demir',
  'Schulz',
  'Neumann',
  'Richter',
  'Lange',
  'Kaya',
] as const;
export const CONTACT_ROLES = ['Bereichsleitung', 'Koordination Durchstarten', 'Kursorganisation', 'Verwaltung'];

export const DROPOUT_NOTES: Readonly<Partial<Record<DropoutReason, string>>> = {
  work: 'Hat eine Arbeit aufgenommen, Kurszeiten passen nicht mehr.',
  overload: 'Kurs zu schnell, Wechsel in einen Kurs mit kleineren Schritten besprochen.',
  motivation: 'Kommt seit Wochen nicht mehr, telefonisch nicht erreichbar.',
  family: 'Kinderbetreuung fehlt.',
  health: 'Längere Erkrankung.',
  residence: 'Aufenthaltsrechtliche Unsicherheit, Termin bei der Ausländerbehörde.',
  moved_away: 'Umzug in eine andere Kommune.',
};
