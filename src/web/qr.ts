/**
 * QR codes as inline SVG for the report and the printable kit.
 *
 * The SVG is inserted unescaped (`<%- %>`) by the kit partials, so it must be the qrcode
 * library's output and nothing else: `qrSvg` checks that the string is exactly one <svg> holding
 * only <path> elements with numeric path data and hex colours, so the encoded text (a link that
 * may carry the business name) never appears in it, and adds only fixed attributes. It carries
 * no `style` attribute and no <style> element (the app's CSP forbids inline styles): colours
 * are the presentation attributes fill/stroke, and the size comes from the `.qr` classes in
 * public/css/kit.css and print.css. The SVG is aria-hidden: the partial wraps it in an element
 * with role="img" and an escaped aria-label saying what scanning does.
 */
import QRCode from 'qrcode';
import type { AdvisedChannel } from '../domain/answers.js';
import type { Kit } from '../domain/kit.js';

/** M recovers about 15% damage: enough for a printed counter poster, and a smaller code than Q. */
const ERROR_CORRECTION = 'M';
/** The quiet zone around the code, in modules (the standard asks for 4). */
const QUIET_ZONE = 4;

const LIBRARY_SVG =
  /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1" shape-rendering="crispEdges">(?:<path (?:fill|stroke)="#[0-9a-f]{6}" d="[MmHhVvz0-9. ]+"\/>){1,2}<\/svg>$/;

const OPTIONS = {
  type: 'svg',
  errorCorrectionLevel: ERROR_CORRECTION,
  margin: QUIET_ZONE,
  color: { dark: '#000000', light: '#ffffff' },
} as const;

/** Checks the library's SVG (see above) and adds the fixed attributes. */
function checked(raw: string): string {
  const svg = raw.trim();
  if (!LIBRARY_SVG.test(svg)) throw new Error('Unexpected QR code SVG from the qrcode library.');
  return svg.replace(
    '<svg xmlns="http://www.w3.org/2000/svg" ',
    '<svg xmlns="http://www.w3.org/2000/svg" class="qr__svg" aria-hidden="true" focusable="false" ',
  );
}

/**
 * Drawing a QR code takes a few milliseconds and a report shows up to four, on every visit; the
 * same text always gives the same SVG, so codes are memoised (bounded: emptied when full).
 */
const drawn = new Map<string, string>();
const DRAWN_LIMIT = 2_000;

function remember(text: string, svg: string): string {
  if (drawn.size >= DRAWN_LIMIT) drawn.clear();
  drawn.set(text, svg);
  return svg;
}

/** An SVG QR code of `text`, safe to insert unescaped (see above). */
export async function qrSvg(text: string): Promise<string> {
  return drawn.get(text) ?? remember(text, checked(await QRCode.toString(text, OPTIONS)));
}

/**
 * The same, synchronously, for view models that are plain functions (the report's own link).
 * The library's callback form renders an SVG synchronously (QRCode.create, then the SVG
 * renderer calls back at once); if a later version ever calls back later, this throws rather
 * than return nothing.
 */
export function qrSvgSync(text: string): string {
  const known = drawn.get(text);
  if (known !== undefined) return known;
  let result: { svg: string } | { error: unknown } | undefined;
  QRCode.toString(text, OPTIONS, (error, svg) => {
    result = error ? { error } : { svg };
  });
  if (result === undefined) throw new Error('The qrcode library did not render synchronously.');
  if ('error' in result) throw result.error;
  return remember(text, checked(result.svg));
}

/**
 * A QR code as data for the `partials/qr-svg` template, which draws it with escaped output only
 * (no `<%-`): the side in modules and the library's paths (fill or stroke, colour, path data).
 */
export interface QrShape {
  readonly size: number;
  readonly paths: readonly { readonly stroke: boolean; readonly color: string; readonly d: string }[];
}

const LIBRARY_PATH = /<path (fill|stroke)="(#[0-9a-f]{6})" d="([MmHhVvz0-9. ]+)"\/>/g;

/** The shape of a QR code of `text` (from the checked library SVG). */
export async function qrShape(text: string): Promise<QrShape> {
  return shapeOf(await qrSvg(text));
}

export function qrShapeSync(text: string): QrShape {
  return shapeOf(qrSvgSync(text));
}

function shapeOf(svg: string): QrShape {
  const size = Number(/viewBox="0 0 (\d+) /.exec(svg)?.[1]);
  const paths = [...svg.matchAll(LIBRARY_PATH)].map((m) => ({
    stroke: m[1] === 'stroke',
    color: m[2]!,
    d: m[3]!,
  }));
  return { size, paths };
}

/** QR codes of the kit's links, by channel (channels without a link have none). */
export type KitQrCodes = Partial<Record<AdvisedChannel, QrShape>>;

export async function kitQrCodes(kit: Kit): Promise<KitQrCodes> {
  const entries = await Promise.all(
    kit.items.flatMap((item) => (item.link ? [qrShape(item.link.url).then((qr) => [item.channel, qr])] : [])),
  );
  return Object.fromEntries(entries) as KitQrCodes;
}
