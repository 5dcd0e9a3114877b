// Several nodes (issue 4, item 6): two im_server processes share one MariaDB database and one
// Redis; pushes for a user connected to the other node travel over the Redis bus and their acks
// come back, so the delivery bookkeeping (docs/contract/realtime.md 8.2) is the same as on one
// node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, createTestDatabase, loginUser, registerUser, sanitizerReport, serviceArgs, servicesFromEnv,
  startServer,
} from './harness.mjs';
import { as, dec, makeFriends, nextPush, online, sendMessage, upMessage } from './im_client.mjs';

const services = servicesFromEnv();
const skip = services ? false : 'IM_TEST_DB_* / IM_TEST_REDIS_* are not set (ctest fixture im_services)';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let db;
let node1;
let node2;
let a;
let b;

async function pullMessages(baseUrl, user) {
  const r = await api(baseUrl, 'GET', '/api/v1/events/message?currentPage=1&pageSize=100',
    { token: user.token, userid: user.id });
  assert.equal(r.status, 200, r.text);
  return r.json.data ?? [];
}

// The delivery result is recorded asynchronously: poll until `check` holds.
async function eventually(check, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v || Date.now() > end) return v;
    await sleep(100);
  }
}

before(async () => {
  if (!services) return;
  db = createTestDatabase(services);
  const args = [
    ...serviceArgs(services, { dbName: db.name, redisDb: 1 + (process.pid % 15) }),
    // Token and presence keys of concurrent runs on the same Redis must not meet.
    '--user-auth-key', `im_it_${process.pid}`,
  ];
  node1 = await startServer({ args });  // migrates the schema
  node2 = await startServer({ args });
  a = await registerUser(node1.baseUrl);
  b = await registerUser(node1.baseUrl);
  await makeFriends(node1.baseUrl, a, b);
});

after(async () => {
  await node1?.stop();
  if (node2 && node2.proc.exitCode === null && node2.proc.signalCode === null) await node2.stop();
  db?.drop();
  // node 2 was killed: stop() did not look at its output.
  assert.equal(node2 ? sanitizerReport(node2.output()) : null, null);
});

