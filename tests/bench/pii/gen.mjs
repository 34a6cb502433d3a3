// gen.mjs: a seeded personal-data development set nobody wrote by hand.
//
// For each locale, sentences carrying one piece of personal data made by
// @faker-js/faker in that locale's formats (phone numbers, street
// addresses, email addresses, payment cards, IBANs, dates of birth,
// passport and driving licence numbers, bank details), in many templates, labelled and unlabelled; and as many
// sentences with look-alikes that are not personal data (dates, times,
// prices, order numbers, years, scores, versions, reference codes, ...).
// Each sentence carries at most one piece of personal data and no names,
// so a tool that flags a sentence found what the sentence was made for.
//
// Prints JSON lines: {id, locale, type, pd (true|false), text}. `type` is
// the entity type a positive carries, or the type a negative imitates.
// The same seed gives the same set (faker and the templates are seeded).
//
// Usage: node gen.mjs [PER-TYPE] [SEED]   (defaults 30, 20261203)
import { allFakers } from '@faker-js/faker';

export const LOCALES = ['en_GB', 'en_US', 'en_IE', 'en_AU', 'en_CA', 'de', 'fr', 'es',
  'it', 'nl', 'pl', 'fi', 'hu', 'el', 'ja', 'sv', 'pt_PT', 'da'];

// The country whose IBAN a locale's people have.
const IBAN_COUNTRY = {
  en_GB: 'GB', en_US: 'DE', en_IE: 'IE', en_AU: 'GB', en_CA: 'FR', de: 'DE', fr: 'FR',
  es: 'ES', it: 'IT', nl: 'NL', pl: 'PL', fi: 'FI', hu: 'HU', el: 'GR', ja: 'CH', sv: 'SE',
  pt_PT: 'PT', da: 'DK',
};

const CARD_ISSUERS = ['visa', 'mastercard', 'amex', 'discover', 'jcb', 'diners_club',
  'maestro', 'unionpay'];

let f; // the current locale's faker
const pick = (a) => f.helpers.arrayElement(a);
const digits = (n) => f.string.numeric({ length: n, allowLeadingZeros: true });
const int = (a, b) => f.number.int({ min: a, max: b });

// Templates: {X} is the personal datum (or the look-alike).
const T = {
  phone: [
    'Call me on {X} if anything changes.', 'Phone: {X}', 'my number is {X}, text me',
    'Ring {X} after 6pm', 'Tel. {X}', 'you can reach her at {X}', 'Mobile {X}',
    'WhatsApp me: {X}', 'new number {X} — save it', 'Contact: {X} (evenings)',
    'Lost my phone, temporary number is {X}', 'text {X} for the keys',
    'Questions? {X}', '{X} is my cell', 'Reach me at {X} or by email.',
    'He left his number, {X}, on the flyer', 'Message me at {X} thanks',
    // Unlabelled: the number alone says what it is.
    '{X}', 'back Monday. {X}', 'Any news? {X}', 'details below\n{X}', 'Sorted — {X} from tomorrow',
    'Still {X} as before', 'Usual one: {X}',
  ],
  address: [
    'Send it to {X}', 'Address: {X}', 'I live at {X}', 'We have moved! New address: {X}',
    'Party at ours, {X}, bring snacks', 'Deliver to {X} please', 'Billing address: {X}',
    'my flat is {X}', 'Home: {X}', 'Drop the parcel at {X}', 'Her place is {X}',
    'Forward my post to {X}', 'Meet at my house, {X}', '{X}', 'Shipping to {X} again',
  ],
  email: [
    'Email me at {X}', 'my address is {X}', 'write to {X}', 'Contact: {X}', '{X} is my personal email',
    'send the photos to {X}', 'DM or mail {X}',
  ],
  card: [
    'My card number is {X}', 'card: {X}', 'Pay with {X} exp 09/27', 'use my visa {X}',
    'The card {X} was declined', 'Credit card {X}', 'here it is {X} cvv in DM', '{X}',
    'charge it to {X}', 'Debit card no. {X}',
  ],
  iban: [
    'IBAN: {X}', 'Please transfer to {X}', 'my account {X}', 'Bank details {X}',
    'Send the deposit to IBAN {X}', '{X} is my account', 'pay into {X} by Friday', '{X}',
  ],
  dob: [
    'I was born on {X}', 'DOB: {X}', 'Date of birth {X}', 'born {X} in a small town',
    'my birthday is {X}', 'Geburtsdatum / date of birth: {X}', 'She was born {X}',
  ],
  id: [
    'Passport number: {P}', 'my passport no. is {P}', 'Passport: {P}, expires 2031', 'passport # {P}',
    'Driving licence: {L}', "driver's license number {L}", 'DL {L}', 'Driving licence no. {L} (full)',
  ],
  bank: [
    'Sort code {S}, account {A}', 'pay me: {S} {A}', 'Account number {A}, sort code {S}',
    'bank details: {S} / {A}', 'Routing number {R}, account {A}', 'ABA {R} acct {A}',
    'wire to routing {R} account {A}',
  ],
};

