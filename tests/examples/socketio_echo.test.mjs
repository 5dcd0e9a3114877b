// examples/socketio_echo as the reference server of the public socket.io-protocol and
// engine.io-protocol test suites (whose servers use pingInterval 300, pingTimeout 200,
// maxPayload 1e6, CORS "*"): our own checks of the behaviours those suites rely on, over raw
// HTTP long-polling, raw websockets (ws) and socket.io-client 4.7.2. The public suites
// themselves are not run here (docs/embedding.md).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import WebSocket from 'ws';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = process.env.SOCKETIO_ECHO_BIN ?? path.join(here, '..', '..', 'build', 'examples', 'socketio_echo');
const SUITE_ARGS = ['--ping-interval', '300', '--ping-timeout', '200', '--connect-timeout', '1000'];

function start(args) {
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (c) => {
      out += c;
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) resolve({ proc, base: m[1] });
    });
    proc.on('exit', (code) => reject(new Error(`socketio_echo exited ${code}`)));
  });
}

let sio;
let eio;
before(async () => {
  sio = await start(SUITE_ARGS);
  eio = await start(['--engineio', ...SUITE_ARGS, '--max-payload', '1000']);
});
after(() => {
  sio.proc.kill('SIGTERM');
  eio.proc.kill('SIGTERM');
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const once = (emitter, ev) => new Promise((resolve) => emitter.once(ev, (...a) => resolve(a)));

// A raw polling session.
async function handshake(base, p) {
  const r = await fetch(`${base}${p}?EIO=4&transport=polling`, { headers: { origin: 'http://example.com' } });
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('access-control-allow-origin'), '*');
  const body = await r.text();
  assert.equal(body[0], '0');
  const open = JSON.parse(body.slice(1));
  const url = `${base}${p}?EIO=4&transport=polling&sid=${open.sid}`;
  return {
    open,
    post: async (data) => {
      const res = await fetch(url, { method: 'POST', body: data });
      return { status: res.status, text: await res.text() };
    },
    get: async () => {
      const res = await fetch(url);
      return { status: res.status, text: await res.text() };
    },
  };
}

// The next text not made only of heartbeats (answering pings with pongs).
async function nextData(s) {
  for (;;) {
    const r = await s.get();
    assert.equal(r.status, 200, r.text);
    const packets = r.text.split('\x1e').filter((x) => x !== '2');
    if (r.text.split('\x1e').includes('2')) await s.post('3');
    if (packets.length) return packets.join('\x1e');
  }
}

// The next `count` packets, whether they come in one polling payload or several.
async function nextPackets(s, count) {
  const packets = [];
  while (packets.length < count) packets.push(...(await nextData(s)).split('\x1e'));
  return packets.join('\x1e');
}

test('socket.io mode: open packet, CORS *, preflight, unknown path', async () => {
  const s = await handshake(sio.base, '/socket.io/');
  assert.deepEqual(Object.keys(s.open), ['sid', 'upgrades', 'pingInterval', 'pingTimeout', 'maxPayload']);
  assert.deepEqual(s.open.upgrades, ['websocket']);
  assert.equal(s.open.pingInterval, 300);
  assert.equal(s.open.pingTimeout, 200);
  assert.equal(s.open.maxPayload, 1000000);
  const pre = await fetch(`${sio.base}/socket.io/?EIO=4&transport=polling`, { method: 'OPTIONS',
    headers: { origin: 'http://example.com', 'access-control-request-method': 'POST' } });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), '*');
  assert.equal((await fetch(`${sio.base}/other/?EIO=4&transport=polling`)).status, 404);
});

test('socket.io mode: namespaces, auth payload, invalid namespace, echo, ack, binary', async () => {
  const s = await handshake(sio.base, '/socket.io/');
  await s.post('40{"token":"123"}');
  // The CONNECT reply, then the "auth" event written on its own (as the reference server does).
  assert.match(await nextPackets(s, 2), /^40\{"sid":"[\w-]{20}"\}\x1e42\["auth",\{"token":"123"\}\]$/);
  await s.post('40/custom,');
  assert.match(await nextPackets(s, 2), /^40\/custom,\{"sid":"[\w-]{20}"\}\x1e42\/custom,\["auth",\{\}\]$/);
  await s.post('40/random,');
  assert.equal(await nextData(s), '44/random,{"message":"Invalid namespace"}');
  await s.post('42["message",1,"2",{"3":[true]}]');
  assert.equal(await nextData(s), '42["message-back",1,"2",{"3":[true]}]');
  await s.post('42/custom,["message","x"]');
  assert.equal(await nextData(s), '42/custom,["message-back","x"]');
  await s.post('421["message-with-ack",1,"2",{"3":[false]}]');
  assert.equal(await nextData(s), '431[1,"2",{"3":[false]}]');
  await s.post('452-["message",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]\x1ebAQID\x1ebBAUG');
  assert.equal(await nextData(s),
    '452-["message-back",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]\x1ebAQID\x1ebBAUG');
  await s.post('451-7["message-with-ack",{"_placeholder":true,"num":0}]\x1ebAQID');
  assert.match(await nextData(s), /^461-7\[\{"_placeholder":true,"num":0\}\]\x1ebAQID$/);
});

