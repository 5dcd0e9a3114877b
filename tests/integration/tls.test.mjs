// TLS on the server's one port (TLS_CERT / TLS_KEY, docs/configuration.md): HTTPS for the API,
// uploads and Engine.IO polling, WSS for websockets, with a self-signed certificate made by the
// openssl CLI that the clients trust through `ca` (no rejectUnauthorized: false anywhere).
// Plain HTTP on that port gets no plaintext reply; unusable certificate files stop the start.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newAccount, requestParts, startServer } from './harness.mjs';
import { ACK_OK, connectSocket, dec, once, sendMessage, upMessage } from './im_client.mjs';

let srv;
let certDir;
let ca;
const certFile = () => path.join(certDir, 'cert.pem');
const keyFile = () => path.join(certDir, 'key.pem');

function makeCert(dir, name) {
  const cert = path.join(dir, `${name}-cert.pem`);
  const key = path.join(dir, `${name}-key.pem`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '1',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key };
}

before(async () => {
  certDir = mkdtempSync(path.join(tmpdir(), 'im-tls-'));
  const { cert, key } = makeCert(certDir, 'server');
  execFileSync('cp', [cert, certFile()]);
  execFileSync('cp', [key, keyFile()]);
  ca = readFileSync(certFile());
  srv = await startServer({ args: ['--require-friendship', 'false', '--upload-max-bytes', '200000'],
    env: { TLS_CERT: certFile(), TLS_KEY: keyFile() } });
});
after(async () => {
  await srv?.stop();
  rmSync(certDir, { recursive: true, force: true });
});

// One HTTPS call trusting the test certificate (unless `untrusted`). Returns { status, headers, text, json }.
function request(method, urlPath, { untrusted = false, ...options } = {}) {
  const { headers: h, payload } = requestParts(options);
  if (payload !== undefined) h['content-length'] = Buffer.byteLength(payload);
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port: srv.port, method, path: urlPath, headers: h,
      ca: untrusted ? undefined : ca, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        let json;
        try { json = text ? JSON.parse(text) : undefined; } catch { json = undefined; }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function register() {
  const account = newAccount();
  const r = await request('POST', '/api/v1/users/create', { body: { account, pwd: 'abc12345' } });
  assert.equal(r.status, 200, r.text);
  const l = await request('POST', '/api/v1/users/login', { body: { account, pwd: 'abc12345' } });
  assert.equal(l.status, 200, l.text);
  return { id: l.json.data.id, account, token: l.json.data.token };
}

test('the listening line and the base URL say https', () => {
  assert.match(srv.output(), /listening on https:\/\/127\.0\.0\.1:\d+/);
  assert.ok(srv.baseUrl.startsWith('https://'));
});

test('HTTPS: GET /api/v1 (Hello World!) and register + login through /api', async () => {
  const root = await request('GET', '/api/v1');
  assert.equal(root.status, 200);
  assert.equal(root.text, 'Hello World!');
  const u = await register();
  assert.ok(u.id > 0);
  const me = await request('GET', `/api/v1/users/${u.id}`, { token: u.token, userid: u.id });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.data.account, u.account);
});

test('a client that does not trust the certificate fails the handshake; the server goes on', async () => {
  await assert.rejects(request('GET', '/api/v1', { untrusted: true }),
    (e) => /self[- ]signed|unable to verify/i.test(`${e.code} ${e.message}`));
  assert.equal((await request('GET', '/api/v1')).status, 200);
});

test('plain HTTP on the TLS port gets no plaintext reply and is dropped', async () => {
  const received = await new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port: srv.port });
    const chunks = [];
    const timer = setTimeout(() => { s.destroy(); reject(new Error('connection held open')); }, 10000);
    s.on('connect', () => s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'));
    s.on('data', (c) => chunks.push(c));
    s.on('error', () => {});  // a reset is a fine way to be dropped
    s.on('close', () => { clearTimeout(timer); resolve(Buffer.concat(chunks)); });
  });
  assert.ok(!received.toString('latin1').includes('HTTP/1.1'), `plaintext reply: ${received}`);
  assert.equal((await request('GET', '/api/v1')).status, 200);
});

test('413 over TLS: a JSON body over 100 kb is refused and the server keeps serving', async () => {
  const big = JSON.stringify({ account: '13800000001', pwd: 'x'.repeat(110000) });
  const r = await request('POST', '/api/v1/users/login', { raw: big,
    headers: { 'content-type': 'application/json' } });
  assert.equal(r.status, 413);
  assert.equal(r.text, '{"statusCode":413,"message":"request entity too large"}');
  assert.equal((await request('GET', '/api/v1')).status, 200);
});

