// Graceful stop (issue 11, docs/operations.md "Stopping"): SIGTERM to a server under chat load.
// The process exits 0; every message acked 200 before or during the stop reaches its receiver
// (live push, or the offline pull after a restart on the same SQLite file); every socket.io-client
// connection, on websocket and on (idle) polling, is closed by the server with an Engine.IO close
// (socket.io-client reports "transport close"); and while the stop runs, new TCP connections
// are refused. A raw websocket that never reads keeps the stop running until WS_CLOSE_GRACE
// closes it hard, which leaves time to try a new connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loginUser, registerUser, sanitizerReport, startServer, waitFor } from './harness.mjs';
import { NO_SEND_LIMIT, assertNoneLost, collectPushes, makePairs, pullAll, sendLoop } from './chat_load.mjs';
import { online } from './im_client.mjs';

const PAIRS = 3;
const IN_FLIGHT = 4;
const STOP_AFTER_ACKS = 150;

// A direct websocket opened by hand that never reads what the server sends.
function deafWebsocket(port) {
  return new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1');
    c.on('error', () => {});  // the server ends it hard at the close grace
    c.once('data', (d) => {
      if (!d.toString().startsWith('HTTP/1.1 101')) reject(new Error(d.toString()));
      c.pause();
      resolve(c);
    });
    c.on('connect', () => c.write(
      'GET /socket/v1/IM/?EIO=4&transport=websocket HTTP/1.1\r\nHost: x\r\n' +
      'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n' +
      'Sec-WebSocket-Version: 13\r\n\r\n'));
  });
}

// Resolves with the error code of a TCP connection attempt to `port` ('' when it connected).
function tryConnect(port) {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve('');
    });
    c.once('error', (e) => resolve(e.code));
  });
}

test('SIGTERM under chat load: exit 0, no acked message lost, every client closed, new connections refused', {
  timeout: 180000,
}, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'im-stop-'));
  const args = ['--ws-close-grace', '4', '--shutdown-timeout', '30', ...NO_SEND_LIMIT];
  const sockets = [];
  let srv;
  try {
    srv = await startServer({ dir, args });
    const pairs = await makePairs(srv.baseUrl, PAIRS);
    const reasons = [];
    const seen = [];  // transport and reason, for the failure message
    const watch = (s) => {
      sockets.push(s);
      s.on('disconnect', (reason) => {
        reasons.push(reason);
        seen.push(`${s.io.engine?.transport?.name}: ${reason}`);
      });
    };
    // An idle client on long-polling: its close comes on its pending GET. (A polling client
    // between two GETs would find the listener closed when it opens its next request, and
    // report "transport error".)
    watch(await online(srv.baseUrl, await registerUser(srv.baseUrl), { transports: ['polling'] }));
    for (const p of pairs) {
      p.rs = await online(srv.baseUrl, p.receiver);
      collectPushes(p.rs, p.before);
      p.ss = await online(srv.baseUrl, p.sender);
      for (const s of [p.rs, p.ss]) watch(s);
    }
    const deaf = await deafWebsocket(srv.port);

    const state = { stop: false, acks: 0 };
    const loops = pairs.map((p) => sendLoop(p.ss, p.sender, p.receiver, p.acked, state, IN_FLIGHT));
    await waitFor(() => state.acks >= STOP_AFTER_ACKS, `${STOP_AFTER_ACKS} acks`);
    const exited = new Promise((r) => srv.proc.once('exit', (code, signal) => r({ code, signal })));
    srv.proc.kill('SIGTERM');  // mid-load: every sender has messages in flight

    await waitFor(() => /stopping: /.test(srv.output()), 'the stop to begin');
    // The deaf websocket holds the stop open (WS_CLOSE_GRACE): the listener is closed by now.
    assert.equal(await tryConnect(srv.port), 'ECONNREFUSED', 'a new connection during the stop');
    assert.equal(srv.proc.exitCode, null, 'the server was still stopping');

    await waitFor(() => reasons.length === sockets.length, 'every client to be disconnected');
    assert.deepEqual(new Set(reasons), new Set(['transport close']), seen.join(', '));
    const { code, signal } = await exited;
    assert.equal(signal, null);
    assert.equal(code, 0, srv.output().slice(-3000));
    assert.equal(sanitizerReport(srv.output()), null);
    state.stop = true;
    await Promise.all(loops);
    deaf.destroy();
    const acked = pairs.reduce((n, p) => n + p.acked.size, 0);
    assert.ok(acked >= STOP_AFTER_ACKS);

    srv = await startServer({ dir });
    try {
      let duplicates = 0;
      let pulled = 0;
      for (const [i, p] of pairs.entries()) {
        const receiver = await loginUser(srv.baseUrl, p.receiver.account);  // in-process tokens
        const rs = await online(srv.baseUrl, receiver);
        sockets.push(rs);
        collectPushes(rs, p.after);
        const pull = await pullAll(srv.baseUrl, receiver);
        pulled += pull.length;
        duplicates += assertNoneLost(p.acked, p.before, pull, p.after, `pair ${i}`);
      }
      console.log(`# acked ${acked}, pushed before the stop ` +
        `${pairs.reduce((n, p) => n + p.before.size, 0)}, pulled after the restart ${pulled}, ` +
        `delivered twice ${duplicates}, lost 0`);
      for (const s of sockets) s.disconnect();
    } finally {
      await srv.stop();
    }
  } finally {
    for (const s of sockets) s.disconnect();
    if (srv && srv.proc.exitCode === null && srv.proc.signalCode === null) srv.proc.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
