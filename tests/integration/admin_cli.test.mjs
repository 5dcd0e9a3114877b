// im_server's operator commands (issue 15, docs/operations.md "Admin commands"): migrate,
// check-config (secrets masked), create-admin ACCOUNT (password on stdin), version, --help;
// the settings they read: flags, --env-file, SECRET_KEY_FILE.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { serverBin, startServer, api, ORIGIN, sanitizerReport } from './harness.mjs';

const dir = mkdtempSync(path.join(tmpdir(), 'im-admin-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const dbPath = path.join(dir, 'im.db');

// Runs `im_server ...args` in `dir` with `input` on stdin; returns { status, stdout, stderr }.
function run(args, { input = '', env = {} } = {}) {
  const r = spawnSync(serverBin, args, {
    cwd: dir, input, encoding: 'utf8', timeout: 60000,
    env: { ...process.env, NODE_ENV: 'production', ...env },
  });
  const report = sanitizerReport(r.stdout + r.stderr);
  assert.equal(report, null, `sanitizer report: ${report}\n${r.stderr}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const storage = ['--sqlite-path', dbPath, '--log-file', ''];

test('version prints the version and needs no settings', () => {
  const r = run(['version'], { env: { LOG_LEVEL: 'not-a-level' } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^im_server \d+\.\d+\.\d+\n$/);
});

test('--help lists the options and the commands', () => {
  const r = run(['--help']);
  assert.equal(r.status, 0);
  for (const c of ['migrate', 'check-config', 'create-admin ACCOUNT', 'version', '--env-file', '--log-format'])
    assert.ok(r.stdout.includes(c), `--help lacks ${c}`);
  assert.equal(run(['migrate', '--help']).status, 0);
});

test('an unknown command or a missing operand is an error', () => {
  const unknown = run(['frobnicate']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /unknown command "frobnicate"/);
  const missing = run(['create-admin']);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /create-admin needs an argument/);
});

test('migrate creates the schema and exits 0; a database it cannot open exits 1', () => {
  const r = run(['migrate', ...storage]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /schema up to date: SQLite /);
  assert.ok(existsSync(dbPath));
  assert.equal(run(['migrate', ...storage]).status, 0, 'migrate twice');
  const bad = run(['migrate', '--sqlite-path', path.join(dir, 'missing', 'dir', 'im.db')]);
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /^im_server migrate: /m);
});

test('check-config prints every effective setting with the secrets masked', () => {
  const r = run(['check-config', ...storage, '--secret-key', 'top-secret-value', '--clientorigin', ORIGIN,
    '--db-pass', 'db-secret-value', '--redis-pwd', 'redis-secret-value', '--port', '3999']);
  assert.equal(r.status, 0, r.stderr);
  const settings = Object.fromEntries(r.stdout.trim().split('\n').map((l) => {
    const at = l.indexOf('=');
    return [l.slice(0, at), l.slice(at + 1)];
  }));
  assert.equal(settings.PORT, '3999');
  assert.equal(settings.SQLITE_PATH, dbPath);
  assert.equal(settings.CLIENTORIGIN, ORIGIN);
  assert.equal(settings.LOG_LEVEL, 'info', 'defaults are shown too');
  assert.equal(settings.SECRET_KEY, '********');
  assert.equal(settings.DB_PASS, '********');
  assert.equal(settings.REDIS_PWD, '********');
  assert.equal(settings.REDIS_USERNAME, '');
  for (const secret of ['top-secret-value', 'db-secret-value', 'redis-secret-value'])
    assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), `${secret} shown`);
  assert.ok(!Object.values(settings).includes('(not shown)'), 'a setting has no effective value');
  assert.match(r.stderr, /configuration is valid/);
});

test('check-config keeps log lines off its output', () => {
  // NODE_ENV=dev without SECRET_KEY logs a warning while the settings load.
  const r = run(['check-config', ...storage, '--clientorigin', ORIGIN], { env: { NODE_ENV: 'dev' } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /SECRET_KEY is not set/);
  for (const line of r.stdout.trim().split('\n')) assert.match(line, /^[A-Z_]+=/);
});

test('check-config exits 1 and names the setting when one is invalid', () => {
  const cases = [
    [['--clientorigin', ORIGIN, '--secret-key', 'k', '--port', 'eighty'], /PORT must be an integer/],
    [['--secret-key', 'k'], /CLIENTORIGIN is required/],
    [['--clientorigin', ORIGIN], /SECRET_KEY is required/],
    [['--clientorigin', ORIGIN, '--secret-key', 'k', '--log-level', 'info,nosuch=debug'], /LOG_LEVEL/],
    [['--clientorigin', ORIGIN, '--secret-key', 'k', '--log-format', 'xml'], /LOG_FORMAT/],
    [['--clientorigin', ORIGIN, '--secret-key', 'k', '--tls-cert', path.join(dir, 'nope.pem'),
      '--tls-key', path.join(dir, 'nope.key')], /./],
  ];
  for (const [args, message] of cases) {
    const r = run(['check-config', ...storage, ...args]);
    assert.equal(r.status, 1, `${args.join(' ')} accepted`);
    assert.match(r.stderr, message);
  }
});

test('--env-file and SECRET_KEY_FILE are read; flags and the environment win over the file', () => {
  const secretFile = path.join(dir, 'secret_key');
  writeFileSync(secretFile, 'file-secret\n', { mode: 0o600 });
  const envFile = path.join(dir, 'im.env');
  writeFileSync(envFile, `# comment\nPORT=4100\nCLIENTORIGIN=${ORIGIN}\nSECRET_KEY_FILE=${secretFile}\nLOG_FORMAT=json\n`);
  const r = run(['check-config', '--env-file', envFile, ...storage, '--log-format', 'text'],
    { env: { PORT: '4200' } });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^PORT=4200$/m);
  assert.match(r.stdout, /^LOG_FORMAT=text$/m);
  assert.match(r.stdout, /^SECRET_KEY=\*{8}$/m);
  assert.match(r.stdout, new RegExp(`^SECRET_KEY_FILE=${secretFile}$`, 'm'));
  const missing = run(['check-config', '--env-file', path.join(dir, 'no.env'), ...storage]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /--env-file .* cannot be read/);
  const unreadable = run(['check-config', ...storage, '--clientorigin', ORIGIN,
    '--secret-key-file', path.join(dir, 'no_secret')]);
  assert.equal(unreadable.status, 1);
  assert.match(unreadable.stderr, /SECRET_KEY_FILE .* cannot be read/);
});

test('create-admin makes a user of the admin role who can log in', async () => {
  const account = '13700000077';
  const r = run(['create-admin', account, ...storage], { input: 'admin-pass-1\n' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`created admin ${account} \\(user id \\d+\\)`));
  assert.ok(!r.stdout.includes('admin-pass-1') && !r.stderr.includes('admin-pass-1'));

  const again = run(['create-admin', account, ...storage], { input: 'other\n' });
  assert.equal(again.status, 1);
  assert.match(again.stderr, /already exists/);
  const badAccount = run(['create-admin', 'alice', ...storage], { input: 'x\n' });
  assert.equal(badAccount.status, 1);
  assert.match(badAccount.stderr, /is not an account/);
  const noPassword = run(['create-admin', '13700000078', ...storage], { input: '' });
  assert.equal(noPassword.status, 1);
  assert.match(noPassword.stderr, /no password/);

  const srv = await startServer({ dir });
  try {
    const login = await api(srv.baseUrl, 'POST', '/api/v1/users/login',
      { body: { account, pwd: 'admin-pass-1' } });
    assert.equal(login.status, 200, login.text);
    assert.equal(login.json.data.roleName, 'admin');
    const wrong = await api(srv.baseUrl, 'POST', '/api/v1/users/login',
      { body: { account, pwd: 'admin-pass-2' } });
    assert.notEqual(wrong.status, 200);
  } finally {
    await srv.stop();
  }
});
