/**
 * jsQR, typed. The package is CommonJS whose types declare an ES `export default`: under
 * NodeNext TypeScript types the default import as the module object, while at run time it is
 * the function (with the function again as `.default`). This picks the function either way.
 */

import type { Options, QRCode } from 'jsqr';
import * as jsqr from 'jsqr';

type Decode = (data: Uint8ClampedArray, width: number, height: number, options?: Options) => QRCode | null;
const loaded = jsqr as unknown as { default: Decode | { default: Decode } };

export const jsQR: Decode = typeof loaded.default === 'function' ? loaded.default : loaded.default.default;
