/**
 * `npm start` (docs/decisions/030-start-up-and-hot-paths.md): runs the server from JavaScript
 * compiled from src/, compiling it first when src/ changed, so no TypeScript loader sits in front
 * of every module the server imports (with `node --import tsx` that loader was most of the
 * start-up time: every import, node_modules included, went through its hooks on another thread).
 *
 * - The build is a file-for-file transpile (esbuild, no bundling, no type check: `tsc --noEmit`
 *   does that) of src/**\/*.ts into .kanal-build/ at the repository root, which mirrors src/ at
 *   the same depth, so every `new URL('../views', import.meta.url)` finds the same folder.
 * - It is reused while its manifest's digest (the path and bytes of every source file, the
 *   esbuild version and this script's build options) matches; any change to src/ rebuilds it.
 *   A fresh clone (`npm ci && npm start`) builds once on its first start (about half a second).
 * - It is written to a temporary folder and renamed into place, so an interrupted build never
 *   leaves half a build that a later start would use.
 * - When it cannot build (a read-only install, esbuild missing) or KANAL_BUILD=off, it says so on
 *   stderr and runs src/server.ts through tsx, as before: slower to start, same server.
 *
 * It runs in the same process as the server (no child process), so npm's `exec` and the
 * server's signal handling and parent watch (server.ts) are unchanged.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SRC_DIR = path.join(ROOT, 'src');
export const BUILD_DIR = path.join(ROOT, '.kanal-build');
const MANIFEST = 'manifest.json';
/** Bump when the options below change, so an older build is not reused. */
const BUILD_FORMAT = 1;

/** Every .ts file under src/ (relative, forward slashes, sorted). */
function sourceFiles(dir = SRC_DIR, prefix = '') {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path.join(dir, entry.name), rel));
    else if (entry.isFile() && entry.name.endsWith('.ts')) out.push(rel);
  }
  return out.sort();
}

/** The digest a build is valid for: every source file's path and bytes, and how it was built. */
export function sourceDigest(esbuildVersion, srcDir = SRC_DIR) {
  const h = createHash('sha256').update(`kanal-build:${BUILD_FORMAT}:esbuild ${esbuildVersion}\n`);
  for (const rel of sourceFiles(srcDir)) {
    const bytes = readFileSync(path.join(srcDir, ...rel.split('/')));
    h.update(`${rel}\0${bytes.length}\0`).update(bytes);
  }
  return h.digest('hex');
}

/** The build's digest, or undefined when there is none (or it is unreadable). */
function builtDigest(buildDir) {
  try {
    return JSON.parse(readFileSync(path.join(buildDir, MANIFEST), 'utf8')).digest;
  } catch {
    return undefined;
  }
}

/**
 * Makes sure `buildDir` holds the build of `srcDir`; returns 'reused' or 'built'. Throws when it
 * cannot (the caller falls back to tsx).
 */
export async function ensureBuild({ srcDir = SRC_DIR, buildDir = BUILD_DIR } = {}) {
  const esbuild = await import('esbuild');
  const digest = sourceDigest(esbuild.version, srcDir);
  if (builtDigest(buildDir) === digest && existsSync(path.join(buildDir, 'server.js'))) return 'reused';
  const tmp = `${buildDir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  try {
    await esbuild.build({
      entryPoints: sourceFiles(srcDir).map((rel) => path.join(srcDir, ...rel.split('/'))),
      outbase: srcDir,
      outdir: tmp,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      bundle: false,
      // Stack traces can point at the .ts lines (node --enable-source-maps).
      sourcemap: 'linked',
      logLevel: 'error',
    });
    writeFileSync(
      path.join(tmp, MANIFEST),
      `${JSON.stringify({ digest, builtAt: new Date().toISOString() })}\n`,
    );
    rmSync(buildDir, { recursive: true, force: true });
    renameSync(tmp, buildDir);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return 'built';
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  let entry;
  if (process.env.KANAL_BUILD !== 'off') {
    try {
      await ensureBuild();
      entry = path.join(BUILD_DIR, 'server.js');
    } catch (err) {
      process.stderr.write(
        `kanal: could not compile src/ into ${BUILD_DIR} (${err instanceof Error ? err.message : String(err)}); running the TypeScript sources through tsx (slower start)\n`,
      );
    }
  }
  if (entry === undefined) {
    const { register } = await import('tsx/esm/api');
    register();
    entry = path.join(SRC_DIR, 'server.ts');
  }
  await import(pathToFileURL(entry).href);
}
