// Connection limits (issue 11 item 2): MAX_CONNECTIONS and MAX_CONNECTIONS_PER_ADDRESS close the
// newest connection, established ones keep working; when descriptors run out the accept loop
// backs off instead of spinning and logs the failure once per interval; MAX_SESSIONS_PER_USER
// refuses a user's CONNECT past the cap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import net from 'node:net';
import { api, registerUser, serverBin, startServer, waitFor } from './harness.mjs';
import { connectSocket, online, once } from './im_client.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// An idle connection; resolves once it is established.
function idle(port) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    s.once('connect', () => resolve(s));
    s.once('error', reject);
  });
}

// One request on a new connection: the reply text, or '' when the server closed it unanswered.
function request(port) {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let data = '';
    s.on('data', (c) => { data += c.toString(); });
    s.on('close', () => resolve(data));
    s.on('error', () => resolve(data));
    s.on('connect', () => s.write('GET /api/v1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
  });
}

for (const [flag, what] of [['--max-connections', 'in all'], ['--max-connections-per-address', 'per address']]) {
  test(`${flag}: the newest connection over the limit is closed (${what})`, async () => {
    const srv = await startServer({ args: [flag, '3'] });
    const held = [];
    try {
      for (let i = 0; i < 3; i += 1) held.push(await idle(srv.port));
      await sleep(200);  // the server has accepted them
      assert.equal(await request(srv.port), '', 'a fourth connection is closed without a reply');
      // The established connections still work.
      const first = held.shift();
      const reply = await new Promise((resolve) => {
        let data = '';
        first.on('data', (c) => { data += c.toString(); });
        first.on('close', () => resolve(data));
        first.write('GET /api/v1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      });
      assert.match(reply, /^HTTP\/1\.1 200 /);
      // A slot is free again.
      let again = '';
      for (let i = 0; i < 50 && !again; i += 1) {
        again = await request(srv.port);
        if (!again) await sleep(100);
      }
      assert.match(again, /^HTTP\/1\.1 200 /);
      // The log is written by its own thread, a moment later.
      await waitFor(() => /connection from 127\.0\.0\.1 closed/.test(srv.output()), 'the log line');
    } finally {
      for (const s of held) s.destroy();
      await srv.stop();
    }
  });
}

// UBSan's vptr check reads a vtable it has not seen before through a pipe of its own
// (IsAccessibleMemoryRange), and loads its suppressions only at its first report: in a process
// with every descriptor taken it reports valid objects (boost::system::error_category) as having
// an invalid vptr. So this case runs on builds without UBSan: the ThreadSanitizer run of
// scripts/test.sh and plain builds.
const withUbsan = execFileSync('ldd', [serverBin]).toString().includes('libubsan');

test('out of descriptors: accept backs off and logs once per interval, then serves again', {
  skip: withUbsan ? 'UBSan needs free descriptors for its vptr check' : false,
}, async () => {
  // 64 descriptors, and no connection cap below them: accept itself hits EMFILE.
  const srv = await startServer({ wrapper: ['prlimit', '--nofile=64', '--'],
    args: ['--max-connections', '100000'] });
  const held = [];
  try {
    for (let i = 0; i < 80; i += 1) {
      const s = net.connect(srv.port, '127.0.0.1');
      s.on('error', () => {});
      held.push(s);
    }
    await sleep(1500);
    const failures = srv.output().match(/accept failed: Too many open files/g) ?? [];
    assert.ok(failures.length >= 1, 'the failure is logged');
    assert.ok(failures.length <= 2, `logged ${failures.length} times, not once per retry`);
    for (const s of held) s.destroy();
    held.length = 0;
    let ok = null;
    for (let i = 0; i < 100 && ok?.status !== 200; i += 1) {
      ok = await api(srv.baseUrl, 'GET', '/api/v1').catch(() => null);
      if (ok?.status !== 200) await sleep(100);
    }
    assert.equal(ok?.status, 200, 'the API answers again once the clients are gone');
  } finally {
    for (const s of held) s.destroy();
    await srv.stop();
  }
});

test('--max-sessions-per-user: a CONNECT past the cap is refused, the sessions held keep working', async () => {
  const srv = await startServer({ args: ['--max-sessions-per-user', '2'] });
  const sockets = [];
  try {
    const user = await registerUser(srv.baseUrl);
    const ws = { transports: ['websocket'] };  // no upgrade in flight when the server stops
    sockets.push(await online(srv.baseUrl, user, ws), await online(srv.baseUrl, user, ws));
    const third = connectSocket(srv.baseUrl, user, ws);
    sockets.push(third);
    const [err] = await once(third, 'connect_error');
    assert.equal(err.message, 'Too many sessions');
    assert.ok(sockets[0].connected && sockets[1].connected);
    // A session that leaves makes room.
    sockets[0].disconnect();
    let fourth = null;
    for (let i = 0; i < 50 && !fourth; i += 1) {
      const s = connectSocket(srv.baseUrl, user, ws);
      sockets.push(s);
      const [event] = await Promise.race([once(s, 'connect').then(() => ['connect']),
        once(s, 'connect_error').then(() => ['error'])]);
      if (event === 'connect') fourth = s;
      else await sleep(100);
    }
    assert.ok(fourth, 'a new session is accepted once one has left');
  } finally {
    for (const s of sockets) s.close();
    await srv.stop();
  }
});

test('--max-socket-sessions: handshakes past the cap get 503, polling sessions included', async () => {
  const srv = await startServer({ args: ['--max-socket-sessions', '2'] });
  try {
    const handshake = () => fetch(`${srv.baseUrl}/socket/v1/IM/?EIO=4&transport=polling`);
    // Polling sessions hold no TCP connection: only this cap bounds them.
    for (let i = 0; i < 2; i += 1) assert.equal((await handshake()).status, 200);
    const refused = await handshake();
    assert.equal(refused.status, 503);
    assert.deepEqual(await refused.json(), { message: 'Too many sessions' });
    // The rest of the server is unaffected.
    assert.equal((await api(srv.baseUrl, 'GET', '/api/v1')).status, 200);
  } finally {
    await srv.stop();
  }
});
