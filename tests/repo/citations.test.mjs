// Every citation of the contract in the repository resolves to something docs/contract/ defines
// (docs/contract/README.md, "How to cite"):
// - rule ids (B#, S#, J#) are rows of docs/contract/rules.md;
// - endpoint and golden-example ids (U1, G7, H22, …) are defined in docs/contract/http-api.md;
// - `docs/contract/<file> <section>` names a file of the folder and a numbered heading in it;
// - no citation still points at the specification package the contract was first written from,
//   or names a contract file without its docs/contract/ path.
// Environment: IM_SOURCE_DIR, the repository's root (set by tests/CMakeLists.txt).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, extname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.env.IM_SOURCE_DIR ?? fileURLToPath(new URL('../..', import.meta.url));
const contractDir = 'docs/contract';
const self = relative(root, fileURLToPath(import.meta.url));

// What the repository consists of; build trees, installed packages and fuzz corpora are not.
const scannedRoots = ['README.md', 'CMakeLists.txt', '.ci', 'bench', 'bindings', 'cmake', 'docs',
  'examples', 'libim', 'proto', 'scripts', 'server', 'tests'];
const skippedDirs = new Set(['node_modules', '.git']);
const skippedPaths = new Set(['tests/fuzz/corpus', self]);
const skippedExtensions = new Set(['.json', '.png', '.lock']);

function listFiles(path, out = []) {
  let stat;
  try {
    stat = statSync(join(root, path));
  } catch {
    return out;  // a root this checkout does not have
  }
  if (skippedPaths.has(path)) return out;
  if (stat.isDirectory()) {
    for (const name of readdirSync(join(root, path)).sort()) {
      if (!skippedDirs.has(name)) listFiles(join(path, name), out);
    }
  } else if (!skippedExtensions.has(extname(path))) {
    const text = readFileSync(join(root, path), 'utf8');
    if (!text.includes('\0')) out.push({ path, text });
  }
  return out;
}

// ---- what docs/contract/ defines

const contractFiles = ['README.md', 'http-api.md', 'realtime.md', 'data-model.md', 'protobuf.md',
  'rules.md'];

function readContract(name) {
  return readFileSync(join(root, contractDir, name), 'utf8');
}

