/** Types of scripts/start.mjs (the `npm start` launcher), for the tests. */
export declare const ROOT: string;
export declare const SRC_DIR: string;
export declare const BUILD_DIR: string;
export declare function sourceDigest(esbuildVersion: string, srcDir?: string): string;
export declare function ensureBuild(options?: {
  readonly srcDir?: string;
  readonly buildDir?: string;
}): Promise<'reused' | 'built'>;
