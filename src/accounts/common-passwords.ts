// The bundled list of common passwords: the 49,000 most common passwords of the zxcvbn-ts project
// (@zxcvbn-ts/language-common, MIT; from breach corpora), plus frequent German ones, which that list
// under-represents, and words of this application's context. Built once, on first use.
import { dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MIN_LENGTH } from './password.rules.ts';

const GERMAN_AND_CONTEXT = [
  'passwort',
  'passwort1',
  'passwort12',
  'passwort123',
  'passwort1234',
  'hallo123',
  'hallo1234',
  'hallo12345',
  'hallohallo',
  'qwertz123',
  'qwertzui',
  'qwertzuiop',
  'schalke04',
  'dortmund09',
  'borussia',
  'borussia09',
  'fussball',
  'fussball1',
  'schatzi1',
  'schnecke',
  'sonnenschein',
  'geheim123',
  'geheimnis',
  'willkommen',
  'willkommen1',
  'deutschland',
  'lieblings',
  'mausi123',
  'sommer2025',
  'sommer2026',
  'winter2025',
  'winter2026',
  'durchstarten',
  'durchstarten1',
  'durchstarten123',
  'gemeinsamklappts',
  'kommune123',
  'jugendamt',
  'sozialamt',
  'integration',
];

let list: ReadonlySet<string> | undefined;

function commonPasswordSet(): ReadonlySet<string> {
  // Shorter entries are refused by the length rule anyway.
  list ??= new Set(
    [...dictionary['passwords-common'], ...GERMAN_AND_CONTEXT]
      .map((entry) => entry.toLowerCase())
      .filter((entry) => entry.length >= PASSWORD_MIN_LENGTH),
  );
  return list;
}

export function isCommonPassword(lowerCased: string): boolean {
  return commonPasswordSet().has(lowerCased);
}

export function commonPasswordCount(): number {
  return commonPasswordSet().size;
}
