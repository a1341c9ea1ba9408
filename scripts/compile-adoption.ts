/**
 * Compiles data/adoption.json (and the notes in locales/en/data.json, and the arithmetic
 * section of data/SOURCES.md) from the sourced figures below. Run: npm run data:compile
 *
 * Every value is the share of ADULTS in an age bracket who use the channel:
 *     adults(age) = internet use(age) x share of internet users who use the channel(age)
 * or, where a survey already measured adults (Pew, Ofcom, Mediascope), that figure directly.
 * Brackets: 18-24, 25-34, 35-44, 45-54, 55-64, 65+. Rounded to 2 decimals.
 *
 * Ported byte for byte from the Python generator it replaced (decision 013): the number
 * formatting below reproduces Python's (float repr, `round`, `f'{x:.2f}'`, `json.dumps`), and
 * sums add left to right as Python 3.11's `sum` did. `compileAdoption` is pure (texts in, texts
 * out); the main at the bottom reads and writes the files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADOPTION_DATA_PATH } from '../src/adoption-data.js';
import { LOCALES_DIR } from '../src/i18n.js';

// --- Python's number and JSON formatting ---------------------------------------------------

/** A finite double as an exact fraction: numerator / 2^shift. */
function exactFraction(x: number): { numerator: bigint; shift: bigint } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  // Subnormals have no implicit leading bit and the exponent of the smallest normal.
  const mantissa = exponent === 0 ? fraction : fraction | (1n << 52n);
  const power = (exponent === 0 ? 1 : exponent) - 1075;
  return power >= 0
    ? { numerator: mantissa << BigInt(power), shift: 0n }
    : { numerator: mantissa, shift: BigInt(-power) };
}

function finite(x: number): number {
  if (!Number.isFinite(x)) throw new Error(`compile-adoption: ${x} is not a finite number`);
  return x;
}

/**
 * Python's `f'{x:.{digits}f}'`: the exact binary value rounded to `digits` decimals, an exact
 * tie to the even last digit (JavaScript's toFixed rounds a tie up: 0.125 -> "0.13", Python "0.12").
 */