// Look-alike templates, by the type they imitate.
const N = {
  phone: [
    () => `The meeting moved to ${f.date.recent().toISOString().slice(0, 10)} at ${int(9, 17)}:${pick(['00', '15', '30', '45'])}.`,
    () => `Order #${digits(9)} shipped today`, () => `Order number ${digits(10)}, arriving Tuesday`,
    () => `Final score ${int(0, 5)}-${int(0, 5)}, then ${int(60, 120)}-${int(60, 120)} in the rematch`,
    () => `Tickets cost ${pick(['€', '£', '$'])}${int(10, 999)}.${digits(2)} or ${int(1000, 9999)} ${pick(['kr', 'Ft', 'zł'])} at the door`,
    () => `Open ${int(7, 9)}:00-${int(17, 22)}:30, Monday to Friday`,
    () => `In ${int(1950, 2000)}-${int(2001, 2024)} the club won ${int(2, 30)} titles`,
    () => `Update to version ${int(1, 20)}.${int(0, 30)}.${int(0, 99)} (build ${digits(6)})`,
    () => `Reference ${pick(['REF', 'INV', 'TKT'])}-${int(2015, 2026)}-${digits(5)}`,
    () => `The population grew from ${int(100, 999)} ${digits(3)} to ${int(100, 999)} ${digits(3)}`,
    () => `Tracking ${digits(12)} (DHL)`, () => `Invoice no. ${digits(8)} dated ${int(1, 28)}.${int(1, 12)}.${int(2019, 2025)}`,
    () => `Room ${int(100, 999)}, ${int(1, 28)}/${int(1, 12)}/${int(2019, 2025)} ${int(10, 23)}:${int(10, 59)}`,
    () => `Flight ${pick(['BA', 'LH', 'AF'])}${int(100, 9999)} departs ${int(10, 23)}:${int(10, 59)}, gate ${int(1, 60)}`,
    () => `Temperatures of ${int(10, 35)}.${int(0, 9)} to ${int(10, 35)}.${int(0, 9)} degrees, ${int(1000, 1040)} hPa`,
    // Look-alikes beside a phone word.
    () => `Call me after the meeting on ${int(1, 28)}.${int(1, 12)}.${int(2019, 2026)} at ${int(10, 23)}:${pick(['00', '30'])}`,
    () => `Text me the result: ${int(0, 9)}-${int(0, 9)} at half time, ${int(10, 99)}-${int(10, 99)} on aggregate`,
    () => `Ring me when order ${digits(10)} arrives`,
    () => `My phone cost ${pick(['€', '£', '$'])}${int(100, 1999)}.${digits(2)} in ${int(2015, 2025)}`,
    () => `Phone battery at ${int(1, 99)}% since ${int(1990, 2010)}-${int(2011, 2025)} lol`,
  ],
  address: [
    () => `Chapter ${int(2, 40)} Section ${int(1, 12)} covers it`, () => `Room ${int(100, 999)} at the conference centre`,
    () => `Season ${int(1, 9)} Episode ${int(1, 20)} was the best`, () => `Track ${int(1, 20)} on the new album is great`,
    () => `We flew to ${f.location.city()} for ${int(2, 14)} days`, () => `Table ${int(1, 40)} won the quiz with ${int(20, 60)} points`,
    () => `${int(3, 300)} people came to the ${f.location.city()} meetup`, () => `Gate ${int(1, 80)}, Terminal ${int(1, 5)}`,
    () => `Highway ${int(1, 99)} was closed for ${int(2, 9)} hours`, () => `Level ${int(2, 9)} Bay ${int(1, 40)} in the car park`,
    () => `Volume ${int(1, 12)} Issue ${int(1, 8)} is out now`, () => `The ${f.location.city()} office hosts ${int(10, 90)} staff`,
  ],
  email: [
    () => `Follow @${f.internet.username().replace(/[^A-Za-z0-9_]/g, '')} for updates`, () => `logo@2x.png is in the repo`,
    () => `Meet me @ ${int(1, 12)}pm`, () => `See ${f.internet.domainName()} for details`,
    () => `Thanks @${f.internet.username().replace(/[^A-Za-z0-9_]/g, '')}!`, () => `Use example@example.com as the placeholder`,
  ],
  card: [
    () => `Order ${digits(4)} ${digits(4)} ${digits(4)} ${digits(4)} is on its way`, () => `Tracking number ${digits(16)}`,
    () => `Serial ${digits(4)}-${digits(4)}-${digits(4)}-${digits(4)}`, () => `Invoice ${digits(15)} paid`,
    () => `Parcel ID ${digits(18)}`, () => `Barcode ${digits(13)}`,
  ],
  iban: [
    () => `Product code ${pick(['DE', 'FR', 'GB', 'NL'])}${digits(2)} ${digits(4)} ${digits(4)} ${digits(4)} ${digits(2)}`,
    () => `Part ${f.string.alpha({ length: 2, casing: 'upper' })}${digits(14)} ordered`, () => `Licence key ${f.string.alphanumeric({ length: 20, casing: 'upper' })}`,
    () => `Batch ${pick(['ES', 'IT', 'PL'])}${digits(22)}`,
  ],
  dob: [
    () => `The deadline is ${f.date.soon().toLocaleDateString('en-GB')}`, () => `Meeting on ${f.date.soon().toISOString().slice(0, 10)}`,
    () => `The shop opened on ${f.date.past({ years: 30 }).toLocaleDateString('en-US', { dateStyle: 'long' })}`,
    () => `Launch date ${f.date.soon().toLocaleDateString('de-DE')}`, () => `Posted ${f.date.recent().toLocaleDateString('en-GB')}`,
  ],
  id: [
    () => `Booking reference ${f.string.alphanumeric({ length: 6, casing: 'upper' })}`,
    () => `Voucher code ${f.string.alphanumeric({ length: 8, casing: 'upper' })} at checkout`,
    () => `My passport expires in ${int(2026, 2035)}, renewing now`, () => `Passport photos cost ${pick(['€', '£', '$'])}${int(5, 15)}`,
    () => `Licence key ${f.string.alphanumeric({ length: 16, casing: 'upper' })}`, () => `Boarding pass for seat ${int(1, 40)}${pick(['A', 'C', 'F'])}`,
    () => `Driving test on ${int(1, 28)}/${int(1, 12)}/${int(2025, 2026)} at ${int(8, 16)}:30`,
  ],
  bank: [
    () => `Score ${int(10, 99)}-${int(10, 99)}-${int(10, 99)} after three rounds`, () => `Order ${digits(8)} on ${int(10, 28)}-${int(10, 12)}-${int(20, 25)}`,
    () => `Case ${digits(9)} closed`, () => `Ticket ${digits(8)} for seat ${int(10, 99)}-${int(10, 99)}`,
  ],
};

