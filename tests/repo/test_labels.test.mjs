// Every ctest test of this build carries exactly one kind label, so that `ctest -L <kind>` runs
// all of one kind and nothing else (docs/testing.md). Reads the test list ctest itself would
// run (`ctest --show-only=json-v1`) from the build directory.
// Environment: CTEST_COMMAND, IM_BUILD_DIR (set by tests/CMakeLists.txt).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

const kinds = ['unit', 'storage', 'integration', 'examples', 'node', 'browser', 'install', 'bench',
  'services'];

function registeredTests() {
  const json = execFileSync(process.env.CTEST_COMMAND,
    ['--show-only=json-v1', '--test-dir', process.env.IM_BUILD_DIR], { encoding: 'utf8' });
  return JSON.parse(json).tests.map((t) => ({
    name: t.name,
    labels: (t.properties ?? []).find((p) => p.name === 'LABELS')?.value ?? [],
  }));
}

test('every ctest test has exactly one kind label', () => {
  const tests = registeredTests();
  assert.ok(tests.length > 0, 'ctest lists no test');
  const wrong = tests.filter((t) => t.labels.length !== 1 || !kinds.includes(t.labels[0]))
    .map((t) => `${t.name}: [${t.labels.join(', ')}]`);
  assert.deepEqual(wrong, [], `labels must be one of ${kinds.join(', ')}`);
});
