/**
 * Renders the kit's partials and pages without the app (EJS directly), wrapped in a small
 * document that loads the real stylesheets, for page.setContent().
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { ROOT } from './server.js';

const VIEWS = path.join(ROOT, 'views');
const css = (file: string) => readFileSync(path.join(ROOT, 'public/css', file), 'utf8');

export function renderView(file: string, locals: Record<string, unknown>): Promise<string> {
  return ejs.renderFile(path.join(VIEWS, file), locals, { async: false });
}

/**
 * A whole document around a fragment. The stylesheets are inlined here because setContent has
 * no server to fetch them from (this is test scaffolding, not what the app sends). The print
 * sheet keeps its media="print".
 */
export function documentAround(body: string, title = 'Kanal test page'): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>${css('main.css')}</style>
<style>${css('kit.css')}</style>
<style media="print">${css('print.css')}</style>
</head>
<body><main id="main">${body}</main></body>
</html>`;
}

/** A full page (views/kit.ejs) with its <link> stylesheets replaced by the files' contents. */
export function inlineStylesheets(html: string): string {
  return html.replace(
    /<link rel="stylesheet" href="\/static\/css\/([\w-]+\.css)"(?: media="(\w+)")?>/g,
    (_m, file: string, media?: string) => `<style${media ? ` media="${media}"` : ''}>${css(file)}</style>`,
  );
}
