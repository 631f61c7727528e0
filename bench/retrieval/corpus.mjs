// The corpus: the Linux man-pages project's section 2 (system calls), as Debian's manpages-dev
// package installs it in /usr/share/man/man2, each page turned from roff into Markdown (its .SH
// and .SS sections become headings, so that ingest chunks it along them). Aliases (.so pages and
// symbolic links) are left out: each page once.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const escapes = [
  [/\\f(\[[^\]]*\]|\(..|.)/g, ''],
  [/\\\((em|en)/g, '—'], [/\\\[(em|en)\]/g, '—'],
  [/\\\(aq/g, "'"], [/\\\[aq\]/g, "'"], [/\\\(dq/g, '"'], [/\\\(lq|\\\(rq/g, '"'],
  [/\\\(bu/g, '•'], [/\\\(co/g, '©'], [/\\\(mu/g, '×'], [/\\\(ti/g, '~'], [/\\\(ha/g, '^'],
  [/\\\*\(lq|\\\*\(rq/g, '"'], [/\\\*./g, ''],
  [/\\-/g, '-'], [/\\e/g, '\\'], [/\\&/g, ''], [/\\%/g, ''], [/\\[~ 0|^]/g, ' '], [/\\c$/g, ''],
];

function inline(text) {
  let out = text;
  for (const [pattern, replacement] of escapes) out = out.replace(pattern, replacement);
  return out;
}

function args(line) {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

// The page's roff as Markdown.
export function markdown(roff) {
  const out = [];
  for (const raw of roff.split('\n')) {
    if (raw.startsWith('.\\"') || raw.startsWith("'\\\"")) continue;
    if (!raw.startsWith('.') && !raw.startsWith("'")) { out.push(inline(raw)); continue; }
    const [macro, ...rest] = args(raw.slice(1));
    if (macro === 'SH') out.push('', `## ${inline(rest.join(' '))}`, '');
    else if (macro === 'SS') out.push('', `### ${inline(rest.join(' '))}`, '');
    else if (['PP', 'P', 'LP', 'TP', 'IP', 'sp', 'br'].includes(macro)) {
      out.push('');
      if (macro === 'IP' && rest[0]) out.push(inline(rest[0]));
    } else if (['B', 'I', 'SM', 'SB'].includes(macro)) out.push(inline(rest.join(' ')));
    else if (['BR', 'BI', 'IB', 'IR', 'RB', 'RI'].includes(macro)) out.push(inline(rest.join('')));
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

// [{title, content}] for each page of `dir`.
export function pages(dir = '/usr/share/man/man2') {
  const out = [];
  for (const file of fs.readdirSync(dir).sort()) {
    if (!file.endsWith('.2.gz')) continue;
    const full = path.join(dir, file);
    if (fs.lstatSync(full).isSymbolicLink()) continue;
    const roff = zlib.gunzipSync(fs.readFileSync(full)).toString('utf8');
    if (roff.trimStart().startsWith('.so')) continue;
    out.push({ title: file.slice(0, -'.2.gz'.length), content: markdown(roff) });
  }
  return out;
}

// Each alias page's name → the name of the page it stands for (a .so line or a symbolic link):
// what a label names when it names an alias.
export function aliases(dir = '/usr/share/man/man2') {
  const out = new Map();
  for (const file of fs.readdirSync(dir)) {
    if (!file.endsWith('.2.gz')) continue;
    const full = path.join(dir, file);
    const name = file.slice(0, -'.2.gz'.length);
    let target;
    if (fs.lstatSync(full).isSymbolicLink()) {
      target = path.basename(fs.readlinkSync(full));
    } else {
      const so = /^\.so\s+(\S+)/m.exec(zlib.gunzipSync(fs.readFileSync(full)).toString('utf8').trimStart());
      if (so) target = path.basename(so[1]);
    }
    if (target) out.set(name, target.replace(/\.2(\.gz)?$/, '').replace(/\.\d\w*(\.gz)?$/, ''));
  }
  return out;
}
