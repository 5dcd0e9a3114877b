// Metrics and logs for operators (issue 15): /metrics passes `promtool check metrics` (Debian's
// prometheus package) after varied traffic, its series stay bounded, the Grafana dashboard of
// docs/ asks only for metrics the server exposes; JSON log lines, levels per component, and
// SIGHUP reopening the log file (logrotate).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { startServer, api, registerUser, loginUser, repoRoot, waitFor } from './harness.mjs';

const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((p) => existsSync(p));

function rawRequest(port, text) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(text));
    let reply = '';
    socket.on('data', (c) => { reply += c; });
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

// Requests of every kind: routes, unknown paths and methods, errors, the operator endpoints.
async function varietyOfTraffic(srv) {
  const user = await registerUser(srv.baseUrl);
  await loginUser(srv.baseUrl, user.account, user.pwd);
  await api(srv.baseUrl, 'GET', `/api/v1/users/${user.id}`, { token: user.token, userid: user.id });
  await api(srv.baseUrl, 'GET', '/api/v1/friends', { token: 'nonsense', userid: 1 });
  await api(srv.baseUrl, 'POST', '/api/v1/users/login', { raw: '{not json', headers: { 'content-type': 'application/json' } });
  await api(srv.baseUrl, 'GET', '/healthz');
  await api(srv.baseUrl, 'GET', '/metrics');
  await api(srv.baseUrl, 'GET', '/uploads/nothing-here.png');
  for (let i = 0; i < 20; i += 1) {
    await api(srv.baseUrl, 'GET', `/random/${i}/${'x'.repeat(i)}?q="${i}"`);
    await rawRequest(srv.port, `M${i}THOD /api/v1/users/${i}\\"\n HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  }
}

function series(metricsText) {
  return metricsText.split('\n').filter((l) => l && !l.startsWith('#'));
}

test('/metrics passes promtool check metrics, with bounded series', async (t) => {
  const srv = await startServer();
  try {
    await varietyOfTraffic(srv);
    const first = (await api(srv.baseUrl, 'GET', '/metrics')).text;
    await varietyOfTraffic(srv);
    const second = (await api(srv.baseUrl, 'GET', '/metrics')).text;
    // The same kinds of requests again add no series: no label takes a value from the request.
    assert.equal(series(second).length, series(first).length,
      'new series after repeating the same kinds of requests');
    for (const name of ['im_storage_up 1', 'process_cpu_seconds_total', 'process_resident_memory_bytes',
      'process_open_fds', 'process_start_time_seconds'])
      assert.match(second, new RegExp(`^${name}`, 'm'));
    if (!promtool) {
      t.skip('promtool is not installed (Debian package prometheus; scripts/install-deps.sh --test)');
      return;
    }
    const check = spawnSync(promtool, ['check', 'metrics'], { input: second, encoding: 'utf8' });
    assert.equal(check.status, 0, `promtool check metrics:\n${check.stdout}${check.stderr}`);
  } finally {
    await srv.stop();
  }
});

test('the Grafana dashboard in docs/ asks only for metrics that /metrics exposes', async () => {
  const dashboard = JSON.parse(readFileSync(path.join(repoRoot, 'docs', 'grafana-dashboard.json'), 'utf8'));
  const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr));
  assert.ok(exprs.length >= 8);
  const srv = await startServer();
  let exposed;
  try {
    exposed = (await api(srv.baseUrl, 'GET', '/metrics')).text;
  } finally {
    await srv.stop();
  }
  // Families that only a MariaDB + Redis node has (their names are checked against the code).
  const servicesOnly = ['im_redis_up', 'im_db_pool_in_use', 'im_db_pool_size'];
  const renderer = readFileSync(path.join(repoRoot, 'server', 'metrics', 'prometheus.cpp'), 'utf8');
  for (const expr of exprs) {
    const names = expr.match(/\b(im|process)_[a-z_]+/g);
    assert.ok(names, expr);
    for (const name of names) {
      const family = name.replace(/_(bucket|sum|count)$/, '');
      if (servicesOnly.includes(family)) assert.ok(renderer.includes(`"${family}"`), family);
      else assert.match(exposed, new RegExp(`^# TYPE ${family} `, 'm'), `${family} (in ${expr})`);
    }
  }
});

test('LOG_FORMAT=json writes one JSON object per line; LOG_LEVEL sets a level per component', async () => {
  const srv = await startServer({ args: ['--log-format', 'json', '--log-level', 'info,http=warn'] });
  try {
    await api(srv.baseUrl, 'GET', '/healthz');
    await registerUser(srv.baseUrl);
  } finally {
    await srv.stop();
  }
  const lines = srv.output().split('\n').filter((l) => l.startsWith('{'));
  assert.ok(lines.length >= 2, srv.output());
  const records = lines.map((l) => JSON.parse(l));
  for (const r of records) {
    assert.match(r.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(['trace', 'debug', 'info', 'warn', 'error'].includes(r.level), r.level);
    assert.equal(typeof r.component, 'string');
    assert.equal(typeof r.msg, 'string');
  }
  assert.ok(records.some((r) => r.component === 'server' && r.msg.startsWith('im_server listening on')));
  assert.ok(!records.some((r) => r.component === 'http' && r.level === 'info'),
    'http info lines (the access log) were written at http=warn');

  const verbose = await startServer({ args: ['--log-format', 'json'] });
  try {
    await api(verbose.baseUrl, 'GET', '/healthz');
    await waitFor(() => verbose.output().includes('/healthz'), 'the access line');
  } finally {
    await verbose.stop();
  }
  const access = verbose.output().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
    .find((r) => r.msg.startsWith('GET /healthz 200'));
  assert.equal(access?.component, 'http');
});

test('SIGHUP reopens the log file after it was moved away (logrotate)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'im-log-'));
  const logFile = path.join(dir, 'logs', 'im.log');
  const logging = await startServer({ dir, args: ['--log-file', logFile, '--log-file-max-bytes', '0'] });
  try {
    await waitFor(() => existsSync(logFile) && readFileSync(logFile, 'utf8').includes('listening on'), 'the log file');
    renameSync(logFile, `${logFile}.1`);
    logging.proc.kill('SIGHUP');
    await waitFor(() => existsSync(logFile), 'the reopened log file');
    await api(logging.baseUrl, 'GET', '/healthz?after-hup');
    await waitFor(() => readFileSync(logFile, 'utf8').includes('GET /healthz 200'), 'a line in the new file');
    assert.ok(!readFileSync(`${logFile}.1`, 'utf8').includes('GET /healthz 200'));
  } finally {
    await logging.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
