#!/usr/bin/env node
// Runs @doyensec/electronegativity over the built desktop app (out/, from `electron-vite build`) and fails on any
// finding that .electronegativity-suppressions.json does not explain. Electronegativity itself always exits 0,
// so its SARIF output is parsed here. Prints one summary line; with --report <file>, also writes
// { passed, failed, skipped } for scripts/test.mjs (the whole scan counts as one check).
//
// Offline by design: the one check that needs the network (AvailableSecurityFixesGlobalCheck, which downloads
// Electron's release list to look for newer security releases) is excluded — Electron's version is pinned in
// package.json and upgraded deliberately. Electronegativity still tries to fetch translations and prints
// "Could not retrieve updated translations…" where there is no network; that is harmless.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const input = path.resolve(root, option('--input') ?? 'out');
const suppressionsFile = path.resolve(root, option('--suppressions') ?? '.electronegativity-suppressions.json');
const reportFile = option('--report');
const verbose = args.includes('--verbose');
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

function finish(ok, line) {
  console.log(line);
  if (reportFile) writeFileSync(path.resolve(root, reportFile), JSON.stringify({ passed: ok ? 1 : 0, failed: ok ? 0 : 1, skipped: 0 }));
  process.exit(ok ? 0 : 1);
}

/**
 * Findings from electronegativity's SARIF output. (Its CSV writer is racy: the header and the rows are written by two
 * concurrent fs.writeFile calls, so the header can overwrite the first row. SARIF is written once.) SARIF carries no
 * code sample, so the flagged line is read back from the scanned file, for suppressions to match on.
 */
export function parseSarif(text, readLine = () => '') {
  const sarif = JSON.parse(text);
  const results = sarif?.runs?.[0]?.results;
  if (!Array.isArray(results)) throw new Error('not an electronegativity SARIF file');
  return results.map((r) => {
    const where = r.locations?.[0]?.physicalLocation ?? {};
    const file = String(where.artifactLocation?.uri ?? '').replace(/\\/g, '/');
    const line = where.region?.startLine ?? 0;
    return {
      issue: String(r.ruleId),
      level: String(r.level ?? ''),
      filename: file,
      location: `${line}:${(where.region?.startColumn ?? 1) - 1}`,
      sample: readLine(file, line).trim(),
      description: String(r.message?.text ?? ''),
      url: `https://github.com/doyensec/electronegativity/wiki/${r.ruleId}`,
    };
  });
}

/** Each suppression names a check and a file (as electronegativity prints it, relative to the input), optionally a piece of the flagged code, and why. */
export function loadSuppressions(text) {
  const parsed = JSON.parse(text);
  const list = Array.isArray(parsed) ? parsed : parsed.suppressions;
  if (!Array.isArray(list)) throw new Error('expected { "suppressions": [ … ] }');
  return list.map((s, i) => {
    for (const key of ['check', 'file', 'reason'])
      if (typeof s[key] !== 'string' || !s[key].trim()) throw new Error(`suppression ${i + 1} needs a non-empty "${key}"`);
    if (s.reason.trim().length < 20) throw new Error(`suppression ${i + 1} (${s.check}): the reason must say why, in a sentence`);
    if (s.sample !== undefined && typeof s.sample !== 'string') throw new Error(`suppression ${i + 1}: "sample" must be a string`);
    return s;
  });
}

export function matches(finding, s) {
  return finding.issue === s.check && finding.filename.replace(/\\/g, '/') === s.file && (s.sample === undefined || finding.sample.includes(s.sample));
}

function main() {
  if (!existsSync(path.join(input, 'main', 'index.js')))
    finish(false, `electronegativity: FAIL — ${path.relative(root, input) || input}/main/index.js is missing; run \`npx electron-vite build\` first.`);
  let suppressions;
  try {
    suppressions = existsSync(suppressionsFile) ? loadSuppressions(readFileSync(suppressionsFile, 'utf8')) : [];
  } catch (err) {
    finish(false, `electronegativity: FAIL — ${path.relative(root, suppressionsFile)}: ${err.message}`);
  }

  const electronVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
  const dir = mkdtempSync(path.join(tmpdir(), 'electronegativity-'));
  const sarifFile = path.join(dir, 'findings.sarif');
  try {
    const cli = path.join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
    const run = spawnSync(process.execPath, [cli, '-i', input, '-o', sarifFile, '-r', '-v', 'false', '-e', electronVersion, '-x', EXCLUDED_CHECKS.join(',')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 300_000,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    if (verbose) process.stdout.write(run.stdout + run.stderr);
    if (!existsSync(sarifFile))
      finish(
        false,
        `electronegativity: FAIL — it wrote no results (exit ${run.status}${run.error ? `, ${run.error.message}` : ''}): ${(run.stderr || run.stdout).trim().split('\n').slice(-3).join(' | ')}`,
      );

    const lines = new Map();
    const readLine = (file, line) => {
      const full = path.resolve(input, file);
      if (!full.startsWith(input + path.sep) || !existsSync(full)) return '';
      if (!lines.has(full)) lines.set(full, readFileSync(full, 'utf8').split(/\r?\n/));
      return lines.get(full)[line - 1] ?? '';
    };
    const findings = parseSarif(readFileSync(sarifFile, 'utf8'), readLine);
    const unexplained = findings.filter((f) => !suppressions.some((s) => matches(f, s)));
    const unused = suppressions.filter((s) => !findings.some((f) => matches(f, s)));
    for (const f of unexplained)
      console.log(`  ${f.issue} (${f.level}) ${f.filename}:${f.location} — ${f.description}\n      ${f.sample.slice(0, 200)}\n      ${f.url}`);
    // A suppression that no longer matches anything is stale: say so, so it gets removed, but do not fail on it.
    for (const s of unused)
      console.log(`  note: suppression for ${s.check} in ${s.file}${s.sample ? ` (“${s.sample}”)` : ''} matched nothing; remove it if the code changed.`);
    const ok = unexplained.length === 0;
    finish(
      ok,
      `electronegativity: ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${path.relative(root, input)}/, ${findings.length - unexplained.length} explained in ${path.basename(suppressionsFile)}, ${unexplained.length} unexplained — ${ok ? 'ok' : 'FAIL'}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
