import anyAscii from 'any-ascii';
import type { BirthDatePrecision } from './participant.codes.ts';
import { parseIsoDate, type CalendarDate } from './eligibility.rules.ts';

// Name matching for the participant search and the duplicate check at intake (issue 4, item 3).
//
// Names of young refugees reach us in many spellings: transliterated from Arabic, Persian, Cyrillic or
// Ge'ez by different authorities (Mohammed / Muhammad / Mohamad, Yusuf / Youssef / Jusuf), with or
// without the Arabic article (Al-Hassan / Alhasan / El Hassan), with family and given names swapped, and
// often also in the original script. Each name token is brought into a small phonetic alphabet first:
//
//   c = tsch/ch/ç/č/ч   x = sch/sh/ş/š/ش   j = j/dj/dsch/xh/y- (initial y)/ج   y = zh/ž/ж/ژ
//   q = kh/х/خ (and the German reading of "ch")   k = k/c/ck/q/ق   v = v/w   f = f/ph   t = t/th   d = d/dh
//
// with double letters collapsed and vowel spellings unified (ou→u, ee/ie→i, ei/ai→ai, German ae/oe/ue).
// From it come two keys per token: the "full" key (the phonetic spelling) and the consonant skeleton
// (vowels dropped, an initial vowel kept as "a", kh folded into h), which is what Arabic script — written
// without short vowels — can be compared on. Both go into participant.name_keys; a search hits a record
// when the key sets overlap, so the skeleton decides recall and the full key helps ranking.
//
// Original script: Cyrillic, Ge'ez (Tigrinya, Amharic), Greek and every other script go through the
// any-ascii package (ISC, no dependencies, no install scripts; maintained; also works in the browser).
// Arabic script (Arabic, Persian, Dari, Pashto, Urdu, Sorani) is mapped letter by letter here instead,
// using any-ascii only for the plain consonants, because a letter-wise ASCII rendering loses what the
// matching needs: an initial alif/ain is a vowel (Ahmad = احمد), ا/و/ي inside a word are long vowels (or
// w/y), and س+ح would read as ش once written "sh".
//
// Decided: Turkish Mehmet / Ahmet are different names from Mohammed / Ahmad (their t differs from d, and
// Turkish records spell them consistently), so they are neither variants nor similar.

export interface PersonNames {
  familyName: string;
  givenNames: string;
  familyNameOriginal?: string | null;
  givenNamesOriginal?: string | null;
}

export interface DuplicateFacts extends PersonNames {
  birthDate: string | null;
  birthDatePrecision: BirthDatePrecision | null;
}

export type DuplicateReason =
  | 'same_name'
  | 'similar_name'
  | 'swapped_names'
  | 'transliteration_variant'
  | 'same_birth_date'
  | 'compatible_birth_date'
  | 'original_script_match';

export interface DuplicateMatch {
  /** 0..1, see SCORE below. */
  score: number;
  reasons: DuplicateReason[];
}

// --- From text to tokens ---

interface Spelling {
  full: string;
  skeleton: string;
  /** Vowel runs around the skeleton's consonants (length = consonants + 1), for the variant check. */
  vowels: string[];
}

interface Token {
  /** The token as written, folded (case, diacritics, punctuation): equal plains are the "same" name. */
  plain: string;
  /** Spellings, the first is the primary one; more exist for ambiguous letters or an optional article. */
  spellings: Spelling[];
  arabic: boolean;
}

const MAX_SPELLINGS = 8;
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
const ARABIC = /[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/;
const ARABIC_MARKS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640]/g;
// Letters whose sound any-ascii's rendering would lose; the rest are plain letters or transliterated by it.
const LATIN_PREMAP: Record<string, string> = {
  ß: 'ss',
  ç: 'tsch',
  č: 'tsch',
  ć: 'tsch',
  ş: 'sch',
  š: 'sch',
  ś: 'sch',
  ș: 'sch',
  ž: 'zh',
  ż: 'zh',
  ź: 'zh',
  đ: 'dj',
  ı: 'i',
  ч: 'tsch',
  щ: 'sch',
};

