// Multi-device sync, recall and edit over real sockets (socket.io-client 4.7.2) and HTTP
// (docs/protocol-extensions.md 7 and 8): one node on SQLite; two nodes on MariaDB + Redis with the
// user's devices spread over both. Sockets that opt in get the copies and the changes; sockets that
// do not (the Electron client) get exactly the original's events.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import { createTestDatabase, registerUser, repoRoot, serviceArgs, servicesFromEnv, startServer } from './harness.mjs';
import { ACK_OK, as, dec, makeFriends, online, sendMessage, upMessage } from './im_client.mjs';

const ext = protobuf.parse(readFileSync(path.join(repoRoot, 'proto', 'im_ext.proto'), 'utf8')).root;
const MessageChange = ext.lookupType('im.wire.ext.MessageChange');
const decChange = (b) => MessageChange.toObject(MessageChange.decode(new Uint8Array(b)), { longs: Number });

const services = servicesFromEnv();
const backends = [
  { name: 'sqlite', nodes: 1, start: async () => ({ servers: [await startServer()], drop: () => {} }) },
  {
    name: 'mariadb, two nodes',
    skip: services ? false : 'IM_TEST_DB_* / IM_TEST_REDIS_* are not set (ctest fixture im_services)',
    start: async () => {
      const db = createTestDatabase(services);
      const args = [...serviceArgs(services, { dbName: db.name, redisDb: 1 + (process.pid % 15) }),
        '--user-auth-key', `im_it_sync_${process.pid}`];
      const first = await startServer({ args });  // migrates the schema
      return { servers: [first, await startServer({ args })], drop: db.drop };
    },
  },
];

// Every event a socket receives, in order, acked like the client does.
function record(socket) {
  const events = [];
  const waiters = [];
  socket.onAny((event, data, cb) => {
    if (typeof cb === 'function') cb(ACK_OK);
    events.push({ event, data });
    for (const w of waiters.splice(0)) w();
  });
  return {
    events,
    names: () => events.map((e) => e.event),
    // Resolves with the n-th event named `event` once it has arrived.
    async nth(event, n = 1) {
      for (;;) {
        const found = events.filter((e) => e.event === event);
        if (found.length >= n) return found[n - 1].data;
        await new Promise((r) => waiters.push(r));
      }
    },
  };
}

