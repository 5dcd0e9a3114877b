// Typing, presence and group read counts across nodes (issue 13 items 4-6): two im_server
// processes share MariaDB and Redis; a friend connected to the other node hears typing and
// presence transitions, a user moving from one node to the other within the debounce does not
// flap, and a sender hears the read counts of a reader on the other node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { as, enc, makeFriends, sendMessage, upMessage } from './im_client.mjs';
import {
  createTestDatabase, registerUser, serviceArgs, servicesFromEnv, startServer,
} from './harness.mjs';
import { encExt, onlineWith, recorder, waitForEvent } from './ext_client.mjs';

const services = servicesFromEnv();
const skip = services ? false : 'IM_TEST_DB_* / IM_TEST_REDIS_* are not set (ctest fixture im_services)';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const sockets = [];
let db, node1, node2, a, b;  // the database, the two nodes, two friends

async function socket(node, user, features) {
  const s = await onlineWith(node.baseUrl, user, features);
  sockets.push(s);
  return s;
}

before(async () => {
  if (!services) return;
  db = createTestDatabase(services);
  const args = [
    ...serviceArgs(services, { dbName: db.name, redisDb: 1 + ((process.pid + 7) % 15) }),
    '--user-auth-key', `im_itp_${process.pid}`,
  ];
  node1 = await startServer({ args });
  node2 = await startServer({ args });
  a = await registerUser(node1.baseUrl);
  b = await registerUser(node1.baseUrl);
  await makeFriends(node1.baseUrl, a, b);
});

after(async () => {
  for (const s of sockets) s.disconnect();
  await node1?.stop();
  await node2?.stop();
  db?.drop();
});

test('presence and typing reach a friend on the other node', { skip, timeout: 40000 }, async () => {
  const watcher = await socket(node2, b, ['typing', 'presence']);
  const plain = await socket(node2, b, undefined);
  const heard = recorder(watcher);
  const plainHeard = recorder(plain);

  const sa = await socket(node1, a, ['typing']);
  assert.deepEqual((await waitForEvent(heard, (e) => e.name === 'on-presence')).data,
    { userId: a.id, online: true });
  // The lookup on node 2 finds a on node 1.
  await sleep(300);  // the bus writes presence on its own thread
  const lookup = await as(node2.baseUrl, b)('GET', `/api/v1/presence?ids=${a.id}`);
  assert.deepEqual(lookup.json.data, [{ userId: a.id, online: true }]);

  sa.emit('on-typing', encExt('Typing', { to: b.id }));
  assert.deepEqual((await waitForEvent(heard, (e) => e.name === 'on-typing')).data,
    { sender: a.id, to: b.id });

  // a moves to node 2 within the debounce: no offline, no second online.
  sa.disconnect();
  const moved = await socket(node2, a, undefined);
  await sleep(4500);
  assert.deepEqual(heard.filter((e) => e.name === 'on-presence').map((e) => e.data.online), [true]);

  // a leaves node 2 as well: offline after the debounce.
  moved.disconnect();
  await waitForEvent(heard, (e) => e.name === 'on-presence' && !e.data.online);
  const gone = await as(node1.baseUrl, b)('GET', `/api/v1/presence?ids=${a.id}`);
  assert.deepEqual(gone.json.data, [{ userId: a.id, online: false }]);
  assert.deepEqual(plainHeard.filter((e) => e.name.startsWith('on-typing') || e.name === 'on-presence'), []);
});

test('a blocked user\'s typing is dropped across nodes', { skip, timeout: 30000 }, async () => {
  const watcher = await socket(node2, b, ['typing']);
  const heard = recorder(watcher);
  const typer = await socket(node1, a, ['typing']);
  const typerHeard = recorder(typer);
  assert.equal((await as(node1.baseUrl, b)('POST', '/api/v1/blocks', { userId: a.id })).status, 200);
  typer.emit('on-typing', encExt('Typing', { to: b.id }));
  watcher.emit('on-typing', encExt('Typing', { to: a.id }));  // one-way: b's goes to a
  await waitForEvent(typerHeard, (e) => e.name === 'on-typing');
  await sleep(300);
  assert.deepEqual(heard.filter((e) => e.name === 'on-typing'), []);
});

test('group read counts reach the sender on the other node', { skip, timeout: 30000 }, async () => {
  const g = await as(node1.baseUrl, a)('POST', '/api/v1/groups', { name: 'reads', type: 1, members: [b.id] });
  assert.equal(g.status, 200, g.text);
  const groupId = g.json.data.id;
  const sender = await socket(node1, a, ['receipts']);
  const heard = recorder(sender);
  const m = upMessage(a, b, { groupId, receiver: groupId, content: 'read me on node 2' });
  assert.equal((await sendMessage(sender, m)).statusCode, 200);
  const page = await as(node1.baseUrl, a)('GET', `/api/v1/messages?group=${groupId}&limit=1`);
  const id = page.json.data[0].id;
  const reader = await socket(node2, b, undefined);
  await reader.timeout(6000).emitWithAck('on-message:read',
    enc('MessageRead', { id, sender: b.id, groupId, receiver: b.id }));
  const counts = await waitForEvent(heard, (e) => e.name === 'on-message:read-count');
  assert.deepEqual(counts.data, { groupId, counts: [{ id, readers: 1 }] });
});
