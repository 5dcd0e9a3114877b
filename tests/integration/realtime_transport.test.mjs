// Engine.IO v4 / Socket.IO v5 transport (realtime.md 2, 3) with the real socket.io-client 4.7.2
// against the generic echo server built from server/socketio (examples/socketio_echo, run with
// the IM socket path, header credentials and an origin list).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.SIO_ECHO_BIN ?? path.join(here, '..', '..', 'build', 'examples', 'socketio_echo');
const PATH = '/socket/v1/IM/';
let proc;
let base;

before(async () => {
  proc = spawn(bin, ['--path', PATH, '--auth-header', 'good', '--origin', 'http://localhost:1212'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (code) => reject(new Error(`echo server exited ${code}`)));
  });
});

after(() => proc.kill('SIGTERM'));

function connect(opts = {}) {
  return io(base, {
    path: PATH,
    extraHeaders: { userid: '1', authorization: 'good' },
    reconnection: false,
    forceNew: true,
    ...opts,
  });
}

const once = (emitter, ev) => new Promise((resolve) => emitter.once(ev, (...a) => resolve(a)));

test('default transports: polling, then upgrade to websocket', { timeout: 20000 }, async () => {
  const s = connect();
  await once(s, 'connect');
  // The upgrade may complete before or after the CONNECT reply arrives.
  if (s.io.engine.transport.name !== 'websocket') await once(s.io.engine, 'upgrade');
  assert.equal(s.io.engine.transport.name, 'websocket');
  const reply = await s.timeout(3000).emitWithAck('echo', Buffer.from([1, 2, 3]));
  assert.ok(Buffer.from(reply).equals(Buffer.from([1, 2, 3])));
  s.disconnect();
});

test('polling only: binary events, acks and server emits', { timeout: 20000 }, async () => {
  const s = connect({ transports: ['polling'] });
  await once(s, 'connect');
  const echoed = once(s, 'echo');
  const ack = await s.timeout(3000).emitWithAck('echo', Buffer.from('hi'), 'text', { a: 1 });
  assert.equal(Buffer.from(ack).toString(), 'hi');
  const [bin, text, obj] = await echoed;
  assert.equal(Buffer.from(bin).toString(), 'hi');
  assert.equal(text, 'text');
  assert.deepEqual(obj, { a: 1 });
  s.disconnect();
});

test('websocket only (credentials on the upgrade request)', { timeout: 20000 }, async () => {
  const s = connect({ transports: ['websocket'] });
  await once(s, 'connect');
  assert.equal(s.io.engine.transport.name, 'websocket');
  const ack = await s.timeout(3000).emitWithAck('echo', 'plain');
  assert.equal(ack, 'plain');
  s.disconnect();
});

test('bad credentials: connect_error "Authentication error"', { timeout: 20000 }, async () => {
  for (const transports of [['polling'], ['websocket']]) {
    const s = connect({ transports, extraHeaders: { userid: '1', authorization: 'bad' } });
    const [err] = await once(s, 'connect_error');
    assert.equal(err.message, 'Authentication error');
    s.close();
  }
});

test('server push with ack: binary ack, JSON ack and disconnect before acking', { timeout: 20000 }, async () => {
  const s = connect({ transports: ['websocket'] });
  await once(s, 'connect');
  s.once('pushed', (data, cb) => {
    assert.deepEqual([...new Uint8Array(data)], [8, 200, 1]);
    cb(Buffer.from([8, 200, 1]));
  });
  s.emit('push');
  assert.deepEqual(await once(s, 'push-result'), ['ok:binary']);
  s.once('pushed', (_data, cb) => cb({ statusCode: 200 }));
  s.emit('push');
  assert.deepEqual(await once(s, 'push-result'), ['ok:json']);
  s.disconnect();
});

test('raw polling: error replies, noop on probe, payload framing', { timeout: 20000 }, async () => {
  const url = (q) => `${base}${PATH}?${q}`;
  let r = await fetch(url('EIO=4&transport=nope'));
  assert.equal(r.status, 400);
  assert.equal(await r.text(), '{"code":0,"message":"Transport unknown"}');
  r = await fetch(url('EIO=4&transport=polling&sid=doesnotexist'));
  assert.equal(await r.text(), '{"code":1,"message":"Session ID unknown"}');
  r = await fetch(url('EIO=4&transport=polling'), { method: 'POST', body: '40' });
  assert.equal(await r.text(), '{"code":2,"message":"Bad handshake method"}');
  r = await fetch(`${base}/socket/v1/IM?EIO=3&transport=polling`);
  assert.equal(await r.text(), '{"code":5,"message":"Unsupported protocol version"}');

  r = await fetch(url('EIO=4&transport=polling'), { headers: { authorization: 'good' } });
  const open = JSON.parse((await r.text()).slice(1));
  assert.deepEqual(Object.keys(open), ['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload']);
  const sid = open.sid;
  r = await fetch(url(`EIO=4&transport=polling&sid=${sid}`), { method: 'POST', body: '40' });
  assert.equal(await r.text(), 'ok');
  assert.equal(r.headers.get('content-type'), 'text/html');
  // CONNECT reply, then the echo server's "auth" event with the (empty) CONNECT payload, in one
  // polling payload or two.
  let connected = '';
  while (connected.split('\x1e').length < 2) {
    r = await fetch(url(`EIO=4&transport=polling&sid=${sid}`));
    connected += (connected ? '\x1e' : '') + (await r.text());
  }
  assert.match(connected, /^40\{"sid":"[A-Za-z0-9_-]{20}"\}\x1e42\["auth",\{\}\]$/);
  // a binary event over polling, echoed back as b<base64>
  r = await fetch(url(`EIO=4&transport=polling&sid=${sid}`), {
    method: 'POST',
    body: '451-0["echo",{"_placeholder":true,"num":0}]\x1ebCMgB',
  });
  assert.equal(await r.text(), 'ok');
  r = await fetch(url(`EIO=4&transport=polling&sid=${sid}`));
  const payload = await r.text();
  assert.equal(payload,
    '461-0[{"_placeholder":true,"num":0}]\x1ebCMgB\x1e451-["echo",{"_placeholder":true,"num":0}]\x1ebCMgB');
  // malformed Socket.IO packet: this connection closes (the next GET gets the close `1`, as the
  // reference server sends it), the server lives
  r = await fetch(url(`EIO=4&transport=polling&sid=${sid}`), { method: 'POST', body: '4{bad' });
  assert.equal(await r.text(), 'ok');
  r = await fetch(url(`EIO=4&transport=polling&sid=${sid}`));
  assert.equal(await r.text(), '1');
  r = await fetch(url(`EIO=4&transport=polling&sid=${sid}`));
  assert.equal(r.status, 400);
  r = await fetch(url('EIO=4&transport=polling'));
  assert.equal(r.status, 200);
});

test('rapid connect/disconnect cycles leave the server serving', { timeout: 20000 }, async () => {
  const sockets = [];
  for (let i = 0; i < 30; i++) {
    const s = connect({ transports: i % 2 ? ['websocket'] : ['polling'] });
    sockets.push(s);
    if (i % 3 === 0) s.disconnect();
  }
  for (const s of sockets) s.disconnect();
  const s = connect();
  await once(s, 'connect');
  assert.equal(await s.timeout(3000).emitWithAck('echo', 'still here'), 'still here');
  s.disconnect();
});