test('multipart uploads over TLS: an image is stored, a file over UPLOAD_MAX_BYTES gets 413', async () => {
  const u = await register();
  const png = path.join(certDir, 'probe.png');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=s=320x240',
    '-frames:v', '1', png]);
  const upload = async (bytes, name) => {
    const form = new FormData();
    form.append('file', new Blob([bytes]), name);
    const encoded = new Request('http://x/', { method: 'POST', body: form });
    return request('POST', '/api/v1/events/image', { token: u.token, userid: u.id,
      raw: Buffer.from(await encoded.arrayBuffer()),
      headers: { 'content-type': encoded.headers.get('content-type') } });
  };
  const ok = await upload(readFileSync(png), 'probe.png');
  assert.equal(ok.status, 200, ok.text);
  assert.equal(ok.json.data.path, `${path.join(srv.dir, 'upload')}/${u.id}/probe.png`);
  const big = await upload(Buffer.alloc(300000, 1), 'big.png');
  assert.equal(big.status, 413);
  assert.equal(big.json.message, 'File too large');
  assert.equal((await request('GET', '/api/v1')).status, 200);
});

test('WSS: websocket-only and polling-then-upgrade clients authenticate, push and ack', { timeout: 30000 }, async () => {
  const a = await register();
  const b = await register();
  // (2) B: straight to wss://, as the transports: ['websocket'] clients do.
  const sb = connectSocket(srv.baseUrl, b, { transports: ['websocket'], ca });
  await once(sb, 'connect');
  assert.equal(sb.io.engine.transport.name, 'websocket');
  // (3) A: long-polling over HTTPS first, then the upgrade to wss://.
  const sa = connectSocket(srv.baseUrl, a, { ca });
  await once(sa, 'connect');
  if (sa.io.engine.transport.name !== 'websocket') await once(sa.io.engine, 'upgrade');
  assert.equal(sa.io.engine.transport.name, 'websocket');

  for (const [from, to, sFrom, sTo] of [[a, b, sa, sb], [b, a, sb, sa]]) {
    const got = new Promise((resolve) => sTo.once('on-message', (data, cb) => { cb(ACK_OK); resolve(data); }));
    const msg = upMessage(from, to, { content: `over tls from ${from.id}` });
    assert.deepEqual(await sendMessage(sFrom, msg), { statusCode: 200, message: 'Successfully.' });
    const down = dec('MessageDown', await got);
    assert.equal(down.msgId, msg.msgId);
    assert.equal(down.content, msg.content);
  }
  sa.disconnect();
  sb.disconnect();
});

test('polling-only Engine.IO over HTTPS: push and ack', { timeout: 20000 }, async () => {
  const a = await register();
  const b = await register();
  const sa = connectSocket(srv.baseUrl, a, { transports: ['polling'], ca });
  const sb = connectSocket(srv.baseUrl, b, { transports: ['polling'], ca });
  await Promise.all([once(sa, 'connect'), once(sb, 'connect')]);
  assert.equal(sb.io.engine.transport.name, 'polling');
  const got = new Promise((resolve) => sb.once('on-message', (data, cb) => { cb(ACK_OK); resolve(data); }));
  const msg = upMessage(a, b, { content: 'polled over tls' });
  assert.deepEqual(await sendMessage(sa, msg), { statusCode: 200, message: 'Successfully.' });
  assert.equal(dec('MessageDown', await got).content, 'polled over tls');
  sa.disconnect();
  sb.disconnect();
});

test('a server-side close over WSS: logout ends the socket (S7), the server goes on', { timeout: 20000 }, async () => {
  const a = await register();
  const s = connectSocket(srv.baseUrl, a, { transports: ['websocket'], ca });
  await once(s, 'connect');
  const closed = new Promise((resolve) => s.once('disconnect', (reason) => resolve(reason)));
  const out = await request('POST', '/api/v1/users/logout', { token: a.token, userid: a.id });
  assert.equal(out.status, 200, out.text);
  assert.equal(await closed, 'io server disconnect');
  assert.equal((await request('GET', '/api/v1')).status, 200);
});

test('start-up errors name the file: missing certificate, key of another certificate', async () => {
  const missing = path.join(certDir, 'nope.pem');
  await assert.rejects(startServer({ env: { TLS_CERT: missing, TLS_KEY: keyFile() } }),
    (e) => e.message.includes('TLS_CERT') && e.message.includes(missing));
  const other = makeCert(certDir, 'other');
  await assert.rejects(startServer({ env: { TLS_CERT: certFile(), TLS_KEY: other.key } }),
    (e) => e.message.includes('TLS_KEY') && e.message.includes(other.key) && /match/.test(e.message));
  await assert.rejects(startServer({ env: { TLS_CERT: certFile() } }),
    (e) => e.message.includes('TLS_CERT and TLS_KEY must be set together'));
});
