/**
 * The 249 officially assigned ISO 3166-1 alpha-2 codes (as of 2026).
 * Kept as data rather than asked of Intl, whose region list differs between ICU versions
 * and includes codes that are not countries (EU, UN, XK, ...): validation must not depend on
 * the machine it runs on.
 */
import { constantMessage, type Message } from './message.js';

const CODES = `
  AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE
  BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD
  CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
  DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF
  GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU
  ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
  KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME
  MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA
  NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
  PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI
  SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK
  TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
  VN VU WF WS YE YT ZA ZM ZW`;

export const COUNTRY_CODES: readonly string[] = Object.freeze(CODES.trim().split(/\s+/));

const codeSet = new Set(COUNTRY_CODES);

/** Countries whose consent rules Kanal summarises; every other country is 'OTHER'. */
export type ConsentRegime = 'SG' | 'ID' | 'MY' | 'OTHER';

export function consentRegime(country: string): ConsentRegime {
  return country === 'SG' || country === 'ID' || country === 'MY' ? country : 'OTHER';
}

export function isCountryCode(code: string): boolean {
  return codeSet.has(code);
}

/**
 * A country's name as it reads inside a sentence ("in the United Kingdom", "for Germany"):
 * the locale's `country.XX` key with the i18next context `in_text`, which falls back to the
 * plain name where a language needs no separate form.
 */
export function countryInText(code: string): Message {
  let msg = inText.get(code);
  if (msg === undefined) {
    msg = constantMessage(`country.${code}`, { context: 'in_text' });
    inText.set(code, msg);
  }
  return msg;
}

/** Made once per code (a constant message: it recurs in every plan). */
const inText = new Map<string, Message>();
