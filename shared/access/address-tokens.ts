// Reading a postal address as people type it («г. Десногорск, 1-й мкр., д. 12, кв. 8»,
// «Строителей 6-12») into what matching needs: the street's words, the house and the flat.
// Pure functions, so matching can compare an application with billing's buildings.

export interface AddressParts {
  /** Significant words (lower case, ё → е), without street types, markers and numbers. */
  words: string[];
  house: string | null;
  flat: string | null;
}

// Street types, settlement types and markers: they say nothing about which street it is.
const STOP_WORDS = new Set([
  'г', 'гор', 'город', 'обл', 'область', 'р-н', 'район', 'пос', 'поселок', 'пгт', 'с', 'село', 'дер', 'деревня',
  'ул', 'улица', 'пр', 'пр-т', 'пр-кт', 'просп', 'проспект', 'пер', 'переулок', 'б-р', 'бульвар', 'ш', 'шоссе',
  'пл', 'площадь', 'наб', 'набережная', 'проезд', 'пр-д', 'туп', 'тупик', 'мкр', 'мкрн', 'микрорайон', 'кв-л', 'квартал',
  'д', 'дом', 'кв', 'квартира', 'корп', 'корпус', 'к', 'стр', 'строение', 'лит', 'литера', 'россия', 'рф',
]);
const HOUSE_MARKERS = new Set(['д', 'дом']);
const FLAT_MARKERS = new Set(['кв', 'квартира']);
const HOUSE_PATTERN = /^\d+[а-я]?(\/\d+[а-я]?)?$/;
const POSTCODE = /^\d{6}$/;

/** Lower case with ё read as е, the way billing systems disagree about it. */
export const normalizeWord = (text: string): string => text.toLowerCase().replace(/ё/g, 'е');

export function parseAddress(address: string): AddressParts {
  const tokens = normalizeWord(address).split(/[\s,.;:()«»"]+/).filter(Boolean);
  let house: string | null = null;
  let flat: string | null = null;
  const loose: string[] = []; // numbers without a marker: «Строителей 6-12», «Строителей 6, 12»
  const words: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as string;
    const next = tokens[i + 1];
    if (HOUSE_MARKERS.has(token) && next && HOUSE_PATTERN.test(next)) {
      house = next;
      i++;
    } else if (FLAT_MARKERS.has(token) && next && /^\d+[а-я]?$/.test(next)) {
      flat = next;
      i++;
    } else if (/^\d+[а-я]?-\d+$/.test(token)) {
      loose.push(...token.split('-'));
    } else if (HOUSE_PATTERN.test(token)) {
      if (!POSTCODE.test(token)) loose.push(token);
    } else if (!STOP_WORDS.has(token) && /\p{L}/u.test(token)) {
      words.push(token);
    }
  }
  if (house === null) house = loose.shift() ?? null;
  else if (loose[0] === house) loose.shift();
  if (flat === null) flat = loose.shift() ?? null;
  return { words, house, flat };
}

/** Whether a building's street is the one the applicant wrote: each word of it is among theirs. */
export function streetMatches(street: string, applicantWords: readonly string[]): boolean {
  const streetWords = parseAddress(street).words;
  return streetWords.every((w) => applicantWords.includes(w));
}

/** The surname: the first word of «Фамилия Имя Отчество», lower case, ё → е. */
export function surnameOf(fullName: string): string {
  return normalizeWord(fullName.trim().split(/\s+/)[0] ?? '');
}
