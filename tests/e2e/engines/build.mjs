// build.mjs: bundles each engine page's script (src/*.js) with esbuild into
// dist/, plus Draft.js's own stylesheet. Run by the e2e-chromium stage
// after `npm ci`; nothing is downloaded here.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const dist = join(HERE, 'dist');
mkdirSync(dist, { recursive: true });
const pages = ['x', 'facebook', 'linkedin-quill', 'linkedin-tiptap', 'mastodon'];
await build({
  entryPoints: pages.map((p) => join(HERE, 'src', `${p}.js`)),
  outdir: dist,
  bundle: true,
  format: 'iife',
  target: 'chrome111',
  minify: true,
  sourcemap: false,
  loader: { '.css': 'text' },
  define: { 'process.env.NODE_ENV': '"production"', global: 'window' },
  logLevel: 'warning',
});
copyFileSync(join(HERE, 'node_modules', 'draft-js', 'dist', 'Draft.css'), join(dist, 'draft.css'));
console.log(`engines: built ${pages.length} pages into dist/`);
