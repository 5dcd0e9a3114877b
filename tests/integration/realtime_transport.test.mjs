// Engine.IO v4 / Socket.IO v5 transport (docs/contract/realtime.md 2, 3) with the real
// socket.io-client 4.7.2 against the generic echo server built from server/socketio
// (examples/socketio_echo, run with the IM socket path, header credentials and an origin list).
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

after(async () => {
  const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve(code ?? signal)));
  proc.kill('SIGTERM');
  // 0: a clean stop; under ASan a leak (e.g. a connection that was never released) exits 23.
  assert.equal(await exited, 0);
});

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

// ---- The websocket layer itself (RFC 6455, server/socketio/websocket_frame.*), below
// socket.io-client: control frames, fragments, limits, protocol errors.

const wsUrl = () => `${base.replace('http', 'ws')}${PATH}?EIO=4&transport=websocket`;
const wsHeaders = { userid: '1', authorization: 'good' };

// A raw websocket over `ws`, with its text messages queued for next().
async function rawSocket() {
  const { WebSocket } = await import('ws');
  const w = new WebSocket(wsUrl(), { headers: wsHeaders });
  const inbox = [];
  const waiting = [];
  w.on('message', (data, isBinary) => {
    const m = isBinary ? data : data.toString();
    if (waiting.length) waiting.shift()(m);
    else inbox.push(m);
  });
  w.next = () => (inbox.length ? Promise.resolve(inbox.shift()) : new Promise((r) => waiting.push(r)));
  await once(w, 'open');
  assert.match(await w.next(), /^0\{"sid":/);
  return w;
}

test('websocket: a ping frame is answered with its payload', { timeout: 20000 }, async () => {
  const w = await rawSocket();
  const pong = once(w, 'pong');
  w.ping(Buffer.from('are you there'));
  const [data] = await pong;
  assert.equal(data.toString(), 'are you there');
  w.close();
  assert.equal((await once(w, 'close'))[0], 1000);  // our close frame is answered
});

test('websocket: a message in fragments, with a ping between them', { timeout: 20000 }, async () => {
  const w = await rawSocket();
  w.send('40');
  assert.match(await w.next(), /^40\{"sid":/);
  w.send('421["echo",', { fin: false });
  w.ping();
  w.send('"in pieces"]', { fin: true });
  const replies = [await w.next(), await w.next()];
  assert.ok(replies.includes('431["in pieces"]'), replies.join(' | '));
  assert.ok(replies.includes('42["echo","in pieces"]'), replies.join(' | '));
  w.close();
  await once(w, 'close');
});

test('websocket: a message over maxPayload closes with 1009', { timeout: 20000 }, async () => {
  const w = await rawSocket();
  const closed = once(w, 'close');
  w.send(Buffer.alloc(1000001, 1));
  const [code] = await closed;
  assert.equal(code, 1009);
});

test('websocket: protocol errors on a raw connection close with 1002 / 1007', { timeout: 20000 }, async () => {
  const net = await import('node:net');
  const { port } = new URL(base);
  // Opens a websocket by hand, sends `frame` and returns everything the server sent after 101.
  const exchange = (frame) => new Promise((resolve, reject) => {
    const c = net.connect(Number(port), '127.0.0.1');
    let buf = Buffer.alloc(0);
    let upgraded = false;
    c.on('connect', () => c.write(
      `GET ${PATH}?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n` +
      'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
      'Sec-WebSocket-Version: 13\r\nuserid: 1\r\nauthorization: good\r\n\r\n'));
    c.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      if (!upgraded) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString();
        assert.match(head, /^HTTP\/1\.1 101/);
        assert.match(head, /Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=/i);
        buf = buf.subarray(end + 4);
        upgraded = true;
        c.write(frame);
      }
    });
    c.on('end', () => { c.end(); resolve(buf); });
    c.on('error', reject);
  });
  // The Engine.IO open packet comes first (a text frame), then the close frame.
  const closeCode = (bytes) => {
    let at = 0;
    while (at + 2 <= bytes.length) {
      const op = bytes[at] & 0x0f;
      const len = bytes[at + 1] & 0x7f;
      if (op === 0x8) return bytes.readUInt16BE(at + 2);
      at += 2 + len;
    }
    return null;
  };
  assert.equal(closeCode(await exchange(Buffer.from([0x81, 0x02, 0x34, 0x30]))), 1002);  // unmasked
  const mask = [1, 2, 3, 4];
  const bad = Buffer.from([0xff, 0xfe]).map((b, i) => b ^ mask[i]);
  assert.equal(closeCode(await exchange(Buffer.concat([Buffer.from([0x81, 0x82, ...mask]), bad]))), 1007);
});

test('websocket: a bad handshake is refused (426 for another version, 400 without a key)', { timeout: 20000 }, async () => {
  const net = await import('node:net');
  const { port } = new URL(base);
  const ask = (headers) => new Promise((resolve, reject) => {
    const c = net.connect(Number(port), '127.0.0.1');
    let text = '';
    c.on('connect', () => c.write(
      `GET ${PATH}?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n` +
      `Connection: Upgrade\r\nuserid: 1\r\nauthorization: good\r\n${headers}\r\n`));
    c.on('data', (d) => { text += d; });
    c.on('end', () => resolve(text));
    c.on('close', () => resolve(text));
    c.on('error', reject);
  });
  assert.match(await ask('Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n'),
    /^HTTP\/1\.1 426[^]*Sec-WebSocket-Version: 13/);
  assert.match(await ask('Sec-WebSocket-Version: 13\r\n'), /^HTTP\/1\.1 400/);
});