for (const backend of backends) describe(backend.name, { skip: backend.skip }, () => {
  let servers, drop;
  let a, b, c;
  const sockets = [];
  let a1, a2, a3, b1, b2;
  before(async () => {
    ({ servers, drop } = await backend.start());
    const [n1, n2] = [servers[0].baseUrl, servers.at(-1).baseUrl];
    [a, b, c] = [await registerUser(n1), await registerUser(n1), await registerUser(n1)];
    await makeFriends(n1, a, b);
    const all = ['sync', 'edit', 'typing', 'presence', 'receipts'];
    const open = async (url, user, features) => {
      const s = await online(url, user, features ? { auth: { features } } : {});
      sockets.push(s);
      return { socket: s, log: record(s) };
    };
    a1 = await open(n1, a);                    // the sending device, no features
    a2 = await open(n2, a, ['sync', 'edit']);  // another device of a that opted in (other node)
    a3 = await open(n2, a);                    // another device of a that did not
    b1 = await open(n1, b, all);               // the receiver, opted in
    b2 = await open(n2, b);                    // the receiver's plain device
  });
  after(async () => {
    for (const s of sockets) s.disconnect();
    for (const s of servers ?? []) await s.stop();
    drop?.();
  });

  test('a one-to-one message is copied to the sender\'s opted-in devices only', async () => {
    const msg = upMessage(a, b, { content: 'first' });
    assert.equal((await sendMessage(a1.socket, msg)).statusCode, 200);
    const copy = dec('MessageDown', await a2.log.nth('on-message:sync'));
    assert.equal(copy.msgId, msg.msgId);
    assert.equal(copy.content, 'first');
    const pushed = dec('MessageDown', await b2.log.nth('on-message'));
    assert.equal(pushed.msgId, msg.msgId);
    await b1.log.nth('on-message');
    // The receiver's opted-in socket gets no copy (it did not send), nor does the sending socket.
    assert.deepEqual(b1.log.names(), ['on-message']);
    assert.deepEqual(a1.log.names(), []);
  });

  test('recall and edit reach every party\'s opted-in devices and show in sync and history', async () => {
    const api = as(servers[0].baseUrl, a);
    const one = upMessage(a, b, { content: 'to recall' });
    const two = upMessage(a, b, { content: 'to edit' });
    for (const m of [one, two]) assert.equal((await sendMessage(a1.socket, m)).statusCode, 200);
    const sync0 = await as(servers.at(-1).baseUrl, b)('GET', '/api/v1/sync?after=0&limit=100');
    assert.equal(sync0.status, 200, sync0.text);
    const byMsgId = (rows, id) => rows.find((r) => r.msgId === id);
    const recallId = byMsgId(sync0.json.data, one.msgId).id;
    const editId = byMsgId(sync0.json.data, two.msgId).id;
    const cursor = sync0.json.data.at(-1).seq;
    assert.deepEqual(sync0.json.data.map((r) => r.content), ['first', 'to recall', 'to edit']);

    // Only the sender recalls; b's attempt is forbidden.
    assert.equal((await as(servers[0].baseUrl, b)('POST', `/api/v1/messages/${recallId}/recall`)).status, 403);
    assert.equal((await as(servers[0].baseUrl, c)('POST', `/api/v1/messages/${recallId}/recall`)).status, 404);
    const recalled = await api('POST', `/api/v1/messages/${recallId}/recall`);
    assert.equal(recalled.status, 200, recalled.text);
    assert.equal(recalled.json.data.state, 'recalled');
    assert.equal(recalled.json.data.content, null);
    const edited = await api('PUT', `/api/v1/messages/${editId}`, { content: 'edited' });
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.json.data.state, 'edited');

    for (const device of [a2, b1]) {
      const first = decChange(await device.log.nth('on-message:change', 1));
      const second = decChange(await device.log.nth('on-message:change', 2));
      assert.deepEqual([first.id, first.state, first.content], [recallId, 2, undefined]);
      assert.deepEqual([second.id, second.state, second.content], [editId, 1, 'edited']);
      assert.ok(second.seq > first.seq && first.seq > cursor);
    }
    // Sockets without the features got exactly the original's events.
    assert.deepEqual(a3.log.names(), []);
    assert.deepEqual(b2.log.names(), ['on-message', 'on-message', 'on-message']);
    assert.deepEqual(b1.log.names(), ['on-message', 'on-message', 'on-message', 'on-message:change',
      'on-message:change']);

    // Sync after the cursor: the two changes in their final state, in change order.
    for (const user of [a, b]) {
      const after = await as(servers.at(-1).baseUrl, user)('GET', `/api/v1/sync?after=${cursor}`);
      assert.deepEqual(after.json.data.map((r) => [r.id, r.state, r.content]),
        [[recallId, 'recalled', null], [editId, 'edited', 'edited']]);
    }
    // From the start, paged by one: every message once, in its final state.
    const paged = [];
    for (let after = 0; ;) {
      const page = await as(servers[0].baseUrl, b)('GET', `/api/v1/sync?after=${after}&limit=1`);
      if (page.json.data.length === 0) break;
      paged.push(page.json.data[0]);
      after = page.json.data[0].seq;
    }
    assert.deepEqual(paged.map((r) => r.content), ['first', null, 'edited']);
    // History says recalled; search no longer finds it.
    const history = await api('GET', `/api/v1/messages?peer=${b.id}`);
    assert.deepEqual(history.json.data.map((m) => m.state), ['edited', 'recalled', 'sent']);
    const search = await api('GET', '/api/v1/messages/search?q=recall');
    assert.deepEqual(search.json.data, []);
    assert.equal((await api('GET', '/api/v1/sync?after=-1')).status, 400);
  });
});
