// The in-process server of the im_node addon driven like the Electron client: fetch for the
// HTTP API and socket.io-client 4.7.2 (polling, then upgrade to websocket) for the realtime
// events, with libim's codec (through the addon) on the client side. Also the addon's life
// cycle (close, garbage collection) and its token helpers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { io } from 'socket.io-client';
import { im } from './addon.mjs';

const SECRET = 'node-binding-test-secret';
const ORIGIN = 'http://localhost:1212';
let srv;
before(() => {
  srv = im.startServer({ port: 0, storage: 'memory', secret: SECRET, origins: [ORIGIN], bcryptCost: 4 });
});
after(() => srv.close());

async function call(method, path, { body, user } = {}) {
  const headers = { origin: ORIGIN };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (user) Object.assign(headers, { userid: String(user.id), authorization: user.token });
  const res = await fetch(srv.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined, headers: res.headers };
}

let n = 0;
const newAccount = () => `139${String((process.pid % 1000) * 10000 + ++n).padStart(8, '0')}`;

async function signUpAndLogin() {
  const account = newAccount();
  const created = await call('POST', '/api/v1/users/create', { body: { account, pwd: 'abc12345' } });
  assert.equal(created.status, 200, JSON.stringify(created.json));
  const login = await call('POST', '/api/v1/users/login', { body: { account, pwd: 'abc12345' } });
  assert.equal(login.status, 200, JSON.stringify(login.json));
  assert.equal(login.headers.get('access-control-allow-origin'), ORIGIN);
  const { id, token } = login.json.data;
  assert.equal(typeof token, 'string');
  return { id, account, token };
}

const once = (emitter, ev) => new Promise((resolve) => emitter.once(ev, (...a) => resolve(a)));

// As the Electron client connects: credentials in headers, default transports (polling first).
async function online(user) {
  const socket = io(srv.url, {
    path: '/socket/v1/IM/',
    extraHeaders: { userid: String(user.id), authorization: user.token },
    reconnection: false,
    forceNew: true,
  });
  await once(socket, 'connect');
  if (socket.io.engine.transport.name !== 'websocket') await once(socket.io.engine, 'upgrade');
  assert.equal(socket.io.engine.transport.name, 'websocket');
  return socket;
}

