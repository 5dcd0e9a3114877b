// The IM events over the real server (docs/contract/realtime.md 3-8) with socket.io-client 4.7.2
// and protobufjs 7.2.5. Users need not be friends: the server runs with --require-friendship false.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { io } from 'socket.io-client';
import { startServer, registerUser, api } from './harness.mjs';
import { ACK_OK, connectSocket, dec, enc, once, online as onlineAt, sendMessage, upMessage } from './im_client.mjs';

let srv;
before(async () => { srv = await startServer({ args: ['--require-friendship', 'false'] }); });
after(async () => { await srv.stop(); });

const connect = (user, opts = {}) => connectSocket(srv.baseUrl, user, opts);

const online = (user, opts) => onlineAt(srv.baseUrl, user, opts);
const up = upMessage;
const send = sendMessage;

// A raw Engine.IO long-polling session of `user` (docs/contract/realtime.md 2.4): its sid, the URL
// of its requests, and GET/POST on it.
const pollingUrl = (sid) => `/socket/v1/IM/?EIO=4&transport=polling${sid ? `&sid=${sid}` : ''}`;
async function rawPolling(user) {
  const open = await api(srv.baseUrl, 'GET', pollingUrl(), { token: user.token, userid: user.id });
  const sid = JSON.parse(open.text.slice(1)).sid;
  return {
    sid,
    path: pollingUrl(sid),
    get: () => api(srv.baseUrl, 'GET', pollingUrl(sid)),
    post: (body) => api(srv.baseUrl, 'POST', pollingUrl(sid), { raw: body, headers: { 'content-type': 'text/plain;charset=UTF-8' } }),
  };
}

test('A -> B delivery with acks both ways; default transports upgrade', { timeout: 30000 }, async () => {
  const a = await registerUser(srv.baseUrl);
  const b = await registerUser(srv.baseUrl);
  const sa = await online(a);
  const sb = await online(b);
  if (sb.io.engine.transport.name !== 'websocket') await once(sb.io.engine, 'upgrade');
  assert.equal(sb.io.engine.transport.name, 'websocket');
  const got = new Promise((resolve) => sb.once('on-message', (data, cb) => { cb(ACK_OK); resolve(data); }));
  const msg = up(a, b, { content: 'hi 😀' });
  assert.deepEqual(await send(sa, msg), { statusCode: 200, message: 'Successfully.' });
  const down = dec('MessageDown', await got);
  assert.equal(down.msgId, msg.msgId);
  assert.equal(down.sender, a.id);
  assert.equal(down.content, 'hi 😀');
  assert.equal(down.senderInfo.id, a.id);
  assert.ok(down.id > 0);
  // B confirmed: nothing to pull
  const pull = await api(srv.baseUrl, 'GET', '/api/v1/events/message', { token: b.token, userid: b.id });
  assert.equal(pull.status, 200);
  sa.disconnect();
  sb.disconnect();
});

test('bad token: connect_error "Authentication error"', { timeout: 15000 }, async () => {
  const s = io(srv.baseUrl, { path: '/socket/v1/IM/', extraHeaders: { userid: '10000', authorization: 'nope' },
    reconnection: false, forceNew: true });
  const [err] = await once(s, 'connect_error');
  assert.equal(err.message, 'Authentication error');
  s.close();
});

test('sender spoofing -> 403; garbage and text -> exception event', { timeout: 20000 }, async () => {
  const a = await registerUser(srv.baseUrl);
  const b = await registerUser(srv.baseUrl);
  const sa = await online(a, { transports: ['websocket'] });
  assert.deepEqual(await send(sa, up(b, a)), { statusCode: 403, message: 'Forbidden resource' });
  const ex = once(sa, 'exception');
  sa.emit('on-message', Buffer.from([0x0a, 0x01, 0x41]), () => assert.fail('no ack expected'));
  assert.deepEqual((await ex)[0], { status: 'error', message: 'Internal server error' });
  const ex2 = once(sa, 'exception');
  sa.emit('on-message', 'hello as text');
  await ex2;
  assert.deepEqual(await send(sa, up(a, b, { type: 'file' })), { statusCode: 500, message: 'Database Error.' });
  sa.disconnect();
});

