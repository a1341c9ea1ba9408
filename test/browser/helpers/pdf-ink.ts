/**
 * Where a printed PDF has ink, read from its pages rendered by pdftoppm (poppler-utils): a page
 * whose side margins carry ink has something cut at its edge.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';

/** The pages of a PDF as PNGs at `dpi` (grey or colour), in page order. */
function renderedPages(file: string, dpi: number): PNG[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'kanal-ink-'));
  try {
    execFileSync('pdftoppm', ['-png', '-r', String(dpi), file, path.join(dir, 'page')]);
    return readdirSync(dir)
      .sort()
      .map((f) => PNG.sync.read(readFileSync(path.join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Is the pixel at (x, y) dark (the sum of its channels under 3 × 200)? */
function dark(png: PNG, x: number, y: number): boolean {
  const o = (y * png.width + x) * 4;
  return (png.data[o] ?? 255) + (png.data[o + 1] ?? 255) + (png.data[o + 2] ?? 255) < 3 * 200;
}

/**
 * Dark pixels in the outer `mm` of the left and right of each page (rendered at 50 dpi): 0 on
 * every page when nothing runs off the paper's sides.
 */
export function inkInSideMargins(file: string, mm = 10): number[] {
  return renderedPages(file, 50).map((png) => {
    const band = Math.floor((mm / 25.4) * 50);
    let ink = 0;
    for (let y = 0; y < png.height; y++)
      for (let i = 0; i < band; i++) {
        if (dark(png, i, y)) ink++;
        if (dark(png, png.width - 1 - i, y)) ink++;
      }
    return ink;
  });
}
