// The address on the pay-by-link page (pay-link.ts): whoever holds a receipt's link may see which
// house the account is in, to know they are paying the right one, but not which flat. The
// postcode and region go (they say nothing useful); the flat or room number becomes «**»,
// always two stars so its length tells nothing; a house without flats has its number masked.
// «216400, Смоленская обл., г. Десногорск, ул. Ленина, д. 5, кв. 12» → «г. Десногорск, ул. Ленина, д. 5, кв. **».
const LEADING = [/^\s*\d{6},\s*/, /^[^,]*(обл|область|край|респ|республика|АО)\.?,\s*/i];
// Longest words first: «кв» must not take the start of «квартира». The number starts with a digit.
const FLAT = /(?<![а-яёa-z])(квартира|комната|комн|ком|кв|пом)(\.?\s*)\d[\dа-яё/-]*/giu;
const HOUSE = /(?<![а-яёa-z])(дом|д)(\.?\s*)\d[\dа-яё/-]*/giu;

export function maskAddress(address: string): string {
  let rest = address.trim();
  for (const part of LEADING) rest = rest.replace(part, '');
  const masked = rest.replace(FLAT, '$1$2**');
  return masked !== rest ? masked : rest.replace(HOUSE, '$1$2**');
}
