// Shared harness for the integration tests: starts the real im_server binary on a free port
// with a throw-away database, and offers small HTTP helpers. Used by every *.test.mjs here.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const serverBin = process.env.IM_SERVER_BIN ?? path.join(repoRoot, 'build', 'server', 'im_server');
export const ORIGIN = 'http://localhost:1212';
export const SECRET = 'integration-test-secret';

// A sanitizer report in a server's output (TSan's halt_on_error and exitcode also make it exit
// non-zero; this catches reports of a server that was killed or kept running).
// Waits until `predicate()` holds, for at most 30 s (then throws, naming `what`).
export async function waitFor(predicate, what) {
  for (let i = 0; i < 600; i += 1) {
    if (predicate()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function sanitizerReport(output) {
  const m = output.match(/(WARNING: ThreadSanitizer|ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:)[^\n]*/);
  return m ? m[0] : null;
}

// The first sanitizer report of `output` in full, or else its last lines.
function reportOrTail(output) {
  const at = output.search(/WARNING: ThreadSanitizer|ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:/);
  if (at < 0) return output.slice(-4000);
  const line = output.lastIndexOf('\n', at) + 1;  // UBSan names the source location first
  return output.slice(line, line + 30000);
}

// Starts im_server. `opts.args` adds flags, `opts.env` adds environment variables; `opts.dir`
// runs it in an existing folder (database, uploads) that the caller removes, e.g. to restart a
// killed server on the same SQLite file.
// Resolves once the server logs its listening line; rejects if it exits first.
export async function startServer(opts = {}) {
  const ownDir = !opts.dir;
  const dir = opts.dir ?? mkdtempSync(path.join(tmpdir(), 'im-it-'));
  const args = [
    '--env-dir', dir,
    '--port', '0',
    '--bind-address', '127.0.0.1',
    '--sqlite-path', path.join(dir, 'im.db'),
    '--secret-key', SECRET,
    '--clientorigin', `${ORIGIN}___http://127.0.0.1:1212`,
    '--log-file', '',
    '--multer-dest', path.join(dir, 'upload'),
    '--uploads-static-dir', path.join(dir, 'uploads'),
    ...(opts.args ?? []),
  ];
  // `opts.wrapper`: a command that runs the server, e.g. ['prlimit', '--nofile=64', '--'].
  const [command, ...commandArgs] = [...(opts.wrapper ?? []), serverBin, ...args];
  const proc = spawn(command, commandArgs, {
    env: { ...process.env, TZ: 'UTC', NODE_ENV: 'test', ...(opts.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let scheme = 'http';
  const port = await new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/listening on (https?):\/\/[^\s:]+:(\d+)/);
      if (m) {
        scheme = m[1];  // https when started with TLS_CERT / TLS_KEY
        resolve(Number(m[2]));
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (chunk) => { output += chunk.toString(); });
    proc.on('exit', (code, signal) => {
      if (ownDir) rmSync(dir, { recursive: true, force: true });
      reject(new Error(`im_server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  const baseUrl = `${scheme}://127.0.0.1:${port}`;
  return {
    port,
    baseUrl,
    dir,
    proc,
    output: () => output,
    // Runs one SQL statement on the server's embedded database (operator actions such as
    // giving a user the admin role, docs/contract/http-api.md 13).
    sql: (statement) => execFileSync('sqlite3', [path.join(dir, 'im.db'), statement]).toString(),
    // Stops the server; rejects when it did not exit cleanly (sanitizer reports exit non-zero).
    async stop() {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 10000);
      const { code, signal } = await exited;
      clearTimeout(timer);
      if (ownDir) rmSync(dir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`im_server exited with ${code ?? signal}:\n${reportOrTail(output)}`);
      const report = sanitizerReport(output);
      if (report) throw new Error(`im_server reported: ${report}\n${reportOrTail(output)}`);
    },
  };
}

// MariaDB and Redis from the environment that ctest's `im_services` fixture (scripts/services.sh)
// exports; null when they are not configured.
export function servicesFromEnv() {
  const e = process.env;
  if (!e.IM_TEST_DB_HOST || !e.IM_TEST_REDIS_HOST) return null;
  return {
    db: { host: e.IM_TEST_DB_HOST, port: e.IM_TEST_DB_PORT ?? '3306', user: e.IM_TEST_DB_USER ?? 'im',
      pass: e.IM_TEST_DB_PASS ?? '', name: e.IM_TEST_DB_NAME ?? 'im_test' },
    redis: { host: e.IM_TEST_REDIS_HOST, port: e.IM_TEST_REDIS_PORT ?? '6379' },
  };
}

// A fresh, empty database `<IM_TEST_DB_NAME>_<suffix>` (services.sh grants the test user those
// names); returns its name and a function that drops it.
export function createTestDatabase(services) {
  const { db } = services;
  const name = `${db.name}_${process.pid}_${Date.now().toString(36)}`;
  const client = (sql) => execFileSync('mariadb', ['--no-defaults', '--protocol=tcp', '-h', db.host,
    '-P', String(db.port), '-u', db.user, `-p${db.pass}`, '-e', sql]);
  client(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci`);
  return { name, drop: () => client(`DROP DATABASE IF EXISTS \`${name}\``) };
}

// The flags that put a server on MariaDB database `dbName` and on Redis (database `redisDb`).
export function serviceArgs(services, { dbName, redisDb = 0 } = {}) {
  const { db, redis } = services;
  return ['--db-host', db.host, '--db-port', String(db.port), '--db-user', db.user,
    '--db-pass', db.pass, '--db-name', dbName ?? db.name,
    '--redis-host', redis.host, '--redis-port', String(redis.port), '--redis-db', String(redisDb)];
}

// The headers and body of a test request: credentials as the client sends them (`authorization`,
// `userid`), a JSON `body` or a `raw` one.
export function requestParts({ body, raw, token, userid, headers = {} } = {}) {
  const h = { ...headers };
  if (token !== undefined) h.authorization = token;
  if (userid !== undefined) h.userid = String(userid);
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] ??= 'application/json';
  }
  return { headers: h, payload };
}

// One HTTP call. Returns { status, headers, text, json }.
export async function api(baseUrl, method, urlPath, options = {}) {
  const { headers: h, payload } = requestParts(options);
  const res = await fetch(baseUrl + urlPath, { method, headers: h, body: payload });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
  return { status: res.status, headers: res.headers, text, json };
}

let accountCounter = 0;
// A fresh valid account number (^1[3-9]\d{9}$), unique within this process.
export function newAccount() {
  accountCounter += 1;
  const n = (process.pid % 1000) * 10000 + accountCounter;
  return `138${String(n).padStart(8, '0')}`;
}

// Registers a user and returns { id, account, pwd, token, data }.
export async function registerUser(baseUrl, { account = newAccount(), pwd = 'abc12345', ...rest } = {}) {
  const r = await api(baseUrl, 'POST', '/api/v1/users/create', { body: { account, pwd, ...rest } });
  if (r.status !== 200) throw new Error(`registration failed: ${r.status} ${r.text}`);
  return { id: r.json.data.id, account, pwd, token: r.json.data.token, data: r.json.data };
}

export async function loginUser(baseUrl, account, pwd = 'abc12345') {
  const r = await api(baseUrl, 'POST', '/api/v1/users/login', { body: { account, pwd } });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
  return { id: r.json.data.id, account, pwd, token: r.json.data.token, data: r.json.data };
}
