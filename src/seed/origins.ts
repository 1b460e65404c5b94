// Countries of origin of the synthetic participants: the name list, the first languages and the second
// languages people from there often bring, and the mixes of origins by residence status. Pure data.
//
// Published: the Köln shares of the tolerated (reference-data.md: Iraq 14, Afghanistan 10, Guinea 9,
// Albania 8, Nigeria 7, Serbia 7, Kosovo 5, Iran 5, North Macedonia 4). Assumed: the "others" mix, the mix of
// people in the asylum procedure (after the first-time applications of 2019–2022) and the languages.
import type { Weighted } from './random.ts';
import type { NameListKey } from './names.ts';

export interface Origin {
  /** ISO 3166-1 alpha-2 (XK: Kosovo, as CLDR has it). */
  country: string;
  names: NameListKey;
  /** First languages (ISO 639-1 or 639-3). */
  firstLanguages: Weighted<string>;
  /** A second language often learnt at school there, with its share of speakers among participants. */
  secondLanguage?: { language: string; share: number };
  /** Safe country of origin (§ 29a AsylG): a rejected applicant from there is usually banned from work. */
  safeCountry: boolean;
  westernBalkans: boolean;
}

const origin = (
  country: string,
  names: NameListKey,
  firstLanguages: Weighted<string>,
  extra: Partial<Pick<Origin, 'secondLanguage' | 'safeCountry' | 'westernBalkans'>> = {},
): Origin => ({ country, names, firstLanguages, safeCountry: false, westernBalkans: false, ...extra });

const balkan = { safeCountry: true, westernBalkans: true };

export const ORIGINS: Readonly<Record<string, Origin>> = {
  IQ: origin(
    'IQ',
    'arabic_iraq',
    [
      ['ar', 70],
      ['ckb', 20],
      ['kmr', 10],
    ],
    { secondLanguage: { language: 'en', share: 0.25 } },
  ),
  SY: origin(
    'SY',
    'arabic_levant',
    [
      ['ar', 85],
      ['kmr', 15],
    ],
    { secondLanguage: { language: 'en', share: 0.3 } },
  ),
  LB: origin('LB', 'arabic_levant', [['ar', 100]], { secondLanguage: { language: 'fr', share: 0.3 } }),
  DZ: origin(
    'DZ',
    'arabic_maghreb',
    [
      ['ar', 80],
      ['kab', 20],
    ],
    { secondLanguage: { language: 'fr', share: 0.6 } },
  ),
  MA: origin(
    'MA',
    'arabic_maghreb',
    [
      ['ar', 85],
      ['tzm', 15],
    ],
    { secondLanguage: { language: 'fr', share: 0.5 } },
  ),
  AF: origin(
    'AF',
    'persian_afghanistan',
    [
      ['prs', 60],
      ['ps', 35],
      ['haz', 5],
    ],
    {
      secondLanguage: { language: 'en', share: 0.15 },
    },
  ),
  IR: origin(
    'IR',
    'persian_iran',
    [
      ['fa', 85],
      ['azb', 10],
      ['ckb', 5],
    ],
    { secondLanguage: { language: 'en', share: 0.4 } },
  ),
  TR: origin(
    'TR',
    'turkish',
    [
      ['kmr', 60],
      ['tr', 40],
    ],
    { secondLanguage: { language: 'en', share: 0.2 } },
  ),
  AL: origin('AL', 'albanian', [['sq', 100]], { ...balkan, secondLanguage: { language: 'it', share: 0.3 } }),
  XK: origin(
    'XK',
    'albanian',
    [
      ['sq', 80],
      ['rom', 20],
    ],
    balkan,
  ),
  RS: origin(
    'RS',
    'serbian',
    [
      ['sr', 50],
      ['rom', 40],
      ['sq', 10],
    ],
    balkan,
  ),
  MK: origin(
    'MK',
    'macedonian',
    [
      ['mk', 40],
      ['sq', 35],
      ['rom', 25],
    ],
    balkan,
  ),
  BA: origin(
    'BA',
    'bosnian',
    [
      ['bs', 70],
      ['rom', 30],
    ],
    balkan,
  ),
  GN: origin(
    'GN',
    'guinean',
    [
      ['ff', 50],
      ['sus', 25],
      ['emk', 25],
    ],
    { secondLanguage: { language: 'fr', share: 0.6 } },
  ),
  NG: origin(
    'NG',
    'nigerian',
    [
      ['bin', 30],
      ['pcm', 30],
      ['yo', 20],
      ['ig', 20],
    ],
    {
      secondLanguage: { language: 'en', share: 0.8 },
    },
  ),
  GH: origin(
    'GH',
    'ghanaian',
    [
      ['tw', 60],
      ['ee', 20],
      ['gaa', 20],
    ],
    {
      safeCountry: true,
      secondLanguage: { language: 'en', share: 0.8 },
    },
  ),
  GM: origin(
    'GM',
    'gambian',
    [
      ['wo', 40],
      ['mnk', 40],
      ['ff', 20],
    ],
    { secondLanguage: { language: 'en', share: 0.6 } },
  ),
  SO: origin('SO', 'somali', [['so', 100]], { secondLanguage: { language: 'ar', share: 0.2 } }),
  ER: origin(
    'ER',
    'tigrinya',
    [
      ['ti', 90],
      ['tig', 10],
    ],
    { secondLanguage: { language: 'en', share: 0.3 } },
  ),
  ET: origin(
    'ET',
    'amharic',
    [
      ['am', 60],
      ['om', 40],
    ],
    { secondLanguage: { language: 'en', share: 0.4 } },
  ),
  PK: origin(
    'PK',
    'pakistani',
    [
      ['ur', 50],
      ['pa', 50],
    ],
    { secondLanguage: { language: 'en', share: 0.6 } },
  ),
  BD: origin('BD', 'bangladeshi', [['bn', 100]], { secondLanguage: { language: 'en', share: 0.5 } }),
  AM: origin('AM', 'armenian', [['hy', 100]], { secondLanguage: { language: 'ru', share: 0.5 } }),
  AZ: origin('AZ', 'azerbaijani', [['az', 100]], { secondLanguage: { language: 'ru', share: 0.5 } }),
  GE: origin('GE', 'georgian', [['ka', 100]], { secondLanguage: { language: 'ru', share: 0.5 } }),
  RU: origin('RU', 'chechen', [
    ['ce', 60],
    ['ru', 40],
  ]),
  UA: origin(
    'UA',
    'ukrainian',
    [
      ['uk', 70],
      ['ru', 30],
    ],
    { secondLanguage: { language: 'en', share: 0.4 } },
  ),
};