test('multi-device and B18: a disconnect removes only its own socket', { timeout: 20000 }, async () => {
  const a = await registerUser(srv.baseUrl);
  const b = await registerUser(srv.baseUrl);
  const sa = await online(a);
  const b1 = await online(b);
  const b2 = await online(b);
  const both = Promise.all([b1, b2].map((s) => new Promise((r) => s.once('on-message', (d, cb) => { cb(ACK_OK); r(d); }))));
  assert.equal((await send(sa, up(a, b))).statusCode, 200);
  await both;
  b1.disconnect();
  const got = new Promise((r) => b2.once('on-message', (d, cb) => { cb(ACK_OK); r(d); }));
  assert.equal((await send(sa, up(a, b, { content: 'after' }))).statusCode, 200);
  assert.equal(dec('MessageDown', await got).content, 'after');
  sa.disconnect();
  b2.disconnect();
});

test('offline receiver pulls over HTTP (E4/E5); a JSON ack counts as failure', { timeout: 20000 }, async () => {
  const a = await registerUser(srv.baseUrl);
  const b = await registerUser(srv.baseUrl);
  const sa = await online(a);
  const m1 = up(a, b, { content: 'while offline' });
  assert.equal((await send(sa, m1)).statusCode, 200);
  const sb = await online(b);
  const pushed = new Promise((r) => sb.once('on-message', (d, cb) => { cb({ statusCode: 200 }); r(d); }));
  assert.equal((await send(sa, up(a, b, { content: 'json acked' }))).statusCode, 200);
  await pushed;
  let pull;
  for (let i = 0; i < 50; i++) {  // the failed JSON-ack delivery is recorded asynchronously
    pull = await api(srv.baseUrl, 'GET', '/api/v1/events/message?currentPage=1&pageSize=100', { token: b.token, userid: b.id });
    if (pull.json.count === 2) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(pull.json.count, 2);
  assert.deepEqual(Object.keys(pull.json.data[0]),
    ['id', 'msgId', 'type', 'sender', 'groupId', 'receiver', 'content', 'timer', 'ext', 'senderInfo']);
  const top = Math.max(...pull.json.data.map((m) => m.id));
  const r = await api(srv.baseUrl, 'POST', '/api/v1/events/message/received', { token: b.token, userid: b.id, body: { id: top } });
  assert.deepEqual(r.json, { statusCode: 200, message: 'Successfully' });
  const again = await api(srv.baseUrl, 'GET', '/api/v1/events/message', { token: b.token, userid: b.id });
  assert.deepEqual(again.json, { statusCode: 200, count: 0, data: [] });
  sa.disconnect();
  sb.disconnect();
});

test('read receipt is stored, acked and pushed', { timeout: 20000 }, async () => {
  const a = await registerUser(srv.baseUrl);
  const b = await registerUser(srv.baseUrl);
  const sa = await online(a);
  const sb = await online(b);
  const got = new Promise((r) => sa.once('on-message:read', (d, cb) => { cb(ACK_OK); r(d); }));
  const read = enc('MessageRead', { id: 1, sender: b.id, receiver: a.id });
  const ack = dec('AckMessage', await sb.timeout(6000).emitWithAck('on-message:read', read));
  assert.equal(ack.statusCode, 200);
  assert.ok(Buffer.from(await got).equals(read));
  sa.disconnect();
  sb.disconnect();
});

// 3.5: a client DISCONNECT `41` ends the socket, not the Engine.IO connection: socket.io-client
// sends its own close `1` next (separately when polling), which must be answered `ok`; a new
// CONNECT on the same connection is authenticated again from the handshake headers.
test('polling: 41 keeps the Engine.IO connection for the client close 1; 40 again reconnects', { timeout: 20000 }, async () => {
  const a = await registerUser(srv.baseUrl);
  const { get, post } = await rawPolling(a);
  assert.equal((await post('40')).text, 'ok');
  assert.match((await get()).text, /^40\{"sid":"[^"]+"\}$/);
  assert.equal((await post('41')).text, 'ok');
  assert.equal((await post('40')).text, 'ok');
  assert.match((await get()).text, /^40\{"sid":"[^"]+"\}$/);
  assert.equal((await post('41')).text, 'ok');
  const close = await post('1');
  assert.equal(close.status, 200);
  assert.equal(close.text, 'ok');
  const after = await get();
  assert.equal(after.status, 400);
  assert.deepEqual(after.json, { code: 1, message: 'Session ID unknown' });
});

test('S7 over polling with no GET waiting: the next GETs still get 41, then the close', { timeout: 20000 }, async () => {
  const a = await registerUser(srv.baseUrl);
  const { get, post } = await rawPolling(a);
  assert.equal((await post('40')).text, 'ok');
  assert.match((await get()).text, /^40\{"sid":"[^"]+"\}$/);
  // No GET is pending now; the token is revoked.
  const out = await api(srv.baseUrl, 'POST', '/api/v1/users/logout', { token: a.token, userid: a.id });
  assert.equal(out.status, 200, out.text);
  // `41` alone, then the close: socket.io-client reports one "io server disconnect".
  const last = await get();
  assert.equal(last.status, 200);
  assert.equal(last.text, '41');
  const close = await get();
  assert.equal(close.status, 200);
  assert.equal(close.text, '1');
  // Then the session is gone.
  const after = await get();
  assert.equal(after.status, 400);
  assert.deepEqual(after.json, { code: 1, message: 'Session ID unknown' });
});

test('a polling POST over maxPayload gets 413 and ends its connection (2.6)', { timeout: 20000 }, async () => {
  const a = await registerUser(srv.baseUrl);
  for (const size of [1000001, 2 * 1024 * 1024]) {
    const { get, post } = await rawPolling(a);
    assert.equal((await post('4'.repeat(size))).status, 413, `${size} bytes`);
    const after = await get();
    assert.equal(after.status, 400);
    assert.deepEqual(after.json, { code: 1, message: 'Session ID unknown' });
  }
});

test('S7 with a polling-only socket.io-client: one disconnect, "io server disconnect"', { timeout: 20000 }, async () => {
  const a = await registerUser(srv.baseUrl);
  const s = await online(a, { transports: ['polling'] });
  const reasons = [];
  s.on('disconnect', (reason) => reasons.push(reason));
  const out = await api(srv.baseUrl, 'POST', '/api/v1/users/logout', { token: a.token, userid: a.id });
  assert.equal(out.status, 200, out.text);
  const end = Date.now() + 5000;
  while (reasons.length === 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 500));  // a second event would come right after
  assert.deepEqual(reasons, ['io server disconnect']);
  s.close();
});

test('a second polling POST while one is in flight: 400 and the connection ends (2.4)', { timeout: 20000 }, async () => {
  const a = await registerUser(srv.baseUrl);
  const { path, get, post } = await rawPolling(a);
  // The first POST sends its header and only part of its body.
  const first = net.connect(srv.port, '127.0.0.1');
  await new Promise((r) => first.once('connect', r));
  first.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 2\r\n\r\n4`);
  await new Promise((r) => setTimeout(r, 200));
  const second = await post('3');
  assert.equal(second.status, 400);
  assert.deepEqual(second.json, { code: 3, message: 'Bad request' });
  first.end('x');
  first.destroy();
  const after = await get();
  assert.equal(after.status, 400);
  assert.deepEqual(after.json, { code: 1, message: 'Session ID unknown' });
});