// Longest match first; "ch" is read both ways (English/Turkish tsch and German kh, as in Chalid).
const DIGRAPHS: [string, string[]][] = [
  ['tsch', ['c']],
  ['dsch', ['j']],
  ['sch', ['x']],
  ['tch', ['c']],
  ['dzh', ['j']],
  ['ch', ['c', 'q']],
  ['sh', ['x']],
  ['zh', ['y']],
  ['kh', ['q']],
  ['gh', ['g']],
  ['ph', ['f']],
  ['th', ['t']],
  ['dh', ['d']],
  ['dj', ['j']],
  ['xh', ['j']],
  ['ck', ['k']],
  ['q', ['k']],
  ['c', ['k']],
  ['x', ['ks']],
  ['w', ['v']],
];

const VOWEL_RUNS: [RegExp, string][] = [
  [/ou|oo|uo/g, 'u'],
  [/ee|ie/g, 'i'],
  [/ei/g, 'ai'],
  [/ae/g, 'a'],
  [/oe/g, 'o'],
  [/ue/g, 'u'],
];

function normaliseVowelRun(run: string): string {
  let result = run;
  for (const [pattern, replacement] of VOWEL_RUNS) result = result.replace(pattern, replacement);
  return result.replace(/(.)\1+/g, '$1');
}

/** Collapses doubles, drops a final h after a vowel (Fatimah = Fatima), unifies vowel runs, derives keys. */
function finishSpelling(symbols: string): Spelling {
  let collapsed = symbols.replace(/(.)\1+/g, '$1');
  if (collapsed.length > 1 && collapsed.endsWith('h') && VOWELS.has(collapsed.at(-2) ?? '')) {
    collapsed = collapsed.slice(0, -1);
  }
  const full = collapsed.replace(/[aeiou]+/g, normaliseVowelRun);
  let skeleton = '';
  const vowels: string[] = [''];
  for (const symbol of full) {
    if (VOWELS.has(symbol)) {
      vowels[vowels.length - 1] += symbol;
      continue;
    }
    const consonant = symbol === 'q' ? 'h' : symbol === 'y' ? 'j' : symbol;
    if (skeleton.endsWith(consonant) && vowels.at(-1) === '') continue;
    skeleton += consonant;
    vowels.push('');
  }
  if (vowels[0] !== '') skeleton = `a${skeleton}`;
  return { full, skeleton, vowels };
}

function latinSymbolVariants(plain: string): string[] {
  let variants = [''];
  let index = 0;
  while (index < plain.length) {
    const rest = plain.slice(index);
    const digraph = DIGRAPHS.find(([spelling]) => rest.startsWith(spelling));
    let options: string[];
    let consumed = 1;
    if (digraph) {
      options = digraph[1];
      consumed = digraph[0].length;
    } else if (rest[0] === 'y') {
      // Initial y before a vowel is a consonant (Yusuf = Jusuf); elsewhere it is a vowel (Sayed, Maryam).
      options = [index === 0 && VOWELS.has(rest[1] ?? '') ? 'j' : 'i'];
    } else {
      options = [rest[0] ?? ''];
    }
    variants = variants.flatMap((variant) => options.map((option) => variant + option)).slice(0, MAX_SPELLINGS);
    index += consumed;
  }
  return variants;
}

function uniqueSpellings(symbolVariants: readonly string[]): Spelling[] {
  const seen = new Set<string>();
  const spellings: Spelling[] = [];
  for (const symbols of symbolVariants) {
    const spelling = finishSpelling(symbols);
    if (spelling.full === '' || seen.has(spelling.full)) continue;
    seen.add(spelling.full);
    spellings.push(spelling);
  }
  return spellings.slice(0, MAX_SPELLINGS);
}