/** Origins of tolerated persons (Duldung) in Köln; the "others" (31 %) are an assumed mix. */
export const DULDUNG_ORIGINS: Weighted<string> = [
  ['IQ', 14],
  ['AF', 10],
  ['GN', 9],
  ['AL', 8],
  ['NG', 7],
  ['RS', 7],
  ['XK', 5],
  ['IR', 5],
  ['MK', 4],
  ['GM', 3],
  ['GH', 3],
  ['DZ', 3],
  ['MA', 2],
  ['TR', 2],
  ['PK', 2],
  ['BD', 2],
  ['AM', 2],
  ['AZ', 2],
  ['GE', 2],
  ['RU', 2],
  ['ER', 1],
  ['SO', 1],
  ['ET', 1],
  ['SY', 1],
  ['BA', 1],
  ['LB', 1],
];

/** Origins of people in the asylum procedure (Gestattung), 2020–2023 (assumed). */
export const GESTATTUNG_ORIGINS: Weighted<string> = [
  ['AF', 22],
  ['SY', 18],
  ['IQ', 12],
  ['TR', 10],
  ['GN', 5],
  ['NG', 5],
  ['IR', 5],
  ['GE', 4],
  ['SO', 4],
  ['ER', 4],
  ['DZ', 2],
  ['PK', 2],
  ['RU', 2],
  ['AL', 2],
  ['ET', 2],
  ['AZ', 1],
];

/**
 * The same mix with the Western Balkans scaled to `share` of it, the other origins in their proportions.
 * Ruhr sites: the Western Balkans are about a quarter of all participants; with Gestattung (30 %) almost
 * without them, that is about 38 % of the tolerated.
 */
export function withWesternBalkansShare(mix: Weighted<string>, share: number): Weighted<string> {
  const isBalkan = (country: string) => ORIGINS[country]?.westernBalkans === true;
  const balkanTotal = mix.filter(([c]) => isBalkan(c)).reduce((sum, [, w]) => sum + w, 0);
  const otherTotal = mix.filter(([c]) => !isBalkan(c)).reduce((sum, [, w]) => sum + w, 0);
  return mix.map(([country, weight]) => [
    country,
    isBalkan(country) ? (weight / balkanTotal) * share : (weight / otherTotal) * (1 - share),
  ]);
}

export const RUHR_WESTERN_BALKANS_SHARE_OF_DULDUNG = 0.38;
