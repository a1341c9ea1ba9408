/**
 * Which UTF-16 a file of text is in, if it is: the one thing the client-list upload and the
 * command line both need to know before decoding bytes someone saved on Windows (Excel's
 * "Unicode text" and PowerShell 5's `>` write UTF-16LE with a byte order mark).
 */

/**
 * UTF-16 by its byte order mark, or without one when NUL bytes fill the high half of most
 * characters at the start of the text (ASCII-heavy text, as CSV headers and JSON are).
 */
export function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const n = Math.min(bytes.length, 1024) & ~1;
  if (n < 4) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZeros++;
    if (bytes[i + 1] === 0) oddZeros++;
  }
  const half = n / 2;
  if (oddZeros > half * 0.6 && evenZeros < half * 0.1) return 'utf-16le';
  if (evenZeros > half * 0.6 && oddZeros < half * 0.1) return 'utf-16be';
  return undefined;
}