function latinToken(plain: string, extraPlains: readonly string[] = []): Token | null {
  const spellings = uniqueSpellings([plain, ...extraPlains].flatMap(latinSymbolVariants));
  return spellings.length > 0 ? { plain, spellings, arabic: false } : null;
}

/** Arabic-script letters → phonetic symbols; each entry lists the alternatives. */
function arabicLetter(letter: string, initial: boolean, final: boolean): string[] {
  switch (letter) {
    case 'ا':
    case 'آ':
    case 'ٱ':
      return ['a'];
    case 'أ':
    case 'إ':
    case 'ء':
    case 'ئ':
    case 'ؤ':
    case 'ع':
      // Hamza and ain: a vowel onset at the start (Ibrahim, Omar), silent inside the word (Sa'id = Said).
      return [initial ? 'a' : ''];
    case 'ى':
      // Alif maqsura is written for final -a and, in Egypt, for final -i (على = Ali): e is compatible with both.
      return ['e'];
    case 'ة':
    case 'ۃ':
      return ['a'];
    case 'و':
      // Initial waw is a consonant; inside a word usually a long u (Yusuf), sometimes v/w (Marwan, Javad).
      return initial ? ['v'] : ['u', 'v'];
    case 'ي':
    case 'ی':
    case 'ې':
    case 'ۍ':
    case 'ے':
      return [initial ? 'j' : 'i'];
    case 'ه':
    case 'ھ':
    case 'ہ':
      // A final he is often only a vowel sign in Persian (Zohreh, Fatemeh).
      return final && !initial ? ['h', 'e'] : ['h'];
    case 'چ':
      return ['c'];
    default: {
      const transliterated = anyAscii(letter)
        .toLowerCase()
        .replace(/[^a-z]/g, '');
      return [latinSymbolVariants(transliterated)[0] ?? ''];
    }
  }
}

function arabicToken(word: string): Token | null {
  let text = word.replace(ARABIC_MARKS, '').replace(/[^\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]/g, '');
  // "Abd al-…": the article inside the compound is dropped (عبدالرحمن = عبد الرحمن = Abdelrahman).
  if (text.startsWith('عبدال') && text.length > 6) text = `عبد${text.slice(5)}`;
  if (text === '') return null;
  // A leading ال is usually the article, but may belong to the name (الياس = Ilyas): both readings.
  const bases = text.startsWith('ال') && text.length >= 4 ? [text.slice(2), text] : [text];
  const symbolVariants = bases.flatMap((base) => {
    const chars = [...base];
    let variants = [''];
    chars.forEach((letter, index) => {
      const options = arabicLetter(letter, index === 0, index === chars.length - 1);
      variants = variants.flatMap((variant) => options.map((option) => variant + option)).slice(0, MAX_SPELLINGS);
    });
    return variants;
  });
  const spellings = uniqueSpellings(symbolVariants);
  return spellings.length > 0 ? { plain: bases[0] ?? text, spellings, arabic: true } : null;
}