// Numbered headings ("## 8. …", "### 8.2 …") of one contract file.
function sectionsOf(text) {
  const sections = new Set();
  for (const m of text.matchAll(/^#{2,4} (\d+(?:\.\d+)*)\.? /gm)) sections.add(m[1]);
  return sections;
}

const rules = new Set([...readContract('rules.md').matchAll(/^\| ([BSJ]\d+) \|/gm)].map((m) => m[1]));

// Endpoint ids (table rows of the index, headings) and golden examples (**H22**).
function httpIdsOf(text) {
  const ids = new Set();
  for (const m of text.matchAll(/^\| ([A-Z]{1,2}\d*) \|/gm)) ids.add(m[1]);
  for (const m of text.matchAll(/^#{2,4} ([A-Z].*)$/gm)) {
    const outsideCode = m[1].replace(/`[^`]*`/g, ' ');
    for (const id of outsideCode.matchAll(/\b([A-Z]\d+)\b/g)) ids.add(id[1]);
  }
  for (const m of text.matchAll(/\*\*(H\d+)\*\*/g)) ids.add(m[1]);
  return ids;
}
const httpIds = httpIdsOf(readContract('http-api.md'));
const sections = new Map(contractFiles.map((f) => [f, sectionsOf(readContract(f))]));

// ---- citations in a file

const ruleId = /(?<![\w./-])([BSJ]\d{1,3})(?!\w)/g;
const httpId = /(?<![\w./-])(A1|[UPFGEX]\d{1,2}|H\d{2})(?!\w)/g;
// `docs/contract/<file>` and, inside docs/contract/, the bare file name; then what it cites:
// section numbers and ids, separated by `, `, ` and `, `-` or `/`; a comment may wrap anywhere.
const gap = String.raw`\s+(?:(?:\/\/|#|--)\s+)?`;
const token = String.raw`(?:\d+(?:\.\d+)*|[A-Z]\d+)`;
const citedFile = new RegExp(String.raw`(?<![\w.-])(docs\/contract\/|(?<![\w/])(?=(?:http-api|realtime|data-model|protobuf|rules)\.md))([\w-]+\.md)` +
  String.raw`((?:,?${gap}(?:sections?${gap})?${token}(?:(?:[-–\/]|${gap}and${gap}|,${gap})${token})*)?)`, 'g');

function lineOf(text, index) {
  return text.slice(0, index).split('\n').length;
}

function checkReference(problems, where, file, token) {
  if (/^[BSJ]\d+$/.test(token)) {
    if (!rules.has(token)) problems.push(`${where}: ${token} is not in docs/contract/rules.md`);
  } else if (/^[A-Z]\d+$/.test(token)) {
    if (!httpIds.has(token)) problems.push(`${where}: ${token} is not defined in docs/contract/http-api.md`);
  } else if (!sections.get(file)?.has(token)) {
    problems.push(`${where}: docs/contract/${file} has no section ${token}`);
  }
}

function citationProblems({ path, text }) {
  const problems = [];
  const inContract = path.startsWith(`${contractDir}/`);
  const markdown = path.endsWith('.md');
  for (const m of text.matchAll(ruleId)) {
    if (!rules.has(m[1])) problems.push(`${path}:${lineOf(text, m.index)}: ${m[1]} is not in docs/contract/rules.md`);
  }
  for (const m of text.matchAll(httpId)) {
    if (!httpIds.has(m[1])) problems.push(`${path}:${lineOf(text, m.index)}: ${m[1]} is not defined in docs/contract/http-api.md`);
  }
  for (const m of text.matchAll(citedFile)) {
    const [, prefix, file, cited] = m;
    if (!prefix && !inContract) continue;  // a bare name outside the folder: see below
    const where = `${path}:${lineOf(text, m.index)}`;
    if (!contractFiles.includes(file)) {
      problems.push(`${where}: docs/contract/${file} does not exist`);
      continue;
    }
    for (const token of cited.match(/\d+(?:\.\d+)*|[A-Z]\d+/g) ?? []) {
      checkReference(problems, where, file, token);
    }
  }
  if (inContract) return problems;
  // Old-style citations: the specification package, or a contract file without its path.
  const oldStyle = [
    /shared\/spec|(?<![\w-])spec\/[\w-]+\.md|fixes-and-security\.md/g,
    /(?<![\w/.-])(?:realtime|data-model|protobuf|rules)\.md/g,
    // docs/http-api.md exists too: in markdown only a cited section or id is old style.
    markdown ? /(?<![\w/.-])http-api\.md(?=,? (?:sections? )?(?:\d|[A-Z]\d))/g
      : /(?<![\w/.-])http-api\.md/g,
  ];
  for (const pattern of oldStyle) {
    for (const m of text.matchAll(pattern)) {
      problems.push(`${path}:${lineOf(text, m.index)}: "${m[0]}" is an old-style citation; cite docs/contract/…`);
    }
  }
  return problems;
}

test('docs/contract defines the rule ids, endpoint ids and sections it promises', () => {
  assert.equal(rules.size, 29 + 18 + 34, 'B1-B29, S1-S18, J1-J34');
  for (const id of ['A1', 'U6', 'P3', 'F7', 'G7', 'E7', 'X3', 'H01', 'H49']) assert.ok(httpIds.has(id), id);
  for (const [file, section] of [['http-api.md', '5.4'], ['realtime.md', '8.2'],
    ['data-model.md', '6'], ['protobuf.md', '8.3']]) {
    assert.ok(sections.get(file).has(section), `${file} ${section}`);
  }
});

test('every citation in code, tests and docs resolves in docs/contract', () => {
  const files = scannedRoots.flatMap((r) => listFiles(r));
  assert.ok(files.length > 100, `only ${files.length} files found under ${root}`);
  const problems = [...new Set(files.flatMap(citationProblems))];
  assert.ok(problems.length === 0, `${problems.length} citations to fix:\n${problems.join('\n')}`);
});
