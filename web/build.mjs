// Bundles the dashboard (web/dashboard/main.jsx: Preact and uPlot) into dashboard.js and
// dashboard.css in the directory given, each with a gzipped copy, for the binary to embed.
// Usage: node web/build.mjs <out-dir>
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, constants } from 'node:zlib';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = process.argv[2];
if (!out) {
  console.error('usage: node web/build.mjs <out-dir>');
  process.exit(2);
}
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [path.join(here, 'dashboard/main.jsx')],
  outfile: path.join(out, 'dashboard.js'),
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2020'],
  jsx: 'automatic',
  jsxImportSource: 'preact',
  legalComments: 'eof',
  logLevel: 'warning',
});
for (const file of ['dashboard.js', 'dashboard.css']) {
  const bytes = readFileSync(path.join(out, file));
  // The same bytes every time: node's gzip writes no time or name into its header.
  writeFileSync(path.join(out, `${file}.gz`), gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }));
}
