// The Electron client's flow from a real headless browser (Debian's chromium driven by
// playwright-core): a page on http://localhost:1212 loads the browser builds of socket.io-client
// 4.7.2 and protobufjs 7.2.5 and, like the client's renderer, registers, logs in, makes friends
// over fetch with credentials (every call preflighted), opens two sockets with extraHeaders
// (polling, then upgrade to websocket), sends on-message with an ack and receives the push as an
// ArrayBuffer (docs/contract/http-api.md 3, U1, U2, F1, F5, F6, E1, E4;
// docs/contract/realtime.md 1-3, 5.1, 6.2, 9). A page from an origin that is not allowed must not
// be able to read any API reply.
//
// Needs chromium (CHROMIUM_BIN, default /usr/bin/chromium); skipped when it is missing.
// Writes a screenshot of the page to BROWSER_SCREENSHOT (default /tmp/electron_flow.png).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, repoRoot } from '../integration/harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const chromiumBin = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const screenshotPath = process.env.BROWSER_SCREENSHOT ?? '/tmp/electron_flow.png';
const haveChromium = existsSync(chromiumBin);

const assets = {
  '/socket.io.min.js': path.join(here, '..', 'node_modules', 'socket.io-client', 'dist', 'socket.io.min.js'),
  '/protobuf.min.js': path.join(here, '..', 'node_modules', 'protobufjs', 'dist', 'protobuf.min.js'),
  '/im.proto': path.join(repoRoot, 'proto', 'im.proto'),
};
const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>im browser check</title>
<script src="/socket.io.min.js"></script><script src="/protobuf.min.js"></script>
<style>body{font:14px monospace;margin:16px}#status{font-size:20px;font-weight:bold}pre{white-space:pre-wrap}</style>
</head><body><div id="status">loading</div><pre id="log"></pre></body></html>`;

// A static page server on loopback; resolves to its port (`port` 0 = any free port).
function servePage(port) {
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/' || url.pathname === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(PAGE);
    } else if (assets[url.pathname]) {
      const type = url.pathname.endsWith('.js') ? 'text/javascript' : 'text/plain';
      res.writeHead(200, { 'content-type': `${type}; charset=utf-8` });
      res.end(readFileSync(assets[url.pathname]));
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ server, port: server.address().port }));
  });
}

let srv;
let page1212;
let evilPage;
let browser;
let userDataDir;
let allowedOrigin;

before(async () => {
  if (!haveChromium) return;
  try {
    page1212 = await servePage(1212);
  } catch (err) {
    if (err.code !== 'EADDRINUSE') throw err;
    page1212 = await servePage(0);
  }
  allowedOrigin = `http://localhost:${page1212.port}`;
  evilPage = await servePage(0);
  srv = await startServer(page1212.port === 1212 ? {} : { args: ['--clientorigin', allowedOrigin] });
  const { chromium } = await import('playwright-core');
  userDataDir = mkdtempSync(path.join(tmpdir(), 'im-chromium-'));
  // launchPersistentContext gives a fresh profile in userDataDir (the flags ask for one).
  browser = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumBin,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 900, height: 700 },
  });
});

after(async () => {
  await browser?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  page1212?.server.close();
  evilPage?.server.close();
  await srv?.stop();
});