function luhnDigit(body) {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let v = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) { v *= 2; if (v > 9) v -= 9; }
    sum += v;
  }
  return String((10 - (sum % 10)) % 10);
}

// A sort code, UK account number and a US routing number (ABA checksum).
function routing() {
  const b = pick(['0', '1', '2', '3']) + digits(7);
  const w = [3, 7, 1, 3, 7, 1, 3, 7];
  let s = 0;
  for (let i = 0; i < 8; i++) s += w[i] * Number(b[i]);
  return b + String((10 - (s % 10)) % 10);
}

function cardNumber() {
  const issuer = pick(CARD_ISSUERS);
  let n = f.finance.creditCardNumber(issuer);
  // faker's Maestro and UnionPay make few lengths; people also write
  // cards grouped in fours or not at all.
  const d = n.replace(/\D/g, '');
  if (d.length === 16 && f.datatype.boolean()) n = d.replace(/(\d{4})(?=\d)/g, '$1 ');
  return n;
}

// A passport number as countries print them, and a driving licence
// number: the UK's own format, a US state's, or another country's.
function passport() {
  const L = () => f.string.alpha({ length: 1, casing: 'upper' });
  return pick([() => digits(9), () => `${L()}${L()}${digits(7)}`, () => `${L()}${digits(8)}`,
    () => f.string.alphanumeric({ length: 9, casing: 'upper' }).replace(/^(.{3})\D/, '$17')])();
}

