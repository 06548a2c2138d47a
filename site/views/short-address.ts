// An address short enough for a phone's select: the flat first, then the street and house; the
// postcode, region and town (the same for every flat a resident holds) left out. «216400,
// Смоленская обл., г. Десногорск, 3-й мкр., д. 5, кв. 12» → «кв. 12, 3-й мкр., д. 5».
const LEADING = [/^\s*\d{6},\s*/, /^[^,]*(обл|область|край|респ|республика|АО)\.?,\s*/i, /^\s*(г|гор|пос|пгт|с|д|дер)\.\s*[^,]+,\s*/i];
const FLAT = /,?\s*(кв|квартира|ком|комн)\.?\s*[\dа-яё/-]+\s*$/i;

export function shortAddress(address: string): string {
  let rest = address.trim();
  for (const part of LEADING) rest = rest.replace(part, '');
  const flat = FLAT.exec(rest);
  if (!flat) return rest;
  const street = rest.slice(0, flat.index).replace(/,\s*$/, '');
  return `${flat[0].replace(/^,?\s*/, '')}${street ? `, ${street}` : ''}`;
}