test('socket.io mode: heartbeat timeout and connect timeout close the connection', { timeout: 10000 }, async () => {
  // No pong: closed after pingInterval + pingTimeout.
  const s = await handshake(sio.base, '/socket.io/');
  assert.equal((await s.get()).text, '2');
  await sleep(400);
  assert.equal((await s.get()).status, 400);
  // Pongs but no CONNECT: closed after the connect timeout (1000 ms).
  const ws = new WebSocket(`${sio.base.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const started = Date.now();
  ws.on('message', (d) => { if (d.toString() === '2') ws.send('3'); });
  await once(ws, 'close');
  const elapsed = Date.now() - started;
  assert.ok(elapsed >= 900 && elapsed < 3000, `closed after ${elapsed} ms`);
});

test('socket.io mode: socket.io-client with auth on / and /custom, polling then websocket', { timeout: 10000 }, async () => {
  const main = io(sio.base, { auth: { token: 'abc' }, reconnection: false, forceNew: true });
  const [auth] = await once(main, 'auth');
  assert.deepEqual(auth, { token: 'abc' });
  if (main.io.engine.transport.name !== 'websocket') await once(main.io.engine, 'upgrade');
  const back = once(main, 'message-back');
  main.emit('message', 1, Buffer.from([1, 2, 3]), { a: [true] });
  const [one, bytes, obj] = await back;
  assert.equal(one, 1);
  assert.deepEqual([...new Uint8Array(bytes)], [1, 2, 3]);
  assert.deepEqual(obj, { a: [true] });
  // emitWithAck resolves with the first argument of the ack.
  assert.equal(await main.timeout(2000).emitWithAck('message-with-ack', 'x', 2), 'x');
  const acked = await new Promise((resolve) => main.emit('message-with-ack', Buffer.from([7]), 'y', (...a) => resolve(a)));
  assert.deepEqual([...new Uint8Array(acked[0])], [7]);
  assert.equal(acked[1], 'y');
  const custom = io(`${sio.base}/custom`, { auth: { k: 1 }, reconnection: false, forceNew: true });
  assert.deepEqual((await once(custom, 'auth'))[0], { k: 1 });
  const bad = io(`${sio.base}/nope`, { reconnection: false, forceNew: true });
  const [err] = await once(bad, 'connect_error');
  assert.equal(err.message, 'Invalid namespace');
  for (const s of [main, custom, bad]) s.close();
});

test('engine.io mode: every message is echoed, over polling and websocket; maxPayload', { timeout: 10000 }, async () => {
  const s = await handshake(eio.base, '/engine.io/');
  assert.equal(s.open.maxPayload, 1000);
  assert.equal((await s.post('4hello\x1ebAQID')).text, 'ok');
  assert.equal(await nextData(s), '4hello\x1ebAQID');
  assert.equal((await s.post('4' + 'x'.repeat(2000))).status, 413);
  assert.equal((await fetch(`${eio.base}/socket.io/?EIO=4&transport=polling`)).status, 404);

  const ws = new WebSocket(`${eio.base.replace('http', 'ws')}/engine.io/?EIO=4&transport=websocket`);
  const frames = [];
  ws.on('message', (d, isBinary) => {
    if (!isBinary && d.toString() === '2') return ws.send('3');
    frames.push(isBinary ? [...d] : d.toString());
  });
  await once(ws, 'open');
  ws.send('4text');
  ws.send(Buffer.from([9, 8, 7]));
  for (let i = 0; i < 50 && frames.length < 3; i++) await sleep(20);
  assert.equal(frames[0][0], '0');
  assert.deepEqual(frames.slice(1), ['4text', [9, 8, 7]]);
  ws.close();
});