function foldLatin(word: string): string {
  const premapped = [...word.toLowerCase()].map((char) => LATIN_PREMAP[char] ?? char).join('');
  const withoutMarks = premapped.normalize('NFKD').replace(/\p{M}/gu, '');
  // any-ascii writes soft signs and some letters as apostrophes; like ours, they join.
  return anyAscii(withoutMarks).toLowerCase().replace(/['`]/g, '');
}

const ARTICLES = new Set(['al', 'el', 'ul', 'il']);
const ASSIMILATED_ARTICLE = /^[aeu](sh|[dnrstz])$/;
const ABD_PREFIX = /^abd(?:[aeiou][lr])?$/;

/** "abd" + the rest of a compound, its article dropped: Abdelrahman, Abd al-Rahman, Abdurrahman → abdrahman. */
function abdCompound(rest: string): string {
  return `abd${rest.replace(/^[aeiou]?l(?=[a-z]{3})/, '').replace(/^[aeiou](?=([b-df-hj-np-tv-z])\1)/, '')}`;
}

/** Latin words of a name after folding: articles, "abd" compounds and the optional fused article. */
function latinTokens(words: string[]): Token[] {
  const tokens: Token[] = [];
  for (let index = 0; index < words.length; index += 1) {
    let word = words[index] ?? '';
    const next = words[index + 1];
    if (next !== undefined) {
      // A separate article (Al-Hassan, El Hassan, ash-Shami, ad-Din) is not part of the name.
      if (ARTICLES.has(word)) continue;
      const assimilated = ASSIMILATED_ARTICLE.exec(word);
      if (assimilated && next.startsWith(assimilated[1] ?? '')) continue;
      if (ABD_PREFIX.test(word)) {
        const skipArticle = ARTICLES.has(next) && index + 2 < words.length;
        index += skipArticle ? 2 : 1;
        tokens.push(...nonNull([latinToken(abdCompound(words[index] ?? ''))]));
        continue;
      }
    }
    const abd = /^abd(.{3,})$/.exec(word);
    if (abd) word = abdCompound(abd[1] ?? '');
    // A fused article (Alhasan, Arrashid) may also be the start of a name (Albert): both readings.
    const fused = /^(?:[ae]l(?=[b-df-hj-np-tv-z])(.{3,})|[ae](?=([dnrstz])\2)(.{4,}))$/.exec(word);
    const withoutArticle = fused ? (fused[1] ?? fused[3]) : undefined;
    tokens.push(...nonNull([latinToken(word, withoutArticle ? [withoutArticle] : [])]));
  }
  return tokens;
}

function nonNull<T>(items: (T | null)[]): T[] {
  return items.filter((item): item is T => item !== null);
}

/** The tokens of a name (or query) in any script. */
function tokenise(text: string): Token[] {
  if (typeof text !== 'string') return [];
  const normalised = text.normalize('NFKC');
  const tokens: Token[] = [];
  let latinWords: string[] = [];
  const flushLatin = () => {
    tokens.push(...latinTokens(latinWords));
    latinWords = [];
  };
  // Apostrophes join (Sa'id, O'Brien); everything else that is no letter separates.
  for (const raw of normalised.replace(/['’ʼʻ`´]/g, '').split(/[^\p{L}\p{M}]+/u)) {
    if (raw === '') continue;
    if (ARABIC.test(raw)) {
      flushLatin();
      tokens.push(...nonNull([arabicToken(raw)]));
      continue;
    }
    latinWords.push(
      ...foldLatin(raw)
        .split(/[^a-z]+/)
        .filter((word) => word !== ''),
    );
  }
  flushLatin();
  return mergeArabicAbd(tokens);
}

/** عبد + the next word form one name (Abd al-Rahman), as the Latin side does. */
function mergeArabicAbd(tokens: Token[]): Token[] {
  const merged: Token[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index];
    const next = tokens[index + 1];
    if (token?.arabic && token.plain === 'عبد' && next?.arabic) {
      merged.push(...nonNull([arabicToken(`عبد${next.plain}`)]));
      index += 1;
    } else if (token) {
      merged.push(token);
    }
  }
  return merged;
}

// --- Keys ---

function tokenKeys(token: Token): string[] {
  return token.spellings.flatMap((spelling) => [spelling.full, spelling.skeleton]);
}

function sortedUnique(keys: Iterable<string>): string[] {
  return [...new Set(keys)].filter((key) => key !== '').sort();
}

/** The phonetic key of one name (the consonant skeleton of its primary spelling); tokens joined by spaces. */
export function nameKey(name: string): string {
  return tokenise(name)
    .map((token) => token.spellings[0]?.skeleton ?? '')
    .join(' ');
}

/** Every key of every name token, the original script included; deduplicated and sorted (for name_keys). */
export function nameKeys(names: PersonNames): string[] {
  const texts = [names.familyName, names.givenNames, names.familyNameOriginal ?? '', names.givenNamesOriginal ?? ''];
  return sortedUnique(texts.flatMap((text) => tokenise(text).flatMap(tokenKeys)));
}

/**
 * The keys of each word of a free-text query, one group per word: a record matches the query when its
 * name_keys overlap every group (`name_keys && $group` for each), or any group for a broad search.
 */
export function searchKeyGroups(query: string): string[][] {
  return tokenise(query)
    .map((token) => sortedUnique(tokenKeys(token)))
    .filter((group) => group.length > 0);
}

/** The keys of a free-text query, for `name_keys && keys` in SQL. */
export function searchKeys(query: string): string[] {
  return sortedUnique(searchKeyGroups(query).flat());
}

// --- The duplicate check ---

// How alike two names are, from best to none.
const SAME = 3; // equal after folding case, diacritics, punctuation, spacing and the article
const VARIANT = 2; // equal phonetic spelling, or equal skeleton with compatible vowels (transliteration)
const SIMILAR = 1; // a small typing difference, or one name has a part the other lacks (a second given name)
const NONE = 0;
type Level = 0 | 1 | 2 | 3;

// Vowels that transliterations swap: a/e (fatha), e/i (kasra), o/u (damma), e/u (Yusuf/Youssef), e/o.
// a against i, o or u is a different name (Hassan/Hussein, Hamid/Hamad, Omar/Amir).
const COMPATIBLE_VOWELS = new Set(['ae', 'ea', 'ei', 'ie', 'eu', 'ue', 'eo', 'oe', 'ou', 'uo']);

function vowelsCompatible(a: string, b: string): boolean {
  // A missing vowel (Arabic script, Mhmd) is compatible with any.
  if (a === '' || b === '') return true;
  for (const x of a) for (const y of b) if (x === y || COMPATIBLE_VOWELS.has(x + y)) return true;
  return false;
}

function spellingsAreVariants(a: Spelling, b: Spelling): boolean {
  if (a.full === b.full) return true;
  return (
    a.skeleton === b.skeleton &&
    a.vowels.length === b.vowels.length &&
    a.vowels.every((vowels, index) => vowelsCompatible(vowels, b.vowels[index] ?? ''))
  );
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i += 1) {
    const row = rows[i] ?? [];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

function tokenLevel(a: Token, b: Token): Level {
  if (a.plain === b.plain) return SAME;
  let level: Level = NONE;
  for (const x of a.spellings) {
    for (const y of b.spellings) {
      if (spellingsAreVariants(x, y)) return VARIANT;
      // Typos: one edit in names of 4+ letters, two from 8; shorter names differ in every letter that counts.
      const shorter = Math.min(x.full.length, y.full.length);
      const allowed = shorter >= 8 ? 2 : shorter >= 4 ? 1 : 0;
      if (
        allowed > 0 &&
        Math.abs(x.full.length - y.full.length) <= allowed &&
        editDistance(x.full, y.full) <= allowed
      ) {
        level = SIMILAR;
      }
    }
  }
  return level;
}

// Brute force is exact and cheap for real names (rarely more than four parts); beyond that a symmetric
// bound (every token's best partner) stands in, so absurd inputs stay fast.
const MAX_ASSIGNMENT = 6;

/** The best "weakest pair" over assignments of each row to a distinct column (rows ≤ columns). */
function bestAssignment(matrix: Level[][], columns: number): Level {
  if (columns > MAX_ASSIGNMENT) {
    const rowBest = Math.min(...matrix.map((row) => Math.max(...row)));
    if (matrix.length < columns) return rowBest as Level;
    const columnBest = Math.min(
      ...Array.from({ length: columns }, (_, column) => Math.max(...matrix.map((row) => row[column] ?? NONE))),
    );
    return Math.min(rowBest, columnBest) as Level;
  }
  let best: Level = NONE;
  const used = new Array<boolean>(columns).fill(false);
  const search = (row: number, weakest: Level): void => {
    if (weakest <= best) return;
    if (row === matrix.length) {
      best = weakest;
      return;
    }
    for (let column = 0; column < columns; column += 1) {
      if (used[column]) continue;
      used[column] = true;
      search(row + 1, Math.min(weakest, matrix[row]?.[column] ?? NONE) as Level);
      used[column] = false;
    }
  };
  search(0, SAME);
  return best;
}

function joinTokens(tokens: readonly Token[]): Token | null {
  if (tokens.every((token) => token.arabic)) return arabicToken(tokens.map((token) => token.plain).join(''));
  if (tokens.every((token) => !token.arabic)) return latinToken(tokens.map((token) => token.plain).join(''));
  return null;
}

/** How alike two name fields (lists of tokens) are; the order of parts within a field does not matter. */
function fieldLevel(a: readonly Token[], b: readonly Token[], minimumPartsForSubset = 1): Level {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? SAME : NONE;
  const [rows, columns] = a.length <= b.length ? [a, b] : [b, a];
  const matrix = rows.map((row) => columns.map((column) => tokenLevel(row, column)));
  let level = bestAssignment(matrix, columns.length);
  if (rows.length < columns.length) {
    // One side has parts the other lacks (a second given name): at most similar, and only if the rest agrees.
    level = level >= VARIANT && rows.length >= minimumPartsForSubset ? SIMILAR : NONE;
  }
  if (level < VARIANT && (a.length > 1 || b.length > 1)) {
    // Written together or apart (Nur Eddin / Nureddin). Only a phonetic match counts: a typo allowance on
    // the joined letters would let a whole different part (Hassan / Hussein) pass as a typo.
    const joinedA = joinTokens(a);
    const joinedB = joinTokens(b);
    if (joinedA && joinedB && tokenLevel(joinedA, joinedB) >= VARIANT) level = VARIANT;
  }
  return level;
}

interface NameForm {
  family: Token[];
  given: Token[];
  original: boolean;
}

// Real names have a handful of parts; the cap keeps the comparison cheap for absurd input.
const MAX_PARTS = 10;
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u;

function parts(text: string | null | undefined): Token[] {
  return tokenise(text ?? '').slice(0, MAX_PARTS);
}

function nameForms(names: PersonNames): NameForm[] {
  const family = parts(names.familyName);
  const given = parts(names.givenNames);
  const forms: NameForm[] = [{ family, given, original: false }];
  const familyOriginal = parts(names.familyNameOriginal);
  const givenOriginal = parts(names.givenNamesOriginal);
  if (familyOriginal.length > 0 || givenOriginal.length > 0) {
    forms.push({
      family: familyOriginal.length > 0 ? familyOriginal : family,
      given: givenOriginal.length > 0 ? givenOriginal : given,
      // Only a name in another script is an "original script" (not a Latin copy in that field).
      original: [names.familyNameOriginal, names.givenNamesOriginal].some(
        (text) => typeof text === 'string' && NON_LATIN_LETTER.test(text),
      ),
    });
  }
  return forms;
}

interface NameComparison {
  level: Level;
  swapped: boolean;
  originalScript: boolean;
}

function compareNames(a: PersonNames, b: PersonNames): NameComparison {
  let level: Level = NONE;
  let straightLevel: Level = NONE;
  let originalScript = false;
  for (const x of nameForms(a)) {
    for (const y of nameForms(b)) {
      // Names without a single letter (digits, punctuation) tell nothing about a person.
      if (x.family.length + x.given.length === 0 || y.family.length + y.given.length === 0) continue;
      const straight = Math.min(fieldLevel(x.family, y.family), fieldLevel(x.given, y.given)) as Level;
      const swapped = Math.min(fieldLevel(x.family, y.given), fieldLevel(x.given, y.family)) as Level;
      // Parts split differently between the fields (family "Ahmad Karimi" vs given "Ahmad", family "Karimi");
      // a single shared part (a common given name) is not enough.
      const pooled = fieldLevel([...x.family, ...x.given], [...y.family, ...y.given], 2);
      const best = Math.max(straight, swapped, pooled) as Level;
      level = Math.max(level, best) as Level;
      straightLevel = Math.max(straightLevel, straight) as Level;
      if ((x.original || y.original) && best >= VARIANT) originalScript = true;
    }
  }
  return { level, swapped: straightLevel < level, originalScript };
}

type BirthRelation = 'same' | 'compatible' | 'unknown' | 'different';
const PRECISION_RANK: Record<string, number> = { day: 0, month: 1, year: 2 };

function birthRelation(a: DuplicateFacts, b: DuplicateFacts): BirthRelation {
  const dateA = parseIsoDate(a.birthDate);
  const dateB = parseIsoDate(b.birthDate);
  if (!dateA || !dateB) return 'unknown';
  const rankA = precisionRank(dateA, a.birthDatePrecision);
  const rankB = precisionRank(dateB, b.birthDatePrecision);
  const sameDay = dateA.year === dateB.year && dateA.month === dateB.month && dateA.day === dateB.day;
  if (sameDay && (a.birthDatePrecision ?? 'day') === 'day' && (b.birthDatePrecision ?? 'day') === 'day') return 'same';
  const coarser = Math.max(rankA, rankB);
  if (dateA.year !== dateB.year) return 'different';
  if (coarser >= 2) return 'compatible';
  if (dateA.month !== dateB.month) return 'different';
  return coarser >= 1 || sameDay ? 'compatible' : 'different';
}

function precisionRank(date: CalendarDate, precision: BirthDatePrecision | null): number {
  // 1 January is what German authorities enter when only the year is known ("fiktives Geburtsdatum"),
  // so such a day-precise date is compared as year-only: compatible, never "same", with a real date.
  if ((precision ?? 'day') === 'day' && date.month === 1 && date.day === 1) return 2;
  return PRECISION_RANK[precision ?? 'day'] ?? 2;
}

/**
 * The score, 0..1: name same 0.6, variant 0.45, similar 0.3 (−0.05 when swapped); birth date same day
 * 0.35, compatible within the precision 0.2, unknown on either side 0.1; original script agreeing +0.05.
 * For the same birth-date relation, a same name therefore always ranks above a variant, and a variant
 * above a similar name. Unknown birth dates only count for the same name (a weak candidate).
 */
const SCORE = {
  name: { [SAME]: 0.6, [VARIANT]: 0.45, [SIMILAR]: 0.3 } as Record<Level, number>,
  swapped: -0.05,
  birth: { same: 0.35, compatible: 0.2, unknown: 0.1 },
  originalScript: 0.05,
};

const REASON_ORDER: readonly DuplicateReason[] = [
  'same_name',
  'transliteration_variant',
  'similar_name',
  'swapped_names',
  'original_script_match',
  'same_birth_date',
  'compatible_birth_date',
];

/** Whether an existing record may be the same person as a new one; null = not a duplicate candidate. */
export function duplicateMatch(candidate: DuplicateFacts, existing: DuplicateFacts): DuplicateMatch | null {
  const birth = birthRelation(candidate, existing);
  if (birth === 'different') return null;
  const names = compareNames(candidate, existing);
  if (names.level === NONE || (birth === 'unknown' && names.level < SAME)) return null;
  const reasons = new Set<DuplicateReason>();
  reasons.add(
    names.level === SAME ? 'same_name' : names.level === VARIANT ? 'transliteration_variant' : 'similar_name',
  );
  if (names.swapped) reasons.add('swapped_names');
  if (names.originalScript) reasons.add('original_script_match');
  if (birth === 'same') reasons.add('same_birth_date');
  if (birth === 'compatible') reasons.add('compatible_birth_date');
  const score =
    (SCORE.name[names.level] ?? 0) +
    (names.swapped ? SCORE.swapped : 0) +
    SCORE.birth[birth] +
    (names.originalScript ? SCORE.originalScript : 0);
  return {
    score: Math.min(1, Math.round(score * 100) / 100),
    reasons: REASON_ORDER.filter((item) => reasons.has(item)),
  };
}