test('the Electron client flow end to end: sign-up, login, friends, socket, message pushed and acked', { timeout: 30000 }, async () => {
  const a = await signUpAndLogin();
  const b = await signUpAndLogin();

  // Friends: A asks, B finds the request and agrees (F1, E1, F6).
  const asked = await call('POST', '/api/v1/friends', { user: a, body: { userId: b.id } });
  assert.equal(asked.status, 200, JSON.stringify(asked.json));
  const pending = await call('GET', '/api/v1/events/notify', { user: b });
  const notify = pending.json.data.find((x) => x.sender === a.id);
  assert.ok(notify, JSON.stringify(pending.json));
  const agreed = await call('POST', '/api/v1/friends/agree', { user: b, body: { notifyId: notify.id } });
  assert.equal(agreed.status, 200, JSON.stringify(agreed.json));
  const friends = await call('GET', '/api/v1/friends', { user: a });
  assert.deepEqual(friends.json.data.friends.map((f) => f.id), [b.id]);

  const sa = await online(a);
  const sb = await online(b);
  const pushed = new Promise((resolve) => sb.once('on-message', (data, ack) => {
    ack(im.encode('AckMessage', { statusCode: 200n, message: 'Successfully.' }));
    resolve(data);
  }));
  const up = { msgId: randomUUID(), sender: BigInt(a.id), receiver: BigInt(b.id), type: 'text',
    content: 'hello from the binding', timer: BigInt(Date.now()) };
  const ack = await sa.timeout(6000).emitWithAck('on-message', im.encode('MessageUp', up));
  assert.deepEqual(im.decode('AckMessage', ack), { statusCode: 200n, message: 'Successfully.' });

  const down = im.decode('MessageDown', Buffer.from(await pushed));
  assert.equal(down.msgId, up.msgId);
  assert.equal(down.sender, BigInt(a.id));
  assert.equal(down.receiver, BigInt(b.id));
  assert.equal(down.content, up.content);
  assert.equal(down.timer, up.timer);
  assert.equal(typeof down.id, 'bigint');
  assert.equal(down.senderInfo.id, BigInt(a.id));
  assert.equal(down.senderInfo.account, a.account);

  // B acked the push: nothing is left for B to pull (E4).
  let left;
  for (let i = 0; i < 50; i++) {
    left = await call('GET', '/api/v1/events/message', { user: b });
    if (left.status === 200 && JSON.stringify(left.json).indexOf(up.msgId) < 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(left.status, 200);
  assert.ok(!JSON.stringify(left.json).includes(up.msgId), JSON.stringify(left.json));
  sa.disconnect();
  sb.disconnect();
});

test('a socket without valid credentials gets "Authentication error"', { timeout: 10000 }, async () => {
  const s = io(srv.url, { path: '/socket/v1/IM/', extraHeaders: { userid: '1', authorization: 'nope' },
    reconnection: false, forceNew: true });
  const [err] = await once(s, 'connect_error');
  assert.equal(err.message, 'Authentication error');
  s.close();
});

test('tokens: signJwt/verifyJwt follow the server rules (HS256 pinned, exp, secret)', () => {
  const token = im.signJwt({ id: 42, account: 'x', exp: 2000000000 }, SECRET);
  assert.deepEqual(im.verifyJwt(token, SECRET, 1999999999), { id: 42, account: 'x', exp: 2000000000 });
  assert.throws(() => im.verifyJwt(token, SECRET, 2000000000), { message: 'jwt expired', code: 'expired' });
  assert.throws(() => im.verifyJwt(token, 'other', 0), { code: 'bad_signature' });
  const [, body, sig] = token.split('.');
  const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${body}.${sig}`;
  assert.throws(() => im.verifyJwt(none, SECRET, 0), { code: 'bad_algorithm' });
  assert.throws(() => im.verifyJwt('abc', SECRET), { message: 'jwt malformed', code: 'malformed' });
  assert.throws(() => im.signJwt('x', SECRET), TypeError);
  assert.throws(() => im.signJwt({}, ''), /secret must not be empty/);
  // Key order is kept, as the server does.
  const ordered = im.signJwt({ b: 1, a: 2 }, SECRET);
  assert.equal(Buffer.from(ordered.split('.')[1], 'base64url').toString(), '{"b":1,"a":2}');
  assert.equal(ordered.split('.')[0], Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url'));
});

test('startServer options: errors are JS Errors, close is idempotent, a closed port is free', async () => {
  assert.throws(() => im.startServer({}), { name: 'Error', message: 'startServer: secret is required' });
  assert.throws(() => im.startServer({ secret: 's', port: 70000 }), RangeError);
  assert.throws(() => im.startServer({ secret: 's', origins: 'x' }), TypeError);
  assert.throws(() => im.startServer({ secret: 's', port: srv.port }), /startServer: /);
  const s = im.startServer({ secret: 's', requireFriendship: false, storage: 'memory' });
  assert.ok(s.port > 0);
  assert.equal(s.closed, false);
  assert.equal((await fetch(`${s.url}/api/v1`)).status, 200);
  s.close();
  s.close();
  assert.equal(s.closed, true);
  await assert.rejects(fetch(`${s.url}/api/v1`));
  const again = im.startServer({ secret: 's', port: s.port });
  assert.equal(again.port, s.port);
  again.close();
});

test('garbage collection of an unclosed server stops it without crashing', { timeout: 20000 }, async () => {
  if (typeof global.gc !== 'function') return;  // needs --expose-gc (ctest passes it)
  let port;
  (() => {
    const s = im.startServer({ secret: 's' });
    port = s.port;
  })();
  for (let i = 0; i < 20; i++) {
    global.gc();
    await new Promise((r) => setTimeout(r, 50));
    try {
      await fetch(`http://127.0.0.1:${port}/api/v1`);
    } catch {
      return;  // stopped by the finalizer
    }
  }
  assert.fail('the unreachable server was not stopped by garbage collection');
});

test('a sqlite file as storage keeps users across restarts', async (t) => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const dir = mkdtempSync(path.join(tmpdir(), 'im-node-db-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'im.db');
  const account = newAccount();
  let s = im.startServer({ secret: 's', storage: file, bcryptCost: 4 });
  let r = await fetch(`${s.url}/api/v1/users/create`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, pwd: 'abc12345' }) });
  assert.equal(r.status, 200);
  s.close();
  s = im.startServer({ secret: 's', storage: file });
  r = await fetch(`${s.url}/api/v1/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ account, pwd: 'abc12345' }) });
  assert.equal(r.status, 200);
  s.close();
});
