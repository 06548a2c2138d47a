// Flags public messages for the clerk: obscene language (Russian mat) and advertising. A flag
// never refuses a message — it is stored and listed with its reasons, and the company may
// leave it unanswered. So the rules lean towards ordinary words never being flagged
// («оскорблять», «хлебать», «потребитель», «страхуй», «бляшка», «сукно»), accepting that a
// determined writer can get past them.
//
// Obscene words: the text is cut into words; each word is also read with Latin look-alikes
// (xyй), transliteration (hui, blyad), digits for letters (6ля, п0зда), repeated letters
// collapsed (хуууй) and separators removed (х.у.й, х-у-й, and «х у й» spelled out letter by
// letter). A root must start the word, after an optional prefix of the usual verbs (на-, за-,
// по-, вы-, от-, до-, у-, съ-, раз-, пере-, недо-): «еб» inside «хлебать» or «потребитель» is
// no match.

export type FlagCode = 'obscene' | 'advertising';

export interface Flag {
  code: FlagCode;
  /** Russian, for the clerk: what was found. */
  detail: string;
}

// No bare «с-»: «себе» would read as «с» + «еб».
const PREFIX = '(?:на|за|по|вы|от|до|у|съ|подъ|разъ|раз|вз|пере|недо|при|о|об|въ|изъ|долбо|ни)?';

const OBSCENE_ROOTS: RegExp[] = [
  new RegExp(`^${PREFIX}ху[йеёияю]`),
  /пизд/,
  new RegExp(`^${PREFIX}[её]б(?:а|у|л|н|и|ё|е|ы|т|ищ|ун|ыр)`),
  new RegExp(`^${PREFIX}бля(?![хш])`),
  /^муд(?:ак|ач|ил|оз|озв|охал)/,
  /^пид[оа]р/,
  /^залуп/,
  /^гандон/,
  /^шлюх/,
  /^сук(?:а|и|ой|е|ам|ами|ах)$/,
];

// Latin letters and digits that look like Cyrillic ones.
const LOOKALIKE: Record<string, string> = {
  a: 'а', b: 'в', c: 'с', e: 'е', k: 'к', m: 'м', h: 'н', o: 'о', p: 'р', t: 'т', x: 'х', y: 'у', u: 'и', n: 'п', r: 'г',
  '0': 'о', '3': 'з', '4': 'ч', '6': 'б', '@': 'а', $: 'с',
};

// Transliteration: digraphs first, then single letters.
const TRANSLIT_DIGRAPHS: [RegExp, string][] = [
  [/shch/g, 'щ'], [/sch/g, 'щ'], [/sh/g, 'ш'], [/ch/g, 'ч'], [/zh/g, 'ж'], [/kh/g, 'х'], [/ts/g, 'ц'],
  [/ya|ja|ia/g, 'я'], [/yu|ju|iu/g, 'ю'], [/yo|jo/g, 'ё'], [/ye/g, 'е'],
];
const TRANSLIT: Record<string, string> = {
  a: 'а', b: 'б', v: 'в', g: 'г', d: 'д', e: 'е', z: 'з', i: 'и', j: 'й', k: 'к', l: 'л', m: 'м', n: 'н', o: 'о', p: 'п',
  r: 'р', s: 'с', t: 'т', u: 'у', f: 'ф', h: 'х', c: 'ц', y: 'й', w: 'в', x: 'кс', q: 'к',
  '0': 'о', '3': 'з', '4': 'ч', '6': 'б', '@': 'а', $: 'с',
};

const mapChars = (word: string, table: Record<string, string>) => [...word].map((c) => table[c] ?? c).join('');
const collapseRepeats = (word: string) => word.replace(/(.)\1+/g, '$1');

function transliterate(word: string): string {
  let out = word;
  for (const [pattern, letter] of TRANSLIT_DIGRAPHS) out = out.replace(pattern, letter);
  return mapChars(out, TRANSLIT);
}

