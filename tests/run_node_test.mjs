// Runs node:test files for ctest and reports honestly how they went. `node --test` exits 0 when
// every test skipped (no chromium, no MariaDB/Redis in the environment), so ctest would count a
// file that checked nothing as passed. This runner prints the usual spec report and exits
//   1  when a test failed, was cancelled, or the file registered no test at all;
//   77 when every test of the files skipped (SKIP_RETURN_CODE in tests/CMakeLists.txt: ctest
//      shows the test as skipped, with the reasons above its output);
//   0  otherwise. A file where only some tests skipped passes, with a line saying how many.
// Usage: node [node options] run_node_test.mjs <file.test.mjs>... (node options such as
// --expose-gc reach the test processes).
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { resolve } from 'node:path';

const kSkipped = 77;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: run_node_test.mjs <file.test.mjs>...');
  process.exit(2);
}

// A file without tests shows up as one passing test named after the file: not a test that ran.
const fileNames = new Set([...files, ...files.map((f) => resolve(f))]);
let ran = 0;
let failed = 0;
const skipped = [];
const tests = run({ files });
tests.on('test:pass', (event) => {
  if (event.skip) skipped.push(`${event.name}: ${event.skip === true ? 'skipped' : event.skip}`);
  else if (!fileNames.has(event.name)) ran++;
});
tests.on('test:fail', () => failed++);

const report = tests.compose(spec);
report.pipe(process.stdout);
report.on('end', () => {
  if (failed > 0) {
    process.exitCode = 1;
  } else if (ran === 0 && skipped.length === 0) {
    console.log('# no test ran: the file registered none');
    process.exitCode = 1;
  } else if (ran === 0) {
    console.log(`# every test skipped (${skipped.length}); ctest shows this as "Skipped"`);
    process.exitCode = kSkipped;
  } else if (skipped.length > 0) {
    console.log(`# ${skipped.length} of ${ran + skipped.length} tests skipped:`);
    for (const line of skipped) console.log(`#   ${line}`);
  }
});
