// Köln's 9 city districts (Stadtbezirke) and 86 quarters (Stadtteile) with their official numbers
// (reference-data.md), the postcodes of each district and the district weights of the generator parameters.
// Public reference data, no personal data. Pure.

export interface Quarter {
  /** Official number: district digit + two digits (101–909). */
  number: number;
  name: string;
  /**
   * Relative weight within the district (assumed): quarters with large municipal shelters or much social
   * housing, where young refugees live, weigh 3, the others 1.
   */
  weight: number;
}

export interface CityDistrict {
  number: number;
  name: string;
  /** Share of the participants living there (generator parameters, assumed). */
  weight: number;
  /** Postcodes (PLZ) of the district; each is within 50667–51149. */
  postcodes: readonly string[];
  /** Participation-management team responsible: Köln splits case work by the Rhine banks. */
  bank: 'left' | 'right';
  quarters: readonly Quarter[];
}

const q = (number: number, name: string, weight = 1): Quarter => ({ number, name, weight });

export const KOELN_DISTRICTS: readonly CityDistrict[] = [
  {
    number: 1,
    name: 'Innenstadt',
    weight: 0.08,
    bank: 'left',
    postcodes: ['50667', '50668', '50670', '50672', '50674', '50676', '50677', '50678', '50679'],
    quarters: [
      q(101, 'Altstadt-Süd'),
      q(102, 'Neustadt-Süd'),
      q(103, 'Altstadt-Nord'),
      q(104, 'Neustadt-Nord'),
      q(105, 'Deutz'),
    ],
  },
  {
    number: 2,
    name: 'Rodenkirchen',
    weight: 0.07,
    bank: 'left',
    postcodes: ['50968', '50969', '50996', '50997', '50999'],
    quarters: [
      q(201, 'Bayenthal'),
      q(202, 'Marienburg'),
      q(203, 'Raderberg'),
      q(204, 'Raderthal'),
      q(205, 'Zollstock', 2),
      q(206, 'Rondorf'),
      q(207, 'Hahnwald'),
      q(208, 'Rodenkirchen'),
      q(209, 'Weiß'),
      q(210, 'Sürth'),
      q(211, 'Godorf'),
      q(212, 'Immendorf'),
      q(213, 'Meschenich', 3),
    ],
  },
  {
    number: 3,
    name: 'Lindenthal',
    weight: 0.07,
    bank: 'left',
    postcodes: ['50858', '50859', '50931', '50933', '50935'],
    quarters: [
      q(301, 'Klettenberg'),
      q(302, 'Sülz'),
      q(303, 'Lindenthal'),
      q(304, 'Braunsfeld'),
      q(305, 'Müngersdorf'),
      q(306, 'Junkersdorf'),
      q(307, 'Weiden'),
      q(308, 'Lövenich'),
      q(309, 'Widdersdorf'),
    ],
  },
  {
    number: 4,
    name: 'Ehrenfeld',
    weight: 0.1,
    bank: 'left',
    postcodes: ['50823', '50825', '50827', '50829'],
    quarters: [
      q(401, 'Ehrenfeld', 2),
      q(402, 'Neuehrenfeld'),
      q(403, 'Bickendorf', 2),
      q(404, 'Vogelsang'),
      q(405, 'Bocklemünd/Mengenich', 3),
      q(406, 'Ossendorf'),
    ],
  },
  {
    number: 5,
    name: 'Nippes',
    weight: 0.1,
    bank: 'left',
    postcodes: ['50733', '50735', '50737', '50739'],
    quarters: [
      q(501, 'Nippes', 2),
      q(502, 'Mauenheim'),
      q(503, 'Riehl'),
      q(504, 'Niehl', 2),
      q(505, 'Weidenpesch'),
      q(506, 'Longerich'),
      q(507, 'Bilderstöckchen', 3),
    ],
  },
  {
    number: 6,
    name: 'Chorweiler',
    weight: 0.13,
    bank: 'left',
    postcodes: ['50765', '50767', '50769'],
    quarters: [
      q(601, 'Merkenich'),
      q(602, 'Fühlingen'),
      q(603, 'Seeberg', 2),
      q(604, 'Heimersdorf'),
      q(605, 'Lindweiler', 2),
      q(606, 'Pesch'),
      q(607, 'Esch/Auweiler'),
      q(608, 'Volkhoven/Weiler'),
      q(609, 'Chorweiler', 3),
      q(610, 'Blumenberg', 2),
      q(611, 'Roggendorf/Thenhoven'),
      q(612, 'Worringen'),
    ],
  },
  {
    number: 7,
    name: 'Porz',
    weight: 0.13,
    bank: 'right',
    postcodes: ['51143', '51145', '51147', '51149'],
    quarters: [
      q(701, 'Poll'),
      q(702, 'Westhoven'),
      q(703, 'Ensen'),
      q(704, 'Gremberghoven'),
      q(705, 'Eil'),
      q(706, 'Porz', 2),
      q(707, 'Urbach'),
      q(708, 'Elsdorf'),
      q(709, 'Grengel'),
      q(710, 'Wahnheide'),
      q(711, 'Wahn'),
      q(712, 'Lind'),
      q(713, 'Libur'),
      q(714, 'Zündorf'),
      q(715, 'Langel'),
      q(716, 'Finkenberg', 3),
    ],
  },
  {
    number: 8,
    name: 'Kalk',
    weight: 0.15,
    bank: 'right',
    postcodes: ['51103', '51105', '51107', '51109'],
    quarters: [
      q(801, 'Humboldt/Gremberg', 2),
      q(802, 'Kalk', 3),
      q(803, 'Vingst', 3),
      q(804, 'Höhenberg', 2),
      q(805, 'Ostheim', 2),
      q(806, 'Merheim'),
      q(807, 'Brück'),
      q(808, 'Rath/Heumar'),
      q(809, 'Neubrück', 2),
    ],
  },
  {
    number: 9,
    name: 'Mülheim',
    weight: 0.17,
    bank: 'right',
    postcodes: ['51061', '51063', '51065', '51067', '51069'],
    quarters: [
      q(901, 'Mülheim', 3),
      q(902, 'Buchforst', 2),
      q(903, 'Buchheim'),
      q(904, 'Holweide'),
      q(905, 'Dellbrück'),
      q(906, 'Höhenhaus'),
      q(907, 'Dünnwald'),
      q(908, 'Stammheim'),
      q(909, 'Flittard'),
    ],
  },
];

/** The district of a quarter, by its number (the first digit), for reports by Stadtbezirk. */
export function districtOfQuarter(quarterNumber: number): CityDistrict | undefined {
  return KOELN_DISTRICTS.find((district) => district.number === Math.floor(quarterNumber / 100));
}

/** The quarter recorded as a participant's city district, e.g. "Vingst". */
export function quarterByName(name: string): Quarter | undefined {
  for (const district of KOELN_DISTRICTS) {
    const found = district.quarters.find((quarter) => quarter.name === name);
    if (found) return found;
  }
  return undefined;
}