/** Words of the text, lower-case, ё kept (roots allow both), separators inside words dropped. */
export function wordsOf(text: string): string[] {
  const tokens = text
    .toLowerCase()
    .split(/[\s,;:!?()«»"“”„/\\]+/)
    .map((t) => t.replace(/[^\p{L}\p{N}@$*]/gu, ''))
    .filter(Boolean);
  // «х у й», «б л я»: three or more one-letter tokens in a row are one word spelled out.
  const words: string[] = [];
  let run = '';
  const flush = () => {
    if (run.length >= 3) words.push(run);
    else if (run) words.push(...run);
    run = '';
  };
  for (const token of tokens) {
    if ([...token].length === 1) run += token;
    else {
      flush();
      words.push(token);
    }
  }
  flush();
  return words;
}

/** The readings of one word to test against the roots. */
function readings(word: string): string[] {
  const variants = new Set<string>();
  const add = (w: string) => {
    variants.add(w);
    variants.add(collapseRepeats(w));
  };
  // A star stands for a letter the writer hid: try each vowel (and й) in its place.
  const starred = word.includes('*') ? [...'аеиоуыяюйё'].map((v) => word.replaceAll('*', v)) : [word];
  for (const w of starred) {
    add(w);
    if (/[a-z0-9@$]/.test(w)) {
      add(mapChars(w, LOOKALIKE));
      add(transliterate(w));
    }
  }
  return [...variants];
}

export function obsceneWords(text: string): string[] {
  const found: string[] = [];
  for (const word of wordsOf(text)) {
    if (readings(word).some((w) => OBSCENE_ROOTS.some((root) => root.test(w)))) found.push(word);
  }
  return found;
}

// --- advertising ---------------------------------------------------------------------------

const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s]+|\b[a-z0-9-]{2,}(?:\.[a-z0-9-]{2,})*\.(?:ru|com|net|org|info|biz|io|xyz|top|online|site|club|shop|pro|me|cc|su|рф)(?![\p{L}\p{N}])(?:\/[^\s]*)?|\bt\.me\/[^\s]+/giu;
const EMAIL_PATTERN = /[^\s@]+@[^\s@]+/g;
const PHONE_PATTERN = /(?:\+7|\b8)[\s(-]*\d{3}[\s)-]*\d{3}[\s-]*\d{2}[\s-]*\d{2}\b/g;

const AD_WORDS: [RegExp, string][] = [
  [/скидк/, 'скидка'],
  [/заработ/, 'заработок'],
  [/казино/, 'казино'],
  [/крипт/, 'криптовалюта'],
  [/биткоин|bitcoin|\bbtc\b|\busdt\b|\beth\b/, 'криптовалюта'],
  [/букмекер|ставки на спорт/, 'ставки'],
  [/пассивн\S* доход|доход от \d|доход до \d/, 'доход'],
  [/инвестиц/, 'инвестиции'],
  [/промокод/, 'промокод'],
  [/акци(?:я|ю|и)(?!\p{L})/u, 'акция'],
  [/реклам/, 'реклама'],
  [/раскрутк|продвижени[ея] сайт|\bseo\b/, 'продвижение'],
  [/кредит без|займ|микрозайм/, 'займы'],
  [/выигр/, 'выигрыш'],
  [/подпис(?:ывайтесь|ывайся)|переходи(?:те)? по ссылке/, 'призыв перейти по ссылке'],
  [/viagra|виагр/, 'виагра'],
];

export function advertisingSigns(text: string): { urls: number; phones: number; words: string[] } {
  const lower = text.toLowerCase().replace(/ё/g, 'е');
  const words = [...new Set(AD_WORDS.filter(([pattern]) => pattern.test(lower)).map(([, word]) => word))];
  // An e-mail address (the writer's own, to answer to) is not a link.
  const withoutEmails = text.replace(EMAIL_PATTERN, ' ');
  return { urls: (withoutEmails.match(URL_PATTERN) ?? []).length, phones: (text.match(PHONE_PATTERN) ?? []).length, words };
}

/**
 * Advertising: several links; a link or a phone number with a selling word; or several selling
 * words. A resident's one link to a receipt or one phone number to call back is not.
 */
function advertisingFlag(text: string): Flag | null {
  const { urls, phones, words } = advertisingSigns(text);
  const quoted = words.map((w) => `«${w}»`).join(', ');
  if (urls >= 2) return { code: 'advertising', detail: `Реклама: ${urls} ссылки${words.length ? `, слова ${quoted}` : ''}` };
  if (urls >= 1 && words.length >= 1) return { code: 'advertising', detail: `Реклама: ссылка и слова ${quoted}` };
  if (phones >= 1 && words.length >= 1) return { code: 'advertising', detail: `Реклама: номер телефона и слова ${quoted}` };
  if (words.length >= 2) return { code: 'advertising', detail: `Реклама: слова ${quoted}` };
  return null;
}

export function moderate(text: string): Flag[] {
  const flags: Flag[] = [];
  const obscene = obsceneWords(text);
  if (obscene.length > 0) flags.push({ code: 'obscene', detail: `Нецензурная лексика (${obscene.length})` });
  const ad = advertisingFlag(text);
  if (ad) flags.push(ad);
  return flags;
}

/** The body as compared for repeats: case, ё, punctuation and spacing don't make it new. */
export function normalizeForRepeat(text: string): string {
  return text.toLowerCase().replace(/ё/g, 'е').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}
