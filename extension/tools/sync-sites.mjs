#!/usr/bin/env node
// sync-sites.mjs: writes what the site table (content/sites.js) decides into
// the files a browser reads before any script runs: the manifest's content
// script matches, and the managed schema's per-site switches. The worker,
// the options page and the content scripts read the table itself.
//
// Usage: node extension/tools/sync-sites.mjs          (write the files)
//        node extension/tools/sync-sites.mjs --check  (exit 1 if out of sync)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const extDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');

/** The table, evaluated as the browser would (a classic script). */
export function readSites() {
  const sandbox = { globalThis: {} };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(readFileSync(join(extDir, 'content', 'sites.js'), 'utf8'), sandbox);
  return sandbox.PostcheckSites;
}

function main() {
  const sites = readSites();
  const problems = [];
  const mPath = join(extDir, 'manifest.json');
  const sPath = join(extDir, 'managed_schema.json');
  const mText = readFileSync(mPath, 'utf8');
  const sText = readFileSync(sPath, 'utf8');
  const manifest = JSON.parse(mText);
  const schema = JSON.parse(sText);
  manifest.content_scripts[0].matches = sites.flatMap((s) => s.matches);
  const props = {};
  for (const s of sites) if (!s.optIn) props[s.name] = { type: 'boolean', title: s.label };
  schema.properties.sites.properties = props;
  schema.properties.sites.description = 'Turn checking on or off per built-in site: ' +
    `${sites.filter((s) => !s.optIn).map((s) => s.name).join(', ')}.`;
  const wantM = JSON.stringify(manifest, null, 2) + '\n';
  const wantS = JSON.stringify(schema, null, 2) + '\n';
  if (check) {
    if (JSON.stringify(JSON.parse(mText)) !== JSON.stringify(manifest)) {
      problems.push('extension/manifest.json: content script matches differ from content/sites.js');
    }
    if (JSON.stringify(JSON.parse(sText)) !== JSON.stringify(schema)) {
      problems.push('extension/managed_schema.json: sites differ from content/sites.js');
    }
    if (problems.length) {
      for (const p of [...problems, 'run: node extension/tools/sync-sites.mjs']) console.error(`sync-sites: ${p}`);
      return 1;
    }
    console.log(`sync-sites: in sync (${sites.map((s) => s.name).join(', ')})`);
    return 0;
  }
  if (mText !== wantM) writeFileSync(mPath, wantM);
  if (sText !== wantS) writeFileSync(sPath, wantS);
  console.log('sync-sites: wrote extension/manifest.json and extension/managed_schema.json');
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main();