// Runs inside the page: everything the Electron renderer does, with fetch instead of axios
// (same headers, credentials included, JSON bodies) and the browser builds of the libraries.
async function electronFlow({ api, proto, socketOpts = {} }) {
  const t0 = performance.now();
  const log = (line) => {
    document.getElementById('log').textContent += `${String(Math.round(performance.now() - t0)).padStart(5)} ms  ${line}\n`;
  };
  const status = (text, color) => {
    const el = document.getElementById('status');
    el.textContent = text;
    el.style.color = color ?? 'black';
  };
  const root = protobuf.parse(proto).root;
  const T = (n) => root.lookupType(`im.wire.${n}`);
  const encode = (n, v) => T(n).encode(T(n).fromObject(v)).finish();
  const decode = (n, bytes) => T(n).toObject(T(n).decode(new Uint8Array(bytes)), { longs: Number });

  const call = async (method, p, { body, user } = {}) => {
    const headers = { Accept: 'application/json, text/plain, */*' };
    if (user) { headers.authorization = user.token; headers.userid = String(user.id); }
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${api}/api/v1${p}`, {
      method, headers, credentials: 'include', body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    log(`${method} ${p} -> ${res.status}`);
    return { status: res.status, json };
  };
  const account = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  const waitFor = (emitter, event) => new Promise((resolve) => emitter.once(event, resolve));
  const result = {};

  status('running', 'gray');
  try {
    // Sign-up form: exactly {account, pwd}; then the login of every launch.
    const users = [];
    for (const name of ['A', 'B']) {
      const acct = account();
      const reg = await call('POST', '/users/create', { body: { account: acct, pwd: 'abc12345' } });
      if (reg.status !== 200) throw new Error(`register ${name}: ${reg.status} ${JSON.stringify(reg.json)}`);
      const login = await call('POST', '/users/login', { body: { account: acct, pwd: 'abc12345' } });
      if (login.status !== 200) throw new Error(`login ${name}: ${login.status} ${JSON.stringify(login.json)}`);
      users.push({ name, id: login.json.data.id, account: acct, token: login.json.data.token });
    }
    const [a, b] = users;
    result.users = users.map(({ id, account: acct }) => ({ id, account: acct }));

    // Friend request, pending notify, agree; then both friend lists.
    const asked = await call('POST', '/friends', { user: a, body: { userId: b.id } });
    result.asked = asked.json;
    const pending = await call('GET', '/events/notify', { user: b });
    const notify = pending.json.data.filter((n) => n.sender === a.id).at(-1);
    const agreed = await call('POST', '/friends/agree', { user: b, body: { notifyId: notify.id } });
    result.agreed = agreed.json;
    result.friends = {};
    for (const u of users) {
      const list = await call('GET', '/friends', { user: u });
      result.friends[u.name] = list.json.data;
    }

    // Two sockets as the client opens them (default transports: polling, then websocket).
    const connect = async (u) => {
      const socket = io(api, { path: '/socket/v1/IM/', extraHeaders: { userid: String(u.id), authorization: u.token },
        ...socketOpts });
      const transports = [];
      socket.io.on('open', () => transports.push(socket.io.engine.transport.name));
      await new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', (err) => reject(new Error(`${u.name} connect_error: ${err.message}`)));
      });
      if (socketOpts.upgrade !== false && socket.io.engine.transport.name !== 'websocket') {
        await waitFor(socket.io.engine, 'upgrade');
      }
      transports.push(socket.io.engine.transport.name);
      log(`${u.name} connected: ${transports.join(' -> ')}`);
      return { socket, transports };
    };
    const sa = await connect(a);
    const sb = await connect(b);
    result.transports = { A: sa.transports, B: sb.transports };

    const pushed = new Promise((resolve) => sb.socket.once('on-message', (data, ack) => {
      const info = { isArrayBuffer: data instanceof ArrayBuffer, type: Object.prototype.toString.call(data) };
      info.message = decode('MessageDown', data);
      ack(encode('AckMessage', { statusCode: 200, message: 'Successfully.' }));
      resolve(info);
    }));
    const content = 'hello B from a browser \u{1F600}';
    const up = { msgId: crypto.randomUUID(), sender: a.id, receiver: b.id, type: 'text', content, timer: Date.now() };
    const ackData = await sa.socket.timeout(6000).emitWithAck('on-message', encode('MessageUp', up));
    result.ackIsArrayBuffer = ackData instanceof ArrayBuffer;
    result.ack = decode('AckMessage', ackData);
    log(`A ack: ${JSON.stringify(result.ack)}`);
    result.sent = up;
    result.received = await Promise.race([pushed,
      new Promise((_, reject) => setTimeout(() => reject(new Error('no on-message push at B in 5 s')), 5000))]);
    log(`B got: ${JSON.stringify(result.received.message)}`);

    // B acked the push: its offline pull is empty (the server records the ack asynchronously).
    let pull;
    for (let i = 0; i < 40; i += 1) {
      pull = await call('GET', '/events/message', { user: b });
      if (pull.json.count === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    result.offline = pull.json;
    result.transportsAtEnd = { A: sa.socket.io.engine.transport.name, B: sb.socket.io.engine.transport.name };
    sa.socket.disconnect();
    sb.socket.disconnect();
    await new Promise((r) => setTimeout(r, 300));  // the close requests (41, then 1) complete
    status(`PASS: ${a.account} -> ${b.account} "${content}" ack ${result.ack.statusCode}, ` +
      `pushed as ${result.received.type}, offline ${result.offline.count}`, 'green');
  } catch (err) {
    result.error = String(err?.stack ?? err);
    status(`FAIL: ${err?.message ?? err}`, 'red');
  }
  return result;
}

// Runs inside a page whose origin is not allowed: the API replies must be unreadable.
async function foreignOrigin({ api }) {
  const outcome = async (promise) => {
    try { const res = await promise; return `read ${res.status}`; } catch (err) { return err.name; }
  };
  const simple = await outcome(fetch(`${api}/api/v1`, { credentials: 'include' }));
  const preflighted = await outcome(fetch(`${api}/api/v1/users/login`, {
    method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ account: '13900000000', pwd: 'x' }),
  }));
  const socket = io(api, { path: '/socket/v1/IM/', reconnection: false,
    extraHeaders: { userid: '10000', authorization: 'x' } });
  const sock = await new Promise((resolve) => {
    socket.once('connect', () => resolve('connected'));
    socket.once('connect_error', (err) => resolve(`connect_error: ${err.message}`));
  });
  socket.close();
  document.getElementById('status').textContent = `foreign origin: ${simple} / ${preflighted} / ${sock}`;
  return { simple, preflighted, sock };
}

const skip = !haveChromium && `no ${chromiumBin}`;

// Opens the page on the allowed origin, runs electronFlow in it and checks what it saw.
// `transport` is the one both sockets must end on.
async function runFlow({ socketOpts, transport, screenshot }) {
  const page = await browser.newPage();
  const consoleLines = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  // Every Engine.IO request of the session, the closing ones included, must succeed.
  const socketErrors = [];
  page.on('response', (r) => {
    if (r.url().includes('/socket/v1/IM') && r.status() >= 400) {
      socketErrors.push(`${r.request().method()} ${r.request().postData() ?? ''} -> ${r.status()}`);
    }
  });
  page.on('requestfailed', (r) => socketErrors.push(`${r.method()} ${r.url()} failed: ${r.failure()?.errorText}`));
  let result;
  try {
    const tStart = Date.now();
    await page.goto(`${allowedOrigin}/`);
    if (process.env.BROWSER_TIMING) console.error(`goto ${Date.now() - tStart} ms`);
    // The allowed origin can read the public route (simple request, echoed origin).
    const hello = await page.evaluate(async (api) => {
      const res = await fetch(`${api}/api/v1`, { credentials: 'include' });
      return { status: res.status, text: await res.text() };
    }, srv.baseUrl);
    assert.deepEqual(hello, { status: 200, text: 'Hello World!' });

    const proto = readFileSync(assets['/im.proto'], 'utf8');
    result = await page.evaluate(electronFlow, { api: srv.baseUrl, proto, socketOpts });
  } finally {
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
    await page.close();
  }
  assert.equal(result.error, undefined, `${result.error}\nconsole:\n${consoleLines.join('\n')}\n` +
    `server:\n${srv.output().slice(-3000)}`);
  const [a, b] = result.users;
  assert.deepEqual(result.asked, { statusCode: 200, message: 'Seccessed, wait for the other party to agree.' });
  assert.deepEqual(result.agreed, { statusCode: 200, message: 'Successfully.' });
  assert.equal(result.friends.A.count, 1);
  assert.equal(result.friends.A.friends[0].id, b.id);
  assert.equal(result.friends.B.count, 1);
  assert.equal(result.friends.B.friends[0].id, a.id);
  assert.equal(result.friends.A.friends[0].astrolabe, false);

  // Always opened over polling; `transport` after the upgrade (or without one) and at the end.
  assert.deepEqual(result.transports, { A: ['polling', transport], B: ['polling', transport] });
  assert.deepEqual(result.transportsAtEnd, { A: transport, B: transport });

  assert.equal(result.ackIsArrayBuffer, true);
  assert.deepEqual(result.ack, { statusCode: 200, message: 'Successfully.' });
  assert.equal(result.received.isArrayBuffer, true, `push arrived as ${result.received.type}`);
  const down = result.received.message;
  assert.equal(down.msgId, result.sent.msgId);
  assert.equal(down.content, result.sent.content);
  assert.equal(down.sender, a.id);
  assert.equal(down.receiver, b.id);
  assert.equal(down.type, 'text');
  assert.equal(down.timer, result.sent.timer);
  assert.ok(down.id > 0);
  assert.equal(down.senderInfo.id, a.id);
  assert.equal(down.senderInfo.account, a.account);
  assert.match(down.senderInfo.regisTime, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  assert.equal(down.groupId, undefined);
  assert.deepEqual(result.offline, { statusCode: 200, count: 0, data: [] });
  assert.deepEqual(socketErrors, []);
}

test('the Electron client flow works from headless chromium (polling, then websocket)', { skip, timeout: 60000 }, () =>
  runFlow({ socketOpts: {}, transport: 'websocket', screenshot: screenshotPath }));

// Binary packets over long-polling (docs/contract/realtime.md 2.4, 9.2): base64 "b" packets in both
// directions.
test('the same flow when the sockets stay on long-polling', { skip, timeout: 60000 }, () =>
  runFlow({ socketOpts: { upgrade: false }, transport: 'polling' }));

test('a page from an origin that is not allowed cannot read the API or connect', { skip, timeout: 30000 }, async () => {
  const page = await browser.newPage();
  try {
    await page.goto(`http://localhost:${evilPage.port}/`);
    const r = await page.evaluate(foreignOrigin, { api: srv.baseUrl });
    assert.deepEqual(r, { simple: 'TypeError', preflighted: 'TypeError', sock: 'connect_error: xhr poll error' });
  } finally {
    await page.close();
  }
});