test('both nodes are healthy and expose metrics', { skip }, async () => {
  for (const node of [node1, node2]) {
    const h = await api(node.baseUrl, 'GET', '/healthz');
    assert.equal(h.status, 200);
    assert.deepEqual({ status: h.json.status, storage: h.json.storage, redis: h.json.redis },
      { status: 'ok', storage: 'ok', redis: 'ok' });
    const m = await api(node.baseUrl, 'GET', '/metrics');
    assert.equal(m.status, 200);
    assert.match(m.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    assert.match(m.text, /^im_db_pool_size \d+$/m);
  }
  const n1 = (await api(node1.baseUrl, 'GET', '/healthz')).json.node;
  const n2 = (await api(node2.baseUrl, 'GET', '/healthz')).json.node;
  assert.notEqual(n1, n2);
});

test('a login on node 1 authenticates on node 2 (REST and socket)', { skip, timeout: 20000 }, async () => {
  const again = await loginUser(node1.baseUrl, b.account);
  const r = await as(node2.baseUrl, again)('GET', `/api/v1/users/${b.id}`);
  assert.equal(r.status, 200, r.text);
  const s = await online(node2.baseUrl, again);
  s.disconnect();
});

test('1:1 messages across nodes, acks both ways', { skip, timeout: 30000 }, async () => {
  const sa = await online(node1.baseUrl, a);
  const sb = await online(node2.baseUrl, b);
  await sleep(300);  // presence is written by the bus thread
  try {
    const toB = upMessage(a, b, { content: 'from node 1' });
    const gotB = nextPush(sb, 'on-message');
    assert.equal((await sendMessage(sa, toB)).statusCode, 200);
    const down = dec('MessageDown', await gotB);
    assert.equal(down.msgId, toB.msgId);
    assert.equal(down.senderInfo.id, a.id);

    const toA = upMessage(b, a, { content: 'from node 2' });
    const gotA = nextPush(sa, 'on-message');
    assert.equal((await sendMessage(sb, toA)).statusCode, 200);
    assert.equal(dec('MessageDown', await gotA).msgId, toA.msgId);

    // Both acks reached the sending node's bookkeeping: nothing to pull on either side.
    await sleep(500);
    assert.deepEqual((await pullMessages(node2.baseUrl, b)).map((m) => m.msgId), []);
    assert.deepEqual((await pullMessages(node1.baseUrl, a)).map((m) => m.msgId), []);
  } finally {
    sa.disconnect();
    sb.disconnect();
  }
});

test('group messages and notifies across nodes', { skip, timeout: 30000 }, async () => {
  const g = await as(node1.baseUrl, a)('POST', '/api/v1/groups', { name: 'nodes', type: 1, members: [b.id] });
  assert.equal(g.status, 200, g.text);
  const groupId = g.json.data.id;
  const sa = await online(node1.baseUrl, a);
  const sb = await online(node2.baseUrl, b);
  await sleep(300);
  try {
    const m1 = upMessage(a, b, { groupId, receiver: groupId, content: 'group from node 1' });
    const gotB = nextPush(sb, 'on-message');
    assert.equal((await sendMessage(sa, m1)).statusCode, 200);
    assert.equal(dec('MessageDown', await gotB).msgId, m1.msgId);

    const m2 = upMessage(b, a, { groupId, receiver: groupId, content: 'group from node 2' });
    const gotA = nextPush(sa, 'on-message');
    assert.equal((await sendMessage(sb, m2)).statusCode, 200);
    assert.equal(dec('MessageDown', await gotA).msgId, m2.msgId);

    // on-notify: a friend request made through node 1 reaches B on node 2.
    const c = await registerUser(node1.baseUrl);
    const notified = nextPush(sb, 'on-notify');
    const asked = await as(node1.baseUrl, c)('POST', '/api/v1/friends', { userId: b.id });
    assert.equal(asked.status, 200, asked.text);
    assert.equal(dec('Notify', await notified).sender.id, c.id);
  } finally {
    sa.disconnect();
    sb.disconnect();
  }
});

test('a logout on node 1 closes that token\'s socket on node 2 (S7)', { skip, timeout: 20000 }, async () => {
  const session = await loginUser(node1.baseUrl, b.account);
  const s = await online(node2.baseUrl, session);
  const closed = new Promise((r) => s.once('disconnect', (reason) => r(reason)));
  const out = await as(node1.baseUrl, session)('POST', '/api/v1/users/logout');
  assert.equal(out.status, 200, out.text);
  // The socket ends; right after connect (polling -> websocket upgrade in flight) the client may
  // see the transport close before the `41` packet, so any reason is accepted here.
  assert.ok(await closed);
  assert.equal(s.connected, false);
});

test('a user with devices on both nodes gets each message on every device', { skip, timeout: 30000 }, async () => {
  const secondDevice = await loginUser(node1.baseUrl, b.account);
  const sa = await online(node1.baseUrl, a);
  const sbHere = await online(node1.baseUrl, b);
  const sbThere = await online(node2.baseUrl, secondDevice);
  await sleep(300);
  try {
    const msg = upMessage(a, b, { content: 'to both devices' });
    const gotHere = nextPush(sbHere, 'on-message');
    const gotThere = nextPush(sbThere, 'on-message');
    assert.equal((await sendMessage(sa, msg)).statusCode, 200);
    assert.equal(dec('MessageDown', await gotHere).msgId, msg.msgId);
    assert.equal(dec('MessageDown', await gotThere).msgId, msg.msgId);
    await sleep(500);
    assert.deepEqual((await pullMessages(node1.baseUrl, b)).map((m) => m.msgId), []);
  } finally {
    sa.disconnect();
    sbHere.disconnect();
    sbThere.disconnect();
  }
});

test('node 2 dies: node 1 serves, B pulls what it did not confirm', { skip, timeout: 60000 }, async () => {
  const sa = await online(node1.baseUrl, a);
  const sb = await online(node2.baseUrl, b);
  await sleep(300);
  // B receives but never acks; node 2 is killed while the push waits for the ack.
  const unacked = upMessage(a, b, { content: 'never acked' });
  const arrived = new Promise((r) => sb.once('on-message', () => r()));
  assert.equal((await sendMessage(sa, unacked)).statusCode, 200);
  await arrived;
  node2.proc.kill('SIGKILL');
  await new Promise((r) => node2.proc.once('exit', r));
  sb.disconnect();

  assert.equal((await api(node1.baseUrl, 'GET', '/healthz')).status, 200);
  const afterDeath = upMessage(a, b, { content: 'sent after node 2 died' });
  assert.equal((await sendMessage(sa, afterDeath)).statusCode, 200);

  // B reconnects to node 1 and pulls both (each recorded as failed: 408).
  const sb1 = await online(node1.baseUrl, b);
  try {
    const ids = await eventually(async () => {
      const got = (await pullMessages(node1.baseUrl, b)).map((m) => m.msgId);
      return got.includes(unacked.msgId) && got.includes(afterDeath.msgId) ? got : null;
    }, 20000);
    assert.ok(ids, 'both unconfirmed messages are pulled from node 1');
  } finally {
    sa.disconnect();
    sb1.disconnect();
  }
});
