// The 53 grant recipients of "Durchstarten in Ausbildung und Arbeit": 31 districts (Kreise, incl. StädteRegion
// Aachen) and 22 district-free cities (kreisfreie Städte) with their official keys (Amtlicher Gemeindeschlüssel).
// Public reference data. Pure.
//
// Site weights (reference-data.md: "site weight ∝ tolerated persons") use `tolerated`, an ASSUMED estimate of
// the tolerated persons (Geduldete) per site around 2019: scaled from the population, with the large cities
// weighted higher because tolerated persons concentrate there. Only Köln's figure (5,958, 31 Dec 2018) is a
// published number; the estimates add up to about 60,000, between the published NRW totals of 56,188
// (Feb 2019) and 65,961 (Dec 2020). Replace them with the figures of Landtag print 17/6119 when at hand.

export interface Site {
  officialKey: string;
  name: string;
  municipalityKind: 'district' | 'district_free_city';
  /** Estimated tolerated persons (assumed, see above); the site's weight. */
  tolerated: number;
  /** Ruhr area sites, where the Western Balkans make up about a quarter of the origins (reference-data.md). */
  ruhr: boolean;
  /** The city for addresses of district-free cities; districts have many towns, so none is assumed. */
  city: string | null;
}

const city = (officialKey: string, name: string, cityName: string, tolerated: number, ruhr = false): Site => ({
  officialKey,
  name,
  municipalityKind: 'district_free_city',
  tolerated,
  ruhr,
  city: cityName,
});
const district = (officialKey: string, name: string, tolerated: number, ruhr = false): Site => ({
  officialKey,
  name,
  municipalityKind: 'district',
  tolerated,
  ruhr,
  city: null,
});

export const NRW_SITES: readonly Site[] = [
  // Regierungsbezirk Düsseldorf
  city('05111000', 'Landeshauptstadt Düsseldorf', 'Düsseldorf', 3300),
  city('05112000', 'Stadt Duisburg', 'Duisburg', 2600, true),
  city('05113000', 'Stadt Essen', 'Essen', 3200, true),
  city('05114000', 'Stadt Krefeld', 'Krefeld', 1100),
  city('05116000', 'Stadt Mönchengladbach', 'Mönchengladbach', 1300),
  city('05117000', 'Stadt Mülheim an der Ruhr', 'Mülheim an der Ruhr', 800, true),
  city('05119000', 'Stadt Oberhausen', 'Oberhausen', 1000, true),
  city('05120000', 'Stadt Remscheid', 'Remscheid', 450),
  city('05122000', 'Stadt Solingen', 'Solingen', 650),
  city('05124000', 'Stadt Wuppertal', 'Wuppertal', 1900),
  district('05154000', 'Kreis Kleve', 700),
  district('05158000', 'Kreis Mettmann', 1300),
  district('05162000', 'Rhein-Kreis Neuss', 1200),
  district('05166000', 'Kreis Viersen', 700),
  district('05170000', 'Kreis Wesel', 1000, true),
  // Regierungsbezirk Köln
  city('05314000', 'Bundesstadt Bonn', 'Bonn', 1700),
  city('05315000', 'Stadt Köln', 'Köln', 5958),
  city('05316000', 'Stadt Leverkusen', 'Leverkusen', 800),
  district('05334000', 'StädteRegion Aachen', 1700),
  district('05358000', 'Kreis Düren', 700),
  district('05362000', 'Rhein-Erft-Kreis', 1100),
  district('05366000', 'Kreis Euskirchen', 400),
  district('05370000', 'Kreis Heinsberg', 550),
  district('05374000', 'Oberbergischer Kreis', 600),
  district('05378000', 'Rheinisch-Bergischer Kreis', 650),
  district('05382000', 'Rhein-Sieg-Kreis', 1300),
  // Regierungsbezirk Münster
  city('05512000', 'Stadt Bottrop', 'Bottrop', 450, true),
  city('05513000', 'Stadt Gelsenkirchen', 'Gelsenkirchen', 1400, true),
  city('05515000', 'Stadt Münster', 'Münster', 1300),
  district('05554000', 'Kreis Borken', 600),
  district('05558000', 'Kreis Coesfeld', 350),
  district('05562000', 'Kreis Recklinghausen', 1500, true),
  district('05566000', 'Kreis Steinfurt', 700),
  district('05570000', 'Kreis Warendorf', 500),
  // Regierungsbezirk Detmold
  city('05711000', 'Stadt Bielefeld', 'Bielefeld', 1800),
  district('05754000', 'Kreis Gütersloh', 800),
  district('05758000', 'Kreis Herford', 500),
  district('05762000', 'Kreis Höxter', 250),
  district('05766000', 'Kreis Lippe', 700),
  district('05770000', 'Kreis Minden-Lübbecke', 600),
  district('05774000', 'Kreis Paderborn', 650),
  // Regierungsbezirk Arnsberg
  city('05911000', 'Stadt Bochum', 'Bochum', 1800, true),
  city('05913000', 'Stadt Dortmund', 'Dortmund', 3000, true),
  city('05914000', 'Stadt Hagen', 'Hagen', 900, true),
  city('05915000', 'Stadt Hamm', 'Hamm', 800, true),
  city('05916000', 'Stadt Herne', 'Herne', 700, true),
  district('05954000', 'Ennepe-Ruhr-Kreis', 700, true),
  district('05958000', 'Hochsauerlandkreis', 450),
  district('05962000', 'Märkischer Kreis', 800),
  district('05966000', 'Kreis Olpe', 250),
  district('05970000', 'Kreis Siegen-Wittgenstein', 550),
  district('05974000', 'Kreis Soest', 600),
  district('05978000', 'Kreis Unna', 850, true),
];

export const KOELN_OFFICIAL_KEY = '05315000';

/** Providers per site for the NRW profile: 1–6, about one per 600 tolerated persons (assumed). */
export function providersForSite(site: Pick<Site, 'tolerated'>): number {
  return Math.min(6, Math.max(1, Math.round(site.tolerated / 600)));
}