export function pyFixed(x: number, digits: number): string {
  const { numerator, shift } = exactFraction(finite(x));
  const scaled = numerator * 10n ** BigInt(digits);
  let q = scaled >> shift;
  const twiceRemainder = (scaled - (q << shift)) << 1n;
  const unit = 1n << shift;
  if (shift > 0n && (twiceRemainder > unit || (twiceRemainder === unit && (q & 1n) === 1n))) q += 1n;
  const text = q.toString().padStart(digits + 1, '0');
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Python's `round(x, digits)` of a float: correctly rounded, exact ties to even. */
export function pyRound(x: number, digits: number): number {
  return Number(pyFixed(x, digits));
}

/** Python's `repr(float)` (what `json.dumps` writes): "1.0", "0.29", "1e-05", "1e+16". */
export function pyFloatRepr(x: number): string {
  finite(x);
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest digits that round-trip, as repr does.
  const [mantissa = '', exponentText = ''] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const body = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exponent).toString().padStart(2, '0');
    return `${sign}${body}e${exponent < 0 ? '-' : '+'}${e}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const rest = digits.slice(exponent + 1);
  return `${sign}${whole}.${rest === '' ? '0' : rest}`;
}

const JSON_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
};

/**
 * Python's `json.dumps(text, ensure_ascii=...)`: with ensure_ascii every UTF-16 unit outside
 * " ".."~" is written \uXXXX (lower-case hex); without it only quotes, backslashes and controls.
 */
export function pyJsonString(text: string, ensureAscii: boolean): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text.charAt(i);
    const unit = text.charCodeAt(i);
    const named = JSON_ESCAPES[ch];
    if (named !== undefined) out += named;
    else if (unit < 0x20 || (ensureAscii && unit > 0x7e)) out += `\\u${unit.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function pyInt(n: number): string {
  if (!Number.isInteger(n)) throw new Error(`compile-adoption: ${n} is not an integer`);
  return String(n);
}

/** Python's `sorted()` of strings: by code point (JavaScript's sort compares UTF-16 units). */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const y = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function sorted(keys: Iterable<string>): string[] {
  return [...keys].sort(byCodePoint);
}

/** Python 3.11's `sum()` of floats: plain left-to-right addition from 0. */
function sum(xs: readonly number[]): number {
  let total = 0;
  for (const x of xs) total += x;
  return total;
}

// --- Figures and sources -------------------------------------------------------------------

const B = ['18-24', '25-34', '35-44', '45-54', '55-64', '65+'];

// Adult population weights by bracket, used only to turn one all-adult figure into a mean
// for normalising an age shape (an assumption: a typical adult age mix, not any country's).
const W = [0.13, 0.19, 0.19, 0.17, 0.15, 0.17];

type Source = readonly [title: string, year: number, url: string];

const SOURCES: Record<string, Source> = {
  'digital2024-sg': [
    'Digital 2024: Singapore (We Are Social & Meltwater; GWI panel, internet users 16-64)',
    2024,
    'https://thebeat.asia/singapore/digital/updates/digital-2024-highlights-the-trends-and-behaviours-of-singaporeans-online',
  ],
  'digital2025-sg': [
    'Digital 2025: Singapore (We Are Social & Meltwater; GWI panel)',
    2025,
    'https://campaignbriefasia.com/?p=169836',
  ],
  'blackbox-2021': [
    'Blackbox Research, Singapore survey after the January 2021 WhatsApp update',
    2021,
    'https://blackbox.com.sg/everyone/communications-whatsapp-not-much',
  ],
  'imda-2023': [
    'IMDA, Singapore Digital Society Report 2023 (smartphones: 97% of residents, 89% of seniors 60+)',
    2023,
    'https://theaseandaily.com/singapores-remarkable-digital-connectivity-99-internet-access-and-97-smartphone-ownership',
  ],
  'mediascope-2024': [
    'Mediascope, Telegram daily reach by age in Russia, Q1 2024',
    2024,
    'https://dzen.ru/b/ZjkLaLQIlkH8zhMt',
  ],
  'mediascope-2023': [
    'Mediascope, daily reach of Telegram and WhatsApp by age in Russia, Q1 2023',
    2023,
    'https://adindex.mirtesen.ru/blog/43481959873/-Telegram-vpervyie-okazalsya-samyim-vostrebovannyim-servisom-u-m',
  ],
  'gwi-email-age-2024': [
    'GWI in the Digital 2024 Global Overview: email use by age, world (via MediaPost)',
    2024,
    'https://www.mediapost.com/publications/article/394508/the-all-embracing-internet-two-thirds-of-all-peop.html',
  ],
  'gwi-2024-global': [
    'GWI Q3 2024: 75% of internet users 16+ use email services, world (via Intelpoint)',
    2024,
    'https://intelpoint.co/insights/chat-and-messaging-apps-have-the-highest-global-internet-user-engagement-at-94-5-as-of-q3-2024',
  ],
  'eurostat-2024': [
    'Eurostat, Digital economy and society statistics: 80% of EU internet users sent or received email',
    2024,
    'https://ec.europa.eu/eurostat/statistics-explained/index.php?title=Digital_economy_and_society_statistics_-_households_and_individuals',
  ],
  'digital2024-id': [
    'Digital 2024: Indonesia (We Are Social & Meltwater; GWI panel)',
    2024,
    'https://radarmukomuko.disway.id/amp/678353/',
  ],
  'digital2025-id': [
    'Digital 2025: Indonesia (We Are Social & Meltwater; GWI panel), via Disway',
    2025,
    'https://harian.disway.id/amp/924628/tren-media-dan-komunikasi-2026-1-berbasis-data-untuk-future-practices/32',
  ],
  'apjii-2023': [
    'APJII, Survei Penetrasi & Perilaku Internet 2023 (chat apps used most)',
    2023,
    'https://databoks.katadata.co.id/media/statistik/6c02fba0ebf2c33/',
  ],
  'apjii-2024': [
    'APJII, Survei Penetrasi Internet Indonesia 2024 (internet use by generation)',
    2024,
    'https://databoks.katadata.co.id/datapublish/2024/02/05/penetrasi-internet-generasi-milenial-tertinggi-dibanding-kelompok-usia-lainnya-di-indonesia',
  ],
  'kic-2022': [
    'Kominfo & Katadata Insight Center, Status Literasi Digital 2022 (10,000 internet users 13-70, face to face)',
    2022,
    'https://databoks.katadata.co.id/teknologi-telekomunikasi/statistik/4d07ecc1af04a0d/',
  ],
  'digital2023-my': [
    'Digital 2023: Malaysia (We Are Social & Meltwater; GWI panel)',
    2023,
    'https://www.sinardaily.my/article/197149/',
  ],
  'digital2026-my': [
    'Digital 2026: Malaysia (Meltwater & We Are Social, published Dec 2025): internet use 98%',
    2025,
    'https://www.sarawaktribune.com/digital-report-shows-malaysians-among-southeast-asias-most-connected-users',
  ],
  'dosm-ict-2022': [
    'DOSM, ICT Use and Access by Individuals and Households 2022: 97.4% of Malaysians 15+ use the internet',
    2023,
    'https://www.malaymail.com/news/malaysia/2023/05/31/stats-dept-household-internet-access-rate-increased-to-96pc-in-2022/71860',
  ],
  'mycensus-2020': [
    'DOSM, MyCensus 2020: Social Relations (platforms of social-media account holders 15+)',
    2023,
    'https://kosmo.com.my/?p=491791',
  ],
  'merdeka-2024': [
    'Merdeka Center, National Youth Survey 2024 (main messaging app, ages 18-30)',
    2024,
    'https://www.malaymail.com/news/malaysia/2024/09/06/survey-reveals-instagram-as-most-popular-platform-among-malaysian-youth/149502',
  ],
  'ofcom-2023': [
    'Ofcom, online communication services research: 76% of UK adults used WhatsApp in the last 3 months',
    2023,
    'https://www.techdigest.tv/2023/10/whatsapp-is-uks-most-popular-messaging-app-as-traditional-texting-declines.html',
  ],
  'ofcom-2021': [
    'Ofcom, Adults Media Use and Attitudes 2021: WhatsApp by age (via Dan Slee)',
    2021,
    'https://danslee.co.uk/tag/ofcom/',
  ],
  'ofcom-online-nation-2023': [
    'Ofcom, Online Nation 2023: 7% of people 16+ and 18% of 65+ without home internet',
    2023,
    'https://www.sgpjbg.com/baogao/153630.html',
  ],
  'statista-telegram-2024': [
    'Statista Consumer Insights: regular Telegram use by country, Jul 2023-Jun 2024 (online respondents)',
    2024,
    'https://www.statista.com/chart/32923/share-of-respondents-who-regularly-use-telegram/',
  ],
  'pew-us-2025': [
    "Pew Research Center, Americans' Social Media Use 2025: 32% of US adults use WhatsApp",
    2025,
    'https://www.mediapost.com/publications/article/410929/its-a-social-dilemma.html',
  ],
  'pew-us-2023': [
    "Pew Research Center, Americans' Social Media Use (2023 survey): WhatsApp 29%, ages 30-49 highest",
    2024,
    'https://whitehutchinson.com/news/lenews/2024/february/article102.shtml',
  ],
  'pew-us-2012-email': [
    'Pew Internet (2012): 91% of US adult internet users use email (via MediaPost)',
    2012,
    'https://www.mediapost.com/publications/article/173409/pew-data-only-6-of-teens-use-email-daily.html',
  ],
  'pew-global-2023': [
    'Pew Research Center, surveys of 8 middle-income countries 2023: WhatsApp used by 50% (India) to 90% (Brazil) of adults, Telegram median 15%',
    2023,
    'https://moonshot.news/news/media-news/two-meta-owned-services-dominate-in-mid-income-nations/',
  ],
  'pew-global-2023-detail': [
    'Pew Research Center 2023: Brazil WhatsApp 90%, Telegram 28%; India WhatsApp 75% of 18-29, 17% of 50+ (via Desinformante)',
    2023,
    'https://desinformante.com.br/whatsapp-facebook-sul-global',
  ],
  'br-survey-2022': [
    'Survey of Brazilian internet users, 2022: social networks 99% at 16-34, 83% at 60+; WhatsApp 92%; Telegram 24%, 41% of the youngest',
    2022,
    'https://newsbulletin247.com/technology/130766.html',
  ],
  'datareportal-2025-10': [
    'DataReportal, Digital 2025 October Global Statshot: 6.04 billion internet users, 73.2% of the world',
    2025,
    'https://datareportal.com/global-digital-overview',
  ],
  'datareportal-2025-10-countries': [
    'DataReportal October 2025: internet use by country (via Visit Saudia)',
    2025,
    'https://visitsaudia.net/?p=17024',
  ],
  'meta-q1-2025': [
    'Meta, Q1 2025 results: WhatsApp more than 3 billion monthly users',
    2025,
    'https://www.fairstory.ai/stories/whatsapp-now-has-more-than-3-billion-users-a-month',
  ],
  'telegram-2025-mau': [
    'Telegram (Pavel Durov), March 2025: more than 1 billion monthly users',
    2025,
    'https://www.latestly.com/socially/technology/telegram-achieves-over-1-billion-monthly-active-users-ceo-pavel-durov-claims-whatsapp-burning-billions-to-slow-us-down-6722027.html',
  ],
  'digital2024-au': [
    'Digital 2024: Australia (DataReportal; GWI panel, internet users 16-64): WhatsApp 44.8%, internet 94.9%',
    2024,
    'https://newsbites.hktdc.com/tips/digital-marketing/au-social/',
  ],
  'de-smatlas-2024': [
    'Social-Media-Atlas 2024 (PER Agency, Toluna, IMWF): WhatsApp used by 73% of German internet users 16+',
    2024,
    'https://www.ibusiness.de/aktuell/db/631200SUR.html',
  ],
  'bnetza-2019': [
    'Bundesnetzagentur, survey of online communication services, end 2019 (n=2,210)',
    2020,
    'https://computerbase.de/2020-05/bundesnetzagentur-98-prozent-juengeren-whatsapp-co.',
  ],
  'pulse-asia-2021': [
    'Pulse Asia, Philippines, Sept 2021 (2,400 adults, face to face): internet 63%; WhatsApp 2%, Telegram 2%, email 20% of internet users',
    2021,
    'https://iconexecutive.asia/business-news/facebook-tops-list-of-most-used-social-media-platforms-in-the-philippines-pulse-asia-62',
  ],
  'digital2025-ph': [
    'Digital 2025: Philippines (Meltwater & We Are Social): internet 83.8% of the population',
    2025,
    'https://www.noypigeeks.com/spotlight/filipinos-access-internet-global-average-study/',
  ],
  'tns-2014-th': [
    'TNS Connected Life, Thailand 2014: favoured messaging app LINE 66%, WhatsApp 10%',
    2014,
    'https://www.djsresearch.co.uk/TelecommunicationsMarketResearchInsightsAndFindings/article/Thai-Internet-Users-Embrace-Mobile-Technology-Research-Shows-01695',
  ],
  'kantar-th-2017': [
    'Kantar Connected Life, Thailand 2017: LINE used by 92% of connected consumers',
    2017,
    'https://sea.kantar.com/tech/social/2017/line-app-dominates-in-thailand/',
  ],
  'nso-th-2023': [
    'Thailand National Statistical Office, ICT survey Q4 2023: 89.5% of Thais 6+ use the internet',
    2023,
    'https://www.nationthailand.com/thailand/general/40036030',
  ],
  'dnr-hk-2019': [
    'Reuters Institute Digital News Report 2019 (YouGov), Hong Kong: WhatsApp used weekly by 85.4% of internet users',
    2019,
    'https://www.warc.com/content/article/warc-curated-datapoints/whatsapp-extends-its-lead-over-facebook-in-hong-kong/en-gb/127706',
  ],
  'sensortower-hk-2019': [
    'Sensor Tower, Aug 2019: Telegram installed 1.7 million times in Hong Kong (via The Star)',
    2019,
    'https://thestar.com.my/tech/tech-news/2019/08/15/hong-kong-protests-drive-surge-in-telegram-chat-app',
  ],
  'decisionlab-vn-2024': [
    'Decision Lab, Connected Consumer Q3 2024, Vietnam: Zalo 85%, Facebook 59%, Messenger 52% (via VnExpress)',
    2024,
    'https://e.vnexpress.net/news/tech/tech-news/vietnam-s-internet-messaging-rate-higher-than-global-average-4849499.html',
  ],
  'jtb-jp-2023': [
    'JTB Tourism Research & Consulting, Japan smartphone survey Nov 2023: LINE used by 89.5%',
    2023,
    'https://www.moneystady.xyz/2024/01/24/communication-app-line-tops-japans-social-media-usage-survey/',
  ],
  'cst-sa-2024': [
    'Communications, Space & Technology Commission (Saudi Arabia), 2024: 90% of the population use WhatsApp (via Urdu News)',
    2024,
    'https://urdunews.com/node/853746',
  ],
  'statista-africa-2022': [
    'Statista 2022: WhatsApp used monthly by 95.4% (South Africa), 92% (Nigeria), 93.5% (Kenya), 89.9% (Ghana) of internet users (via Legit.ng)',
    2022,
    'https://www.legit.ng/business-economy/technology/1488853-the-features-whatsapp-pulling-africans-platform/',
  ],
};

function source(id: string): Source {
  const s = SOURCES[id];
  if (s === undefined) throw new Error(`compile-adoption: unknown source id ${id}`);
  return s;
}

// --- Shapes ---------------------------------------------------------------------------------
// Telegram, Russia, Mediascope Q1 2024 daily reach: 12-24 80, 25-34 61, 35-44 57, 45-54 48,
// 55+ 26. The 55+ figure is split into 55-64 and 65+ with the Q1 2023 ratio (29:12) and a 45:55
// split of Russia's 55+ population: x*0.45 + x*(12/29)*0.55 = 26 -> x = 38.4, 65+ = 15.9.
const _x = 26 / (0.45 + (12 / 29) * 0.55);
const TG_RU = [80, 61, 57, 48, _x, (_x * 12) / 29];
// Email, world, GWI in Digital 2024: 16-24 42.5, 25-34 46.1, 45-54 52.6, 55-64 57.6; 35-44 is
// not in the source text: interpolated (46.1+52.6)/2; 65+ is not surveyed: kept at 55-64's.
const EM_GWI = [42.5, 46.1, (46.1 + 52.6) / 2, 52.6, 57.6, 57.6];

/** Shape relative to its mean over 16-64 (the five first brackets): GWI levels are 16-64 means. */
function rel16_64(shape: readonly number[]): number[] {
  const mean = sum(shape.slice(0, 5)) / 5;
  return shape.map((v) => v / mean);
}

/** Shape relative to its adult-weighted mean (W): for all-adult figures. */
function relAdults(shape: readonly number[]): number[] {
  const mean = sum(times(W, shape));
  return shape.map((v) => v / mean);
}

function r2(v: number): number {
  return pyRound(Math.min(Math.max(v, 0.0), 1.0) + 1e-9, 2);
}

/** Python's zip: as long as the shorter list. */
function times(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.min(a.length, b.length);
  return Array.from({ length: n }, (_, i) => (a[i] ?? 0) * (b[i] ?? 0));
}

function scal(k: number, a: readonly number[]): number[] {
  return a.map((x) => k * x);
}

function cap(a: readonly number[], top = 0.98): number[] {
  return a.map((x) => Math.min(x, top));
}

function fmt(a: readonly number[]): string {
  return a.map((x) => pyFixed(x, 2)).join(' / ');
}

function repeat(value: number, n: number): number[] {
  return Array.from({ length: n }, () => value);
}

// --- Tables ---------------------------------------------------------------------------------

type Ref = readonly [country: string, year: number];

interface Series {
  values: number[];
  sources: string[];
  year: number;
  confidence: string;
  confidenceNote: string;
  ageShapeFrom?: { country: string; year: number };
  levelFrom?: { country: string; year: number };
}

const CHANNELS = ['whatsapp', 'telegram', 'email'] as const;
type Channel = (typeof CHANNELS)[number];

type Table = { name: string } & Record<Channel, Series>;

/** One line of the arithmetic table in SOURCES.md. */
interface Arith {
  table: string;
  channel: string;
  how: string;
  values: number[];
}

function get<V>(map: ReadonlyMap<string, V>, key: string): V {
  const v = map.get(key);
  if (v === undefined) throw new Error(`compile-adoption: no table ${key}`);
  return v;
}

/** Builds every table; `arith` collects each series' arithmetic in the order it was built. */
function buildTables(): { T: Map<string, Table>; R: Map<string, Table>; arith: Arith[] } {
  const arith: Arith[] = [];

  function series(
    table: string,
    channel: Channel,
    raw: readonly number[],
    sources: string[],
    confidence: string,
    note: string,
    how: string,
    { shape, level }: { shape?: Ref; level?: Ref } = {},
  ): Series {
    const values = raw.map(r2);
    const s: Series = {
      values,
      sources,
      year: Math.max(...sources.map((i) => source(i)[1])),
      confidence,
      confidenceNote: note,
    };
    if (shape !== undefined) s.ageShapeFrom = { country: shape[0], year: shape[1] };
    if (level !== undefined) s.levelFrom = { country: level[0], year: level[1] };
    arith.push({ table, channel, how, values });
    return s;
  }

  function emailSeries(
    table: string,
    ip: readonly number[],
    level: number,
    levelSrc: string[],
    levelLabel: string,
    ipSrc: string,
    conf: string,
    note: string,
    levelFrom?: Ref,
  ): Series {
    const share = cap(scal(level, rel16_64(EM_GWI)));
    const how =
      `internet use ${fmt(ip)} (${ipSrc}) x email share ${fmt(share)} = ${levelLabel} x GWI 2024 age ` +
      `pattern ${fmt(rel16_64(EM_GWI))} (relative to its 16-64 mean; capped at 0.98)`;
    const srcs = [...new Set([...levelSrc, 'gwi-email-age-2024'])];
    return series(table, 'email', times(ip, share), srcs, conf, note, how, {
      shape: ['GLOBAL', 2024],
      ...(levelFrom === undefined ? {} : { level: levelFrom }),
    });
  }

  function telegramRel(
    table: string,
    ip: readonly number[],
    shareMean: number,
    srcs: string[],
    conf: string,
    note: string,
    label: string,
    ipSrc: string,
    { level, shape = ['RU', 2024] }: { level?: Ref; shape?: Ref } = {},
  ): Series {
    const share = cap(scal(shareMean, rel16_64(TG_RU)));
    const how =
      `internet use ${fmt(ip)} (${ipSrc}) x Telegram share ${fmt(share)} = ${label} x Mediascope 2024 age ` +
      `pattern ${fmt(rel16_64(TG_RU))} (relative to its 16-64 mean)`;
    return series(table, 'telegram', times(ip, share), [...srcs, 'mediascope-2024'], conf, note, how, {
      shape,
      ...(level === undefined ? {} : { level }),
    });
  }

  const T = new Map<string, Table>();

  // --- Singapore ------------------------------------------------------------------------------
  const IP_SG = [0.99, 0.99, 0.99, 0.98, 0.95, 0.85];
  const IP_SG_SRC = 'estimate anchored on IMDA 2023: almost all 18-59, 89% of seniors 60+ own a smartphone';
  const WA_SG_SHARE = [0.89, 0.92, 0.92, 0.92, 0.92, 0.92];
  T.set('SG', {
    name: 'Singapore',
    whatsapp: series(
      'SG',
      'whatsapp',
      times(IP_SG, WA_SG_SHARE),
      ['digital2025-sg', 'digital2024-sg', 'blackbox-2021', 'imda-2023'],
      'medium',
      'medium: GWI 80.1% of internet users (2025), Blackbox 98% main app; age pattern flat except the youngest',
      `internet use ${fmt(IP_SG)} (${IP_SG_SRC}) x WhatsApp share ${fmt(WA_SG_SHARE)} (0.92 between GWI 80.1% in 2025 and Blackbox 97-98%; 18-24 a little lower)`,
    ),
    telegram: telegramRel(
      'SG',
      IP_SG,
      0.478,
      ['digital2024-sg'],
      'low',
      "low: the level is Singapore's own (GWI 2024: 47.8% of internet users 16-64); the age pattern is Russia's (Mediascope 2024)",
      'GWI 2024 mean 0.478',
      IP_SG_SRC,
    ),
    email: emailSeries(
      'SG',
      IP_SG,
      0.8,
      ['eurostat-2024', 'imda-2023'],
      'Eurostat 2024 level 0.80',
      IP_SG_SRC,
      'low',
      "low: no current Singapore email figure found; the level is the EU's (Eurostat 2024), the age pattern the world's (GWI 2024)",
      ['R-EUR', 2024],
    ),
  });

  // --- Indonesia ------------------------------------------------------------------------------
  const IP_ID = [0.87, 0.91, 0.93, 0.84, 0.72, 0.55];
  const IP_ID_SRC =
    'APJII 2024 generations mapped to brackets: Gen Z 87%, Millennials 93%, Gen X 84%, Boomers 61%';
  const WA_ID_SHARE = [0.92, 0.92, 0.92, 0.92, 0.92, 0.89];
  T.set('ID', {
    name: 'Indonesia',
    whatsapp: series(
      'ID',
      'whatsapp',
      times(IP_ID, WA_ID_SHARE),
      ['digital2025-id', 'digital2024-id', 'apjii-2023', 'apjii-2024', 'kic-2022'],
      'medium',
      'medium: GWI 90.8-90.9% (2024-25) and KIC 95% agree; the age slope comes from APJII internet use',
      `internet use ${fmt(IP_ID)} (${IP_ID_SRC}) x WhatsApp share ${fmt(WA_ID_SHARE)} (GWI 2024-25 90.8-90.9%, KIC 2022 95%)`,
    ),
    telegram: telegramRel(
      'ID',
      IP_ID,
      0.18,
      ['kic-2022', 'digital2025-id', 'digital2024-id', 'apjii-2024'],
      'low',
      'low: level from the face-to-face KIC survey of all internet users (18%, 2022); the GWI online panel (58-61%) is an upper bound; age pattern from Russia',
      'KIC 2022 mean 0.18',
      IP_ID_SRC,
      { level: ['ID', 2022] },
    ),
    email: emailSeries(
      'ID',
      IP_ID,
      0.75,
      ['gwi-2024-global', 'apjii-2024'],
      'world level 0.75 (GWI Q3 2024)',
      IP_ID_SRC,
      'low',
      "low: no Indonesian email figure found; the world's online-panel level likely overstates it",
      ['GLOBAL', 2024],
    ),
  });

  // --- Malaysia -------------------------------------------------------------------------------
  // Internet use by age: DOSM 2022 says 97.4% of 15+; the shape below averages to 0.975 with W.
  const IP_MY = [1.0, 1.0, 0.99, 0.98, 0.95, 0.88];
  const IP_MY_SRC = 'DOSM 2022: 97.4% of 15+ online; age pattern estimated so that it averages 97.5%';
  const WA_MY_SHARE = [0.9, 0.9, 0.9, 0.9, 0.9, 0.87];
  T.set('MY', {
    name: 'Malaysia',
    whatsapp: series(
      'MY',
      'whatsapp',
      times(IP_MY, WA_MY_SHARE),
      ['digital2023-my', 'mycensus-2020', 'dosm-ict-2022', 'digital2026-my', 'merdeka-2024'],
      'medium',
      'medium: GWI 89.3% (2023) and census 86.5% agree; no WhatsApp figure from Digital 2024-2026 was found',
      `internet use ${fmt(IP_MY)} (${IP_MY_SRC}) x WhatsApp share ${fmt(WA_MY_SHARE)} (GWI 2023 89.3%, census 2020 86.5%)`,
      { level: ['MY', 2023] },
    ),
    telegram: telegramRel(
      'MY',
      IP_MY,
      0.232,
      ['mycensus-2020', 'dosm-ict-2022', 'merdeka-2024'],
      'low',
      'low: level from the 2020 census (23.2% of social-media account holders 15+), not adjusted; age pattern from Russia',
      'census 2020 mean 0.232',
      IP_MY_SRC,
      { level: ['MY', 2020] },
    ),
    email: emailSeries(
      'MY',
      IP_MY,
      0.75,
      ['gwi-2024-global', 'dosm-ict-2022'],
      'world level 0.75 (GWI Q3 2024)',
      IP_MY_SRC,
      'low',
      'low: no Malaysian email figure found; world level and age pattern',
      ['GLOBAL', 2024],
    ),
  });

  // --- United Kingdom -------------------------------------------------------------------------
  const IP_GB = [0.99, 0.99, 0.99, 0.97, 0.94, 0.82];
  const IP_GB_SRC =
    'estimate anchored on Ofcom Online Nation 2023: 93% of 16+ and 82% of 65+ have home internet';
  const WA_GB = [0.72, 0.8, 0.8, 0.78, 0.74, 0.64];
  T.set('GB', {
    name: 'United Kingdom',
    whatsapp: series(
      'GB',
      'whatsapp',
      WA_GB,
      ['ofcom-2023', 'ofcom-2021'],
      'medium',
      'medium: level measured on UK adults (Ofcom 2023: 76%); age pattern only partly measured (2021: 69% at 16-24, 78% at 25-34)',
      `share of adults ${fmt(WA_GB)}: Ofcom 2023 76% of adults, adult-weighted mean of these values 0.75; 16-24 below 25-34 as in Ofcom 2021; older ages estimated`,
    ),
    telegram: telegramRel(
      'GB',
      IP_GB,
      0.115,
      ['statista-telegram-2024', 'ofcom-online-nation-2023'],
      'low',
      'low: 10-13% of UK online respondents use Telegram regularly (Statista 2024); age pattern from Russia',
      'Statista 2024 mean 0.115',
      IP_GB_SRC,
    ),
    email: emailSeries(
      'GB',
      IP_GB,
      0.8,
      ['eurostat-2024', 'ofcom-online-nation-2023'],
      'Eurostat 2024 level 0.80',
      IP_GB_SRC,
      'low',
      "low: no UK email figure found; the EU's level (Eurostat 2024) and the world's age pattern",
      ['R-EUR', 2024],
    ),
  });

  // --- United States --------------------------------------------------------------------------
  const IP_US = [0.99, 0.99, 0.98, 0.96, 0.92, 0.8];
  const IP_US_SRC = 'estimate anchored on DataReportal Oct 2025 (93%) and Pew 2021 (25% of 65+ offline)';
  const WA_US = [0.35, 0.39, 0.42, 0.36, 0.3, 0.17];
  T.set('US', {
    name: 'United States',
    whatsapp: series(
      'US',
      'whatsapp',
      WA_US,
      ['pew-us-2025', 'pew-us-2023'],
      'medium',
      'medium: level measured on US adults (Pew 2025: 32%); only the peak at 30-49 is measured, other ages estimated',
      `share of adults ${fmt(WA_US)}: adult-weighted mean 0.33 against Pew 2025 32%; highest at 30-49 as in Pew 2023 (38% of 30-49 when all adults were 29%)`,
    ),
    telegram: telegramRel(
      'US',
      IP_US,
      0.115,
      ['statista-telegram-2024', 'datareportal-2025-10-countries'],
      'low',
      "low: no US Telegram figure found; the UK's share (Statista 2024) and Russia's age pattern",
      'UK share 0.115',
      IP_US_SRC,
      { level: ['GB', 2024] },
    ),
    email: emailSeries(
      'US',
      IP_US,
      0.91,
      ['pew-us-2012-email', 'datareportal-2025-10-countries'],
      'Pew 2012 level 0.91',
      IP_US_SRC,
      'low',
      'low: the newest US email level found is from 2012 (Pew: 91% of internet users); age pattern from GWI 2024',
      ['US', 2012],
    ),
  });

  // --- India ----------------------------------------------------------------------------------
  // Pew 2023: 50% of adults; 75% of 18-29, 17% of 50+. With about 30% of adults 18-29, 40% 30-49
  // and 30% 50+: 0.3*75 + 0.4*x + 0.3*17 = 50 -> x = 56 for 30-49. Brackets: 18-24 75; 25-34 mixes
  // 25-29 (75) and 30-34 (56) -> 66; 35-44 56; 45-54 mixes 56 and the under-60 part of 50+ -> 40;
  // 55-64 22; 65+ 10 (estimates within the 50+ average of 17).
  const WA_IN = [0.75, 0.66, 0.56, 0.4, 0.22, 0.1];
  const IP_IN = WA_IN.map((v) => v / 0.9);
  const IP_IN_SRC = 'derived: WhatsApp adults / 0.90 (WhatsApp assumed used by 90% of Indian internet users)';
  const TG_IN = scal(0.5, WA_IN);
  T.set('IN', {
    name: 'India',
    whatsapp: series(
      'IN',
      'whatsapp',
      WA_IN,
      ['pew-global-2023', 'pew-global-2023-detail'],
      'medium',
      'medium: level and age slope measured on Indian adults (Pew 2023: 50%; 75% of 18-29, 17% of 50+); split within 30-49 and 50+ estimated',
      `share of adults ${fmt(WA_IN)} from Pew 2023: 30-49 solved as 56% from the 50% average; brackets mixed by years`,
    ),
    telegram: series(
      'IN',
      'telegram',
      TG_IN,
      ['statista-telegram-2024', 'pew-global-2023-detail'],
      'low',
      "low: 45% of Indian online respondents use Telegram regularly (Statista 2024), about half WhatsApp's reach; age pattern India's WhatsApp pattern",
      `0.5 x WhatsApp adults ${fmt(WA_IN)} (Statista 2024: Telegram 45% of online respondents, WhatsApp near 90% of the same population)`,
    ),
    email: emailSeries(
      'IN',
      IP_IN,
      0.75,
      ['gwi-2024-global', 'pew-global-2023'],
      'world level 0.75 (GWI Q3 2024)',
      IP_IN_SRC,
      'low',
      'low: no Indian email figure found; world level and age pattern',
      ['GLOBAL', 2024],
    ),
  });

  // --- Australia ------------------------------------------------------------------------------
  const IP_AU = [0.99, 0.99, 0.99, 0.97, 0.93, 0.8];
  const IP_AU_SRC = 'estimate anchored on DataReportal 2024: 94.9% online';
  const WA_AU_SHARE = [...repeat(0.448, 5), 0.4];
  T.set('AU', {
    name: 'Australia',
    whatsapp: series(
      'AU',
      'whatsapp',
      times(IP_AU, WA_AU_SHARE),
      ['digital2024-au'],
      'medium',
      'medium: GWI 2024 44.8% of internet users 16-64 (Messenger 69.9%); no age data, taken as flat, 65+ a little lower',
      `internet use ${fmt(IP_AU)} (${IP_AU_SRC}) x WhatsApp share ${fmt(WA_AU_SHARE)}`,
    ),
    telegram: telegramRel(
      'AU',
      IP_AU,
      0.115,
      ['statista-telegram-2024', 'digital2024-au'],
      'low',
      "low: no Australian Telegram figure found; the UK's share (Statista 2024) and Russia's age pattern",
      'UK share 0.115',
      IP_AU_SRC,
      { level: ['GB', 2024] },
    ),
    email: emailSeries(
      'AU',
      IP_AU,
      0.8,
      ['eurostat-2024', 'digital2024-au'],
      'Eurostat 2024 level 0.80',
      IP_AU_SRC,
      'low',
      "low: no Australian email level found (GWI says 75.9% of Australians 16-24 use email, against the world's age pattern used here)",
      ['R-EUR', 2024],
    ),
  });

  // --- Philippines ----------------------------------------------------------------------------
  const IP_PH = [0.97, 0.93, 0.87, 0.78, 0.62, 0.4];
  const IP_PH_SRC =
    'estimate anchored on Digital 2025 (83.8% online) and Pulse Asia 2021 (63% of adults); younger people more online';
  T.set('PH', {
    name: 'Philippines',
    whatsapp: series(
      'PH',
      'whatsapp',
      scal(0.02, IP_PH),
      ['pulse-asia-2021', 'digital2025-ph'],
      'low',
      'low: a face-to-face survey (Pulse Asia 2021) found WhatsApp used by 2% of internet users; Messenger by 98%',
      `internet use ${fmt(IP_PH)} (${IP_PH_SRC}) x WhatsApp share 0.02 (Pulse Asia 2021), flat`,
      { level: ['PH', 2021] },
    ),
    telegram: series(
      'PH',
      'telegram',
      scal(0.02, IP_PH),
      ['pulse-asia-2021', 'digital2025-ph'],
      'low',
      'low: Telegram used by 2% of internet users (Pulse Asia 2021); no age data',
      `internet use ${fmt(IP_PH)} x Telegram share 0.02 (Pulse Asia 2021), flat`,
      { level: ['PH', 2021] },
    ),
    email: emailSeries(
      'PH',
      IP_PH,
      0.2,
      ['pulse-asia-2021', 'digital2025-ph'],
      'Pulse Asia 2021 level 0.20',
      IP_PH_SRC,
      'low',
      'low: 20% of internet users send or read email (Pulse Asia 2021, face to face); the GWI online panel says 94%',
      ['PH', 2021],
    ),
  });

  // --- Thailand -------------------------------------------------------------------------------
  const IP_TH = [0.99, 0.98, 0.96, 0.9, 0.78, 0.55];
  const IP_TH_SRC = 'estimate anchored on the NSO Q4 2023 survey: 89.5% of Thais 6+ online';
  T.set('TH', {
    name: 'Thailand',
    whatsapp: series(
      'TH',
      'whatsapp',
      scal(0.1, IP_TH),
      ['tns-2014-th', 'kantar-th-2017', 'nso-th-2023'],
      'low',
      'low: WhatsApp 10% of internet users in 2014 (TNS), the newest figure found; LINE dominates (92% in 2017)',
      `internet use ${fmt(IP_TH)} (${IP_TH_SRC}) x WhatsApp share 0.10 (TNS 2014), flat`,
      { level: ['TH', 2014] },
    ),
    telegram: series(
      'TH',
      'telegram',
      scal(0.05, IP_TH),
      ['kantar-th-2017', 'nso-th-2023'],
      'low',
      'low: no Thai Telegram figure found; 5% of internet users is an estimate below WhatsApp',
      `internet use ${fmt(IP_TH)} x Telegram share 0.05 (estimate), flat`,
    ),
    email: emailSeries(
      'TH',
      IP_TH,
      0.75,
      ['gwi-2024-global', 'nso-th-2023'],
      'world level 0.75 (GWI Q3 2024)',
      IP_TH_SRC,
      'low',
      'low: no Thai email figure found; world level and age pattern',
      ['GLOBAL', 2024],
    ),
  });

  // --- Hong Kong ------------------------------------------------------------------------------
  const IP_HK = [0.99, 0.99, 0.99, 0.97, 0.92, 0.75];
  const IP_HK_SRC =
    'estimate: near-universal below 55, lower among the elderly (no Hong Kong figure by age found)';
  T.set('HK', {
    name: 'Hong Kong',
    whatsapp: series(
      'HK',
      'whatsapp',
      scal(0.85, IP_HK),
      ['dnr-hk-2019'],
      'medium',
      'medium: 85.4% of internet users used WhatsApp weekly (Reuters DNR 2019, the newest figure found); no age data, taken as flat',
      `internet use ${fmt(IP_HK)} (${IP_HK_SRC}) x WhatsApp share 0.85 (DNR 2019), flat`,
      { level: ['HK', 2019] },
    ),
    telegram: telegramRel(
      'HK',
      IP_HK,
      0.2,
      ['sensortower-hk-2019'],
      'low',
      'low: no Hong Kong usage figure found; 20% of internet users is an estimate below the 1.7 million installs of 2019; age pattern from Russia',
      'estimate 0.20',
      IP_HK_SRC,
      { level: ['HK', 2019] },
    ),
    email: emailSeries(
      'HK',
      IP_HK,
      0.8,
      ['eurostat-2024', 'dnr-hk-2019'],
      'Eurostat 2024 level 0.80',
      IP_HK_SRC,
      'low',
      "low: no Hong Kong email figure found; the EU's level and the world's age pattern",
      ['R-EUR', 2024],
    ),
  });

  // --- Brazil ---------------------------------------------------------------------------------
  const WA_BR = [0.95, 0.95, 0.93, 0.9, 0.85, 0.72];
  const IP_BR = [0.97, 0.96, 0.94, 0.88, 0.8, 0.62];
  const IP_BR_SRC =
    'estimate anchored on DataReportal Oct 2025 (87% online) and the 2022 survey (99% of online 16-34, 83% of online 60+ on social networks)';
  const TG_BR = scal(0.28, relAdults(TG_RU));
  T.set('BR', {
    name: 'Brazil',
    whatsapp: series(
      'BR',
      'whatsapp',
      WA_BR,
      ['pew-global-2023-detail', 'br-survey-2022'],
      'medium',
      'medium: level measured on Brazilian adults (Pew 2023: 90%); the decline after 55 follows a 2022 survey of internet users',
      `share of adults ${fmt(WA_BR)}: adult-weighted mean 0.90 (Pew 2023); slope from the 2022 survey (99% at 16-34 to 83% at 60+ on social networks, WhatsApp 92% of them)`,
    ),
    telegram: series(
      'BR',
      'telegram',
      TG_BR,
      ['pew-global-2023-detail', 'br-survey-2022', 'mediascope-2024'],
      'low',
      "low: level measured on Brazilian adults (Pew 2023: 28%); age pattern from Russia, which matches Brazil's 2022 figure for the young (41%)",
      `0.28 (Pew 2023) x Mediascope 2024 pattern relative to its adult mean ${fmt(relAdults(TG_RU))}`,
      { shape: ['RU', 2024] },
    ),
    email: emailSeries(
      'BR',
      IP_BR,
      0.75,
      ['gwi-2024-global', 'datareportal-2025-10-countries'],
      'world level 0.75 (GWI Q3 2024)',
      IP_BR_SRC,
      'low',
      'low: no Brazilian email figure found; world level and age pattern',
      ['GLOBAL', 2024],
    ),
  });

  // --- Germany --------------------------------------------------------------------------------
  // Bundesnetzagentur 2019: messaging apps used by 98% of 16-24 and 25-34, 69% of 65-74, under
  // 50% of 75+, 83% overall; in between "decreasing step by step" (35-64 interpolated, 65+ 0.62).
  const OTT_DE = [0.98, 0.98, 0.95, 0.9, 0.82, 0.62];
  const kDe = (0.73 * 0.94) / sum(times(W, OTT_DE));
  const WA_DE = scal(kDe, OTT_DE);
  const IP_DE = [0.99, 0.99, 0.99, 0.97, 0.93, 0.78];
  const IP_DE_SRC = 'estimate anchored on DataReportal Oct 2025: 94% online';
  T.set('DE', {
    name: 'Germany',
    whatsapp: series(
      'DE',
      'whatsapp',
      WA_DE,
      ['de-smatlas-2024', 'bnetza-2019', 'datareportal-2025-10-countries'],
      'medium',
      'medium: 73% of internet users 16+ (Social-Media-Atlas 2024); age pattern from the Bundesnetzagentur survey (2019)',
      `messaging-app use by age ${fmt(OTT_DE)} (Bundesnetzagentur 2019) x ${pyFixed(kDe, 3)}, so that the adult mean equals 0.73 x 0.94 internet use`,
    ),
    telegram: series(
      'DE',
      'telegram',
      scal(0.08, relAdults(TG_RU)),
      ['bnetza-2019', 'mediascope-2024'],
      'low',
      'low: Telegram used by 10% of messaging-app users, i.e. about 8% of people (Bundesnetzagentur 2019); age pattern from Russia',
      `0.08 (0.10 x 0.83, Bundesnetzagentur 2019) x Mediascope 2024 pattern relative to its adult mean ${fmt(relAdults(TG_RU))}`,
      { shape: ['RU', 2024], level: ['DE', 2019] },
    ),
    email: emailSeries(
      'DE',
      IP_DE,
      0.8,
      ['eurostat-2024', 'datareportal-2025-10-countries'],
      'Eurostat 2024 EU level 0.80',
      IP_DE_SRC,
      'low',
      "low: the EU's level (Eurostat 2024: 80% of internet users), not Germany's own; world age pattern",
      ['R-EUR', 2024],
    ),
  });

  // --- Regions --------------------------------------------------------------------------------
  const R = new Map<string, Table>();
  const IP_SEA = [0.97, 0.95, 0.9, 0.8, 0.65, 0.45];
  R.set('R-SEA', {
    name: 'Rest of Southeast Asia',
    whatsapp: series(
      'R-SEA',
      'whatsapp',
      scal(0.1, IP_SEA),
      ['decisionlab-vn-2024', 'datareportal-2025-10-countries'],
      'low',
      "low: WhatsApp is not among Vietnam's three main messaging apps (Zalo 85%, Facebook 59%, Messenger 52%); 10% is an estimate",
      `internet use ${fmt(IP_SEA)} (estimate anchored on Vietnam 84%, Oct 2025) x WhatsApp share 0.10 (estimate)`,
    ),
    telegram: series(
      'R-SEA',
      'telegram',
      scal(0.1, IP_SEA),
      ['decisionlab-vn-2024', 'datareportal-2025-10-countries'],
      'low',
      'low: no figure found; 10% of internet users is an estimate',
      `internet use ${fmt(IP_SEA)} x Telegram share 0.10 (estimate)`,
    ),
    email: emailSeries(
      'R-SEA',
      IP_SEA,
      0.75,
      ['gwi-2024-global', 'datareportal-2025-10-countries'],
      'world level 0.75',
      'estimate anchored on Vietnam 84%',
      'low',
      'low: world level and age pattern',
      ['GLOBAL', 2024],
    ),
  });
  const IP_EAS = [0.99, 0.98, 0.96, 0.92, 0.85, 0.65];
  R.set('R-EAS', {
    name: 'East Asia',
    whatsapp: series(
      'R-EAS',
      'whatsapp',
      scal(0.03, IP_EAS),
      ['jtb-jp-2023', 'datareportal-2025-10-countries'],
      'low',
      'low: LINE (Japan 89.5%), WeChat and KakaoTalk carry messaging; 3% is an estimate',
      `internet use ${fmt(IP_EAS)} (estimate anchored on China 92%, Japan 87%, Oct 2025) x WhatsApp share 0.03 (estimate)`,
    ),
    telegram: series(
      'R-EAS',
      'telegram',
      scal(0.03, IP_EAS),
      ['jtb-jp-2023', 'datareportal-2025-10-countries'],
      'low',
      'low: no figure found; 3% of internet users is an estimate',
      `internet use ${fmt(IP_EAS)} x Telegram share 0.03 (estimate)`,
    ),
    email: emailSeries(
      'R-EAS',
      IP_EAS,
      0.75,
      ['gwi-2024-global', 'datareportal-2025-10-countries'],
      'world level 0.75',
      'estimate',
      'low',
      'low: world level and age pattern',
      ['GLOBAL', 2024],
    ),
  });
  const IP_SAS = [0.62, 0.56, 0.48, 0.38, 0.28, 0.15];
  R.set('R-SAS', {
    name: 'Rest of South Asia',
    whatsapp: series(
      'R-SAS',
      'whatsapp',
      scal(0.9, IP_SAS),
      ['pew-global-2023', 'datareportal-2025-10-countries'],
      'low',
      "low: India's WhatsApp share of internet users (about 90%) applied to Pakistan's and Bangladesh's internet use (46-47%)",
      `internet use ${fmt(IP_SAS)} (estimate anchored on Pakistan 46%, Bangladesh 47%, Oct 2025) x 0.90`,
      { level: ['IN', 2023] },
    ),
    telegram: series(
      'R-SAS',
      'telegram',
      scal(0.45, IP_SAS),
      ['statista-telegram-2024', 'datareportal-2025-10-countries'],
      'low',
      "low: India's Telegram share (about half of WhatsApp's) applied to the region",
      `internet use ${fmt(IP_SAS)} x 0.45`,
      { level: ['IN', 2024] },
    ),
    email: emailSeries(
      'R-SAS',
      IP_SAS,
      0.75,
      ['gwi-2024-global', 'datareportal-2025-10-countries'],
      'world level 0.75',
      'estimate',
      'low',
      'low: world level and age pattern',
      ['GLOBAL', 2024],
    ),
  });
  const WA_RU = [0.65, 0.76, 0.77, 0.7, 0.6, 0.42];
  const TG_RU_ADULT = TG_RU.map((v) => v / 100);
  const IP_RU = [0.99, 0.99, 0.98, 0.95, 0.88, 0.65];
  R.set('R-CIS', {
    name: 'Russia, Eastern Europe and Central Asia',
    whatsapp: series(
      'R-CIS',
      'whatsapp',
      WA_RU,
      ['mediascope-2023'],
      'low',
      "low: Russia's daily reach (Mediascope 2023: 76% at 25-34, 77% at 35-44, 70% at 45-54); other ages and countries estimated; later restrictions in Russia not reflected",
      `daily reach of people 12+ ${fmt(WA_RU)}: 25-54 measured, 18-24 (12-24: 65%) and 55+ estimated`,
      { level: ['RU', 2023] },
    ),
    telegram: series(
      'R-CIS',
      'telegram',
      TG_RU_ADULT,
      ['mediascope-2024', 'mediascope-2023'],
      'low',
      "low: Russia's daily reach by age (Mediascope 2024), applied to neighbouring countries",
      `daily reach ${fmt(TG_RU_ADULT)} (55+ split as above)`,
      { level: ['RU', 2024] },
    ),
    email: emailSeries(
      'R-CIS',
      IP_RU,
      0.75,
      ['gwi-2024-global', 'datareportal-2025-10-countries'],
      'world level 0.75',
      'estimate anchored on Russia 94%',
      'low',
      'low: world level and age pattern',
      ['GLOBAL', 2024],
    ),
  });
  const IP_MENA = [0.92, 0.9, 0.85, 0.76, 0.62, 0.42];
  R.set('R-MENA', {
    name: 'Middle East and North Africa',
    whatsapp: series(
      'R-MENA',
      'whatsapp',
      scal(0.75, IP_MENA),
      ['cst-sa-2024', 'datareportal-2025-10-countries'],
      'low',
      'low: Saudi Arabia 90% of the population (CST 2024); North Africa leans to Messenger; 75% of internet users is an estimate for the region',
      `internet use ${fmt(IP_MENA)} (estimate anchored on Egypt 83%, Saudi Arabia 99%) x 0.75 (estimate)`,
    ),
    telegram: series(
      'R-MENA',
      'telegram',
      scal(0.15, IP_MENA),
      ['pew-global-2023', 'datareportal-2025-10-countries'],
      'low',
      'low: no regional figure; 15% of internet users is an estimate (Pew median for middle-income countries)',
      `internet use ${fmt(IP_MENA)} x 0.15`,
    ),
    email: emailSeries(
      'R-MENA',
      IP_MENA,
      0.75,
      ['gwi-2024-global', 'datareportal-2025-10-countries'],
      'world level 0.75',
      'estimate',
      'low',
      'low: world level and age pattern',
      ['GLOBAL', 2024],
    ),
  });
  const IP_SSA = [0.6, 0.55, 0.46, 0.36, 0.26, 0.14];
  R.set('R-SSA', {
    name: 'Sub-Saharan Africa',
    whatsapp: series(
      'R-SSA',
      'whatsapp',
      scal(0.92, IP_SSA),
      ['statista-africa-2022', 'gwi-email-age-2024', 'datareportal-2025-10-countries'],
      'low',
      'low: about 90-95% of internet users use WhatsApp (Statista 2022) but fewer than half of people are online (Nigeria 46%); internet use by age estimated',
      `internet use ${fmt(IP_SSA)} (estimate anchored on Nigeria 46%, Oct 2025, and "below 50%" for the region, Digital 2024) x 0.92`,
    ),
    telegram: series(
      'R-SSA',
      'telegram',
      scal(0.2, IP_SSA),
      ['pew-global-2023', 'datareportal-2025-10-countries'],
      'low',
      'low: Pew 2023 median 15% of adults in middle-income countries incl. Kenya, Nigeria, South Africa, i.e. about 20% of internet users',
      `internet use ${fmt(IP_SSA)} x 0.20`,
    ),
    email: emailSeries(
      'R-SSA',
      IP_SSA,
      0.75,
      ['gwi-2024-global', 'datareportal-2025-10-countries'],
      'world level 0.75',
      'estimate',
      'low',
      'low: world level and age pattern',
      ['GLOBAL', 2024],
    ),
  });
  const IP_EUR = [0.99, 0.99, 0.98, 0.96, 0.91, 0.75];
  const WA_EUR_SHARE = [...repeat(0.75, 5), 0.65];
  R.set('R-EUR', {
    name: 'Rest of Europe',
    whatsapp: series(
      'R-EUR',
      'whatsapp',
      times(IP_EUR, WA_EUR_SHARE),
      ['de-smatlas-2024', 'ofcom-2023'],
      'low',
      "low: between Germany's 73% of internet users and the UK's 76% of adults; southern Europe is likely higher, the Nordics lower",
      `internet use ${fmt(IP_EUR)} (estimate) x WhatsApp share ${fmt(WA_EUR_SHARE)}`,
    ),
    telegram: telegramRel(
      'R-EUR',
      IP_EUR,
      0.15,
      ['statista-telegram-2024'],
      'low',
      'low: 10-13% in France, the Netherlands, the UK, Finland, Sweden, Poland, about a third in Spain (Statista 2024); age pattern from Russia',
      'Statista 2024 mean 0.15',
      'estimate',
    ),
    email: emailSeries(
      'R-EUR',
      IP_EUR,
      0.8,
      ['eurostat-2024'],
      'Eurostat 2024 level 0.80',
      'estimate',
      'medium',
      "medium: the EU's own level (Eurostat 2024: 80% of internet users); age pattern from GWI's world figures",
    ),
  });
  const IP_LAC = [0.96, 0.94, 0.9, 0.82, 0.72, 0.52];
  R.set('R-LAC', {
    name: 'Rest of Latin America and the Caribbean',
    whatsapp: series(
      'R-LAC',
      'whatsapp',
      scal(0.92, IP_LAC),
      ['pew-global-2023', 'pew-global-2023-detail', 'datareportal-2025-10-countries'],
      'low',
      'low: WhatsApp is near-universal online in the region (Brazil 90% of adults; Argentina and Mexico at least half, Pew 2023); internet use by age estimated',
      `internet use ${fmt(IP_LAC)} (estimate anchored on Mexico 84%, Oct 2025) x 0.92`,
      { level: ['BR', 2023] },
    ),
    telegram: telegramRel(
      'R-LAC',
      IP_LAC,
      0.3,
      ['pew-global-2023-detail', 'statista-telegram-2024'],
      'low',
      'low: Brazil 28% of adults (Pew 2023), Mexico about a third of online respondents (Statista 2024); age pattern from Russia',
      'mean 0.30',
      'estimate',
    ),
    email: emailSeries(
      'R-LAC',
      IP_LAC,
      0.75,
      ['gwi-2024-global', 'datareportal-2025-10-countries'],
      'world level 0.75',
      'estimate',
      'low',
      'low: world level and age pattern',
      ['GLOBAL', 2024],
    ),
  });

  function borrowedTable(src: Table, code: string, name: string, note: string): Table {
    const copy = (ch: Channel): Series => {
      const s = structuredClone(src[ch]);
      // Keep an older or foreign level the source table already names; else the table itself.
      s.levelFrom ??= { country: code, year: s.year };
      s.confidence = 'low';
      s.confidenceNote = `low: ${note}`;
      arith.push({ table: name, channel: ch, how: `copied from the ${code} table`, values: s.values });
      return s;
    };
    const whatsapp = copy('whatsapp');
    const telegram = copy('telegram');
    const email = copy('email');
    return { name, whatsapp, telegram, email };
  }

  R.set(
    'R-NAM',
    borrowedTable(
      get(T, 'US'),
      'US',
      'Canada and the North Atlantic',
      "the United States' figures; no Canadian table yet",
    ),
  );
  R.set(
    'R-OCE',
    borrowedTable(
      get(T, 'AU'),
      'AU',
      'Oceania',
      "Australia's figures; the Pacific islands are likely less online",
    ),
  );

  // --- World ----------------------------------------------------------------------------------
  const IP_W = [0.85, 0.84, 0.78, 0.7, 0.6, 0.45];
  const IP_W_SRC =
    'estimate anchored on 73.2% of the world online (DataReportal Oct 2025); younger people more online';
  const WA_W_SHARE = [...repeat(0.5, 5), 0.45];
  T.set('GLOBAL', {
    name: 'Other countries (world average)',
    whatsapp: series(
      'GLOBAL',
      'whatsapp',
      times(IP_W, WA_W_SHARE),
      ['meta-q1-2025', 'datareportal-2025-10'],
      'low',
      'low: a world average; countries differ from it by a factor of ten',
      `internet use ${fmt(IP_W)} (${IP_W_SRC}) x WhatsApp share ${fmt(WA_W_SHARE)} (3 billion monthly users / 6.04 billion internet users)`,
    ),
    telegram: telegramRel(
      'GLOBAL',
      IP_W,
      0.166,
      ['telegram-2025-mau', 'datareportal-2025-10'],
      'low',
      'low: a world average (1 billion monthly users); age pattern from Russia',
      '1 billion / 6.04 billion = 0.166',
      IP_W_SRC,
    ),
    email: emailSeries(
      'GLOBAL',
      IP_W,
      0.75,
      ['gwi-2024-global', 'datareportal-2025-10'],
      'world level 0.75 (GWI Q3 2024)',
      IP_W_SRC,
      'low',
      "low: a world average of GWI's online panel",
    ),
  });

  return { T, R, arith };
}

const REGION_OF: Record<string, string> = {
  'R-SEA': 'BN KH LA MM TL VN SG ID MY PH TH',
  'R-EAS': 'CN JP KR KP MN MO TW HK',
  'R-SAS': 'AF BD BT LK MV NP PK IO IN',
  'R-CIS': 'RU BY KZ KG TJ TM UZ AM AZ GE MD UA',
  'R-MENA': 'AE SA QA KW BH OM YE IQ IR JO LB SY PS IL TR EG LY TN DZ MA EH SD',
  'R-SSA':
    'AO BF BI BJ BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW MZ NA NE NG RE RW SC SH SL SN SO SS ST SZ TD TG TZ UG YT ZA ZM ZW',
  'R-EUR':
    'AD AL AT AX BA BE BG CH CY CZ DK EE ES FI FO FR GG GI GR HR HU IE IM IS IT JE LI LT LU LV MC ME MK MT NL NO PL PT RO RS SE SI SJ SK SM VA GB DE',
  'R-NAM': 'CA BM PM GL US',
  'R-LAC':
    'AG AI AR AW BB BL BO BQ BS BZ CL CO CR CU CW DM DO EC FK GD GF GP GT GY HN HT JM KN KY LC MF MQ MS MX NI PA PE PR PY SR SV SX TC TT UY VC VE VG VI BR',
  'R-OCE': 'AS CK FJ FM GU KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV VU WF WS CC CX AU',
  GLOBAL: 'AQ BV HM GS TF UM',
};

/** Every ISO country to its region, sorted by country code; a country in two regions is an error. */
function regionOf(): Map<string, string> {
  const out = new Map<string, string>();
  for (const [region, codes] of Object.entries(REGION_OF)) {
    for (const c of codes.split(/\s+/).filter((x) => x !== '')) {
      if (out.has(c)) throw new Error(`compile-adoption: ${c} is in two regions`);
      out.set(c, region);
    }
  }
  return new Map(sorted(out.keys()).map((c) => [c, get(out, c)]));
}

const DEFINITION =
  'Estimated share (0-1) of adults in an age bracket who actively use the channel: the chance that a ' +
  'randomly chosen customer of that age can be reached there. adoption = internet use by age x the ' +
  "channel's share among internet users at that age, or an adult survey's own figure. Tables: countries " +
  '(their own data), regions (regionOf assigns every ISO country), GLOBAL last. The arithmetic of every ' +
  'series is in data/SOURCES.md; scripts/compile-adoption.ts (npm run data:compile) produces this file.';

// --- Output ---------------------------------------------------------------------------------

function ref(r: { country: string; year: number }): string {
  return `{"country": ${pyJsonString(r.country, false)}, "year": ${pyInt(r.year)}}`;
}

/** `json.dumps(series, ensure_ascii=False)`, keys in the order the Python dict had them. */
function dumpSeries(s: Series): string {
  const parts = [
    `"values": [${s.values.map(pyFloatRepr).join(', ')}]`,
    `"sources": [${s.sources.map((i) => pyJsonString(i, false)).join(', ')}]`,
    `"year": ${pyInt(s.year)}`,
    `"confidence": ${pyJsonString(s.confidence, false)}`,
    `"confidenceNote": ${pyJsonString(s.confidenceNote, false)}`,
  ];
  if (s.ageShapeFrom !== undefined) parts.push(`"ageShapeFrom": ${ref(s.ageShapeFrom)}`);
  if (s.levelFrom !== undefined) parts.push(`"levelFrom": ${ref(s.levelFrom)}`);
  return `{${parts.join(', ')}}`;
}

function tableJson(t: Table, indent: number): string {
  const pad = ' '.repeat(indent);
  const lines = [`${pad}"name": ${pyJsonString(t.name, false)}`];
  for (const ch of CHANNELS) lines.push(`${pad}"${ch}": ${dumpSeries(t[ch])}`);
  return lines.join(',\n');
}

function usedSources(T: Map<string, Table>, R: Map<string, Table>): string[] {
  const used = new Set<string>();
  for (const t of [...T.values(), ...R.values()]) {
    for (const ch of CHANNELS) {
      for (const i of t[ch].sources) used.add(i);
    }
  }
  return sorted(used);
}

function adoptionJson(T: Map<string, Table>, R: Map<string, Table>, regions: Map<string, string>): string {
  const out = [
    '{',
    '  "version": "2026-12",',
    `  "definition": ${pyJsonString(DEFINITION, true)},`,
    `  "brackets": [${B.map((b) => pyJsonString(b, true)).join(', ')}],`,
    '  "countries": {',
  ];
  const codes = [...sorted(T.keys()).filter((c) => c !== 'GLOBAL'), 'GLOBAL'];
  out.push(codes.map((c) => `    "${c}": {\n${tableJson(get(T, c), 6)}\n    }`).join(',\n'));
  out.push('  },');
  out.push('  "regions": {');
  out.push(
    sorted(R.keys())
      .map((c) => `    "${c}": {\n${tableJson(get(R, c), 6)}\n    }`)
      .join(',\n'),
  );
  out.push('  },');
  const keys = [...regions.keys()];
  const rows: string[] = [];
  for (let i = 0; i < keys.length; i += 8) {
    rows.push(
      keys
        .slice(i, i + 8)
        .map((k) => `"${k}": "${get(regions, k)}"`)
        .join(', '),
    );
  }
  out.push(`  "regionOf": {\n    ${rows.join(',\n    ')}\n  },`);
  const srcLines = usedSources(T, R).map((i) => {
    const [title, year, url] = source(i);
    return `    "${i}": {"title": ${pyJsonString(title, false)}, "year": ${pyInt(year)}, "url": ${pyJsonString(url, false)}}`;
  });
  out.push(`  "sources": {\n${srcLines.join(',\n')}\n  }`);
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** Python's read_text(): universal newlines. */
function universalNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function localeJson(current: string, T: Map<string, Table>, R: Map<string, Table>): string {
  const parsed: unknown = JSON.parse(universalNewlines(current));
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('compile-adoption: locales/en/data.json is not a JSON object');
  }
  const kept = new Map<string, string>();
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'string')
      throw new Error(`compile-adoption: locales/en/data.json: ${k} is not a string`);
    if (!k.startsWith('data.note.')) kept.set(k, v);
  }
  for (const [code, t] of [...T.entries(), ...R.entries()]) {
    for (const ch of CHANNELS) {
      // The message already says the level ("low confidence"): the note without its prefix.
      kept.set(`data.note.${code}.${ch}`, t[ch].confidenceNote.replace(/^(low|medium|high): /, ''));
    }
  }
  if (kept.size === 0) return '{}\n';
  const lines = [...kept].map(([k, v]) => `  ${pyJsonString(k, false)}: ${pyJsonString(v, false)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}

function sourcesMd(current: string, T: Map<string, Table>, R: Map<string, Table>, arith: Arith[]): string {
  const lines = [
    '<!-- generated by scripts/compile-adoption.ts (npm run data:compile): do not edit by hand -->',
    '',
    '| Table | Channel | Values 18-24 / 25-34 / 35-44 / 45-54 / 55-64 / 65+ | Arithmetic |',
    '|---|---|---|---|',
  ];
  for (const { table, channel, how, values } of arith)
    lines.push(`| ${table} | ${channel} | ${fmt(values)} | ${how} |`);
  lines.push(
    '',
    '### Confidence and borrowed parts, per series',
    '',
    '| Table | Channel | Year | Confidence | Level from | Age pattern from | Note |',
    '|---|---|---|---|---|---|---|',
  );
  const order: [string, Table][] = [
    ...sorted(T.keys())
      .filter((c) => c !== 'GLOBAL')
      .map((c): [string, Table] => [c, get(T, c)]),
    ...sorted(R.keys()).map((c): [string, Table] => [c, get(R, c)]),
    ['GLOBAL', get(T, 'GLOBAL')],
  ];
  for (const [code, t] of order) {
    for (const ch of CHANNELS) {
      const x = t[ch];
      const lf = x.levelFrom === undefined ? 'own' : `${x.levelFrom.country} ${x.levelFrom.year}`;
      const sf = x.ageShapeFrom === undefined ? 'own' : `${x.ageShapeFrom.country} ${x.ageShapeFrom.year}`;
      lines.push(`| ${code} | ${ch} | ${x.year} | ${x.confidence} | ${lf} | ${sf} | ${x.confidenceNote} |`);
    }
  }
  lines.push(
    '',
    '### Sources (id: title, year, where it was read)',
    '',
    '| id | Source | Year | Read at |',
    '|---|---|---|---|',
  );
  for (const i of usedSources(T, R)) {
    const [title, year, url] = source(i);
    lines.push(`| ${i} | ${title} | ${year} | ${url} |`);
  }
  const text = universalNewlines(current);
  const start = '<!-- arithmetic:start -->';
  const end = '<!-- arithmetic:end -->';
  const at = text.indexOf(start);
  // Without the markers the file is left as it is (the Python wrote nothing then).
  if (at === -1) return current;
  const rest = text.slice(at + start.length);
  const endAt = rest.indexOf(end);
  if (endAt === -1) throw new Error(`compile-adoption: data/SOURCES.md has ${start} but no ${end}`);
  return `${text.slice(0, at)}${start}\n${lines.join('\n')}\n${end}${rest.slice(endAt + end.length)}`;
}

export interface AdoptionInputs {
  /** The current locales/en/data.json: its keys other than data.note.* are kept. */
  localeText: string;
  /** The current data/SOURCES.md: the part between the arithmetic markers is replaced. */
  sourcesText: string;
}

export interface AdoptionOutputs {
  /** data/adoption.json */
  adoptionJson: string;
  /** locales/en/data.json */
  localeJson: string;
  /** data/SOURCES.md */
  sourcesMd: string;
  /** What the run built, for the command's last line. */
  counts: { tables: number; regions: number; countriesMapped: number };
}

/** The three file texts the figures above produce; no I/O. */
export function compileAdoption(inputs: AdoptionInputs): AdoptionOutputs {
  const { T, R, arith } = buildTables();
  const regions = regionOf();
  return {
    adoptionJson: adoptionJson(T, R, regions),
    localeJson: localeJson(inputs.localeText, T, R),
    sourcesMd: sourcesMd(inputs.sourcesText, T, R, arith),
    counts: { tables: T.size, regions: R.size, countriesMapped: regions.size },
  };
}

/** The files it writes: the data file the app loads, its notes' English texts, their sources. */
export const ADOPTION_PATHS = {
  adoption: ADOPTION_DATA_PATH,
  locale: path.join(LOCALES_DIR, 'en', 'data.json'),
  sources: path.join(path.dirname(ADOPTION_DATA_PATH), 'SOURCES.md'),
};

function main(): void {
  const out = compileAdoption({
    localeText: readFileSync(ADOPTION_PATHS.locale, 'utf8'),
    sourcesText: readFileSync(ADOPTION_PATHS.sources, 'utf8'),
  });
  writeFileSync(ADOPTION_PATHS.adoption, out.adoptionJson);
  writeFileSync(ADOPTION_PATHS.locale, out.localeJson);
  writeFileSync(ADOPTION_PATHS.sources, out.sourcesMd);
  const { tables, regions, countriesMapped } = out.counts;
  console.log('tables:', tables, 'regions:', regions, 'countries mapped:', countriesMapped);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
