/**
 * The `npm start` launcher's build (scripts/start.mjs, decision 030): src/ compiled file for
 * file, reused while no source changed, rebuilt when one did, never left half-written.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureBuild } from '../../scripts/start.mjs';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function project() {
  dir = mkdtempSync(path.join(tmpdir(), 'kanal-build-'));
  const src = path.join(dir, 'src');
  mkdirSync(path.join(src, 'web'), { recursive: true });
  writeFileSync(
    path.join(src, 'server.ts'),
    "import { where } from './web/dirs.js';\nimport type { Unused } from './web/types.js';\nexport const views: string = where();\nexport type Again = Unused;\n",
  );
  writeFileSync(
    path.join(src, 'web', 'dirs.ts'),
    "import { fileURLToPath } from 'node:url';\nexport const where = (): string => fileURLToPath(new URL('../../views', import.meta.url));\n",
  );
  writeFileSync(path.join(src, 'web', 'types.ts'), 'export interface Unused { readonly a: number }\n');
  return { src, build: path.join(dir, '.kanal-build') };
}

describe('the start-up build', () => {
  it('compiles src/ at the same depth, so paths relative to a module find the same folders', async () => {
    const { src, build } = project();
    expect(await ensureBuild({ srcDir: src, buildDir: build })).toBe('built');
    const mod = (await import(pathToFileURL(path.join(build, 'server.js')).href)) as { views: string };
    expect(mod.views).toBe(path.join(dir, 'views'));
    // Nothing but the build itself is left next to it (no temporary folder).
    expect(readdirSync(dir).sort()).toEqual(['.kanal-build', 'src']);
  });

  it('reuses the build while no source changed, and rebuilds when one did', async () => {
    const { src, build } = project();
    expect(await ensureBuild({ srcDir: src, buildDir: build })).toBe('built');
    expect(await ensureBuild({ srcDir: src, buildDir: build })).toBe('reused');
    writeFileSync(path.join(src, 'web', 'types.ts'), 'export interface Unused { readonly b: number }\n');
    expect(await ensureBuild({ srcDir: src, buildDir: build })).toBe('built');
    writeFileSync(path.join(src, 'extra.ts'), 'export const x = 1;\n');
    expect(await ensureBuild({ srcDir: src, buildDir: build })).toBe('built');
    expect(readFileSync(path.join(build, 'extra.js'), 'utf8')).toContain('x = 1');
  });

  it('rebuilds a build whose manifest is missing or damaged', async () => {
    const { src, build } = project();
    await ensureBuild({ srcDir: src, buildDir: build });
    writeFileSync(path.join(build, 'manifest.json'), '{ not json');
    expect(await ensureBuild({ srcDir: src, buildDir: build })).toBe('built');
    rmSync(path.join(build, 'server.js'));
    expect(await ensureBuild({ srcDir: src, buildDir: build })).toBe('built');
  });
});
