// A websocket client that authenticates, then never reads (issue 11 item 4): large messages are
// pushed to it until its outgoing queue overflows (eio::EngineIoOptions::max_queued_bytes, 8 MB, after
// the kernel buffers are full); the server closes it after a close frame and, since nobody
// reads that either, closes its TCP connection hard after WS_CLOSE_GRACE (1 s here). Meanwhile
// and afterwards the server serves other clients.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { api, registerUser, startServer } from './harness.mjs';
import { makeFriends, nextPush, online, sendMessage, upMessage } from './im_client.mjs';

const PATH = '/socket/v1/IM/';
const BIG = 'x'.repeat(60000);  // close to the 65535-byte content limit
const IN_FLIGHT = 8;
const MAX_MESSAGES = 3000;  // about 180 MB: far past any queue and kernel buffer
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function openConnections(baseUrl) {
  const m = await api(baseUrl, 'GET', '/metrics');
  return Number(m.text.match(/^im_engineio_connections_open (\d+)$/m)[1]);
}

// A raw websocket as `user`: Engine.IO open, Socket.IO CONNECT accepted; then it stops reading.
async function deafClient(baseUrl, user) {
  const w = new WebSocket(`${baseUrl.replace('http', 'ws')}${PATH}?EIO=4&transport=websocket`,
    { headers: { userid: String(user.id), authorization: user.token } });
  w.on('error', () => {});  // a reset is one way to learn of the hard close
  const inbox = [];
  let wake = () => {};
  w.on('message', (data) => {
    inbox.push(data.toString());
    wake();
  });
  const next = async () => {
    while (!inbox.length) await new Promise((r) => { wake = r; });
    return inbox.shift();
  };
  await new Promise((r) => w.once('open', r));
  assert.match(await next(), /^0\{"sid":/);
  w.send('40');
  assert.match(await next(), /^40\{"sid":/);
  w.pause();  // from here on nothing is read from the socket
  return w;
}

test('a websocket client that never reads is closed within WS_CLOSE_GRACE; others are served', {
  timeout: 240000,
}, async () => {
  const srv = await startServer({ args: ['--ws-close-grace', '1', '--send-rate-per-user', '0'] });
  const sockets = [];
  try {
    const sender = await registerUser(srv.baseUrl);
    const deafUser = await registerUser(srv.baseUrl);
    await makeFriends(srv.baseUrl, sender, deafUser);
    const deaf = await deafClient(srv.baseUrl, deafUser);
    const closed = new Promise((r) => deaf.once('close', r));
    const ss = await online(srv.baseUrl, sender);
    sockets.push(ss);
    assert.equal(await openConnections(srv.baseUrl), 2);

    // Push until the server has let the deaf connection go (its TCP connection closed).
    let sent = 0;
    let gone = false;
    while (!gone && sent < MAX_MESSAGES) {
      const batch = Array.from({ length: IN_FLIGHT },
        () => sendMessage(ss, upMessage(sender, deafUser, { content: BIG })));
      for (const ack of await Promise.all(batch)) assert.equal(ack.statusCode, 200);
      sent += IN_FLIGHT;
      gone = (await openConnections(srv.baseUrl)) === 1;
    }
    for (let i = 0; i < 1200 && !gone; i += 1) {  // the close grace may still be running
      await sleep(100);
      gone = (await openConnections(srv.baseUrl)) === 1;
    }
    assert.ok(gone, `the deaf connection is still open after ${sent} large messages`);
    deaf.resume();  // the client now learns of the close the server made
    await closed;
    console.log(`# the deaf client was closed after ${sent} messages of ${BIG.length} bytes`);

    // The server still serves others: chat between two new users, and the HTTP API.
    const a = await registerUser(srv.baseUrl);
    const b = await registerUser(srv.baseUrl);
    await makeFriends(srv.baseUrl, a, b);
    const as = await online(srv.baseUrl, a);
    const bs = await online(srv.baseUrl, b);
    sockets.push(as, bs);
    const push = nextPush(bs, 'on-message');
    assert.equal((await sendMessage(as, upMessage(a, b))).statusCode, 200);
    await push;
    assert.equal((await sendMessage(ss, upMessage(sender, deafUser))).statusCode, 200);
    assert.equal((await api(srv.baseUrl, 'GET', '/api/v1')).status, 200);
  } finally {
    for (const s of sockets) s.disconnect();
    await srv.stop();
  }
});
