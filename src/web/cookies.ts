/**
 * The value of one cookie in a Cookie header, as sent (not decoded), whatever the order; for
 * the middleware that runs before cookie-parser (the language, the render cache's early hits).
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}