function licence(locale) {
  const L = (n) => f.string.alpha({ length: n, casing: 'upper' });
  if (locale === 'en_GB') {
    const d = f.date.birthdate({ mode: 'age', min: 18, max: 80 });
    const y = String(d.getUTCFullYear());
    const m = d.getUTCMonth() + 1 + (f.datatype.boolean() ? 50 : 0);
    return `${L(5)}${y[2]}${String(m).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}${y[3]}${L(2)}${int(0, 9)}${L(2)}`;
  }
  if (locale === 'en_US' || locale === 'en_CA') return `${L(1)}${digits(pick([7, 8, 12]))}`;
  return pick([() => digits(pick([8, 9, 10])), () => `${L(1)}${digits(7)}${L(2)}`, () => `${digits(2)}${L(2)}${digits(5)}`])();
}

function dateOfBirth(locale) {
  const d = f.date.birthdate({ mode: 'age', min: 18, max: 80 });
  const tag = locale.replace('_', '-').replace(/^el$/, 'el-GR');
  return pick([
    () => d.toLocaleDateString(tag),
    () => d.toLocaleDateString('en-GB', { dateStyle: 'long' }),
    () => d.toISOString().slice(0, 10),
    () => d.toLocaleDateString('en-US', { dateStyle: 'medium' }),
  ])();
}

function address(locale) {
  const street = f.location.streetAddress(f.datatype.boolean());
  const zip = f.location.zipCode();
  const city = f.location.city();
  const sep = pick([', ', ', ', '\n']);
  const country = f.datatype.boolean() ? '' : `, ${f.location.country()}`;
  return pick([
    () => `${street}${sep}${zip} ${city}`,
    () => `${street}${sep}${city} ${zip}`,
    () => `${street}${sep}${city}${sep}${zip}${country}`,
    () => `${street}${sep}${city}`,
  ])();
}

function positive(type, locale) {
  if (type === 'bank') {
    const tpl = pick(locale === 'en_US' ? T.bank.slice(4) : T.bank.slice(0, 4));
    const sort = `${digits(2)}-${digits(2)}-${digits(2)}`;
    return tpl.replace('{S}', sort).replace('{A}', digits(8)).replace('{R}', routing());
  }
  if (type === 'id') return pick(T.id).replace('{P}', passport()).replace('{L}', licence(locale));
  const x = {
    phone: () => f.phone.number({ style: pick(['human', 'national', 'international']) }).replace(/ x\d+$/, ''),
    address: () => address(locale),
    email: () => f.internet.email(),
    card: cardNumber,
    iban: () => f.finance.iban({ formatted: f.datatype.boolean(), countryCode: IBAN_COUNTRY[locale] }),
    dob: () => dateOfBirth(locale),
  }[type]();
  return pick(T[type]).replace('{X}', x);
}

// Bank details are written as their country does: the UK and the US.
export const TYPES = ['phone', 'address', 'email', 'card', 'iban', 'dob', 'id', 'bank'];
const typesFor = (locale) => TYPES.filter((t) => t !== 'bank' || locale === 'en_GB' || locale === 'en_US');

export function generate(perType = 30, seed = 20261203) {
  const out = [];
  LOCALES.forEach((locale, li) => {
    f = allFakers[locale];
    f.seed(seed + li);
    f.setDefaultRefDate(new Date(Date.UTC(2025, 5, 1)));
    for (const type of typesFor(locale)) {
      for (let i = 0; i < perType; i++) {
        out.push({ id: `g-${locale}-${type}-p${i}`, locale, type, pd: true, text: positive(type, locale) });
        out.push({ id: `g-${locale}-${type}-n${i}`, locale, type, pd: false, text: pick(N[type])() });
      }
    }
  });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [per, seed] = process.argv.slice(2).map(Number);
  for (const p of generate(per || 30, seed || 20261203)) console.log(JSON.stringify(p));
}
