// Typing, presence and pushed group read counts (issue 13 items 4-6,
// docs/protocol-extensions.md) on one node with the embedded store, through socket.io-client
// 4.7.2: only sockets that opted in hear anything new; a blocked user's typing goes nowhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { registerUser, startServer } from './harness.mjs';
import { as, enc, makeFriends, online, sendMessage, upMessage } from './im_client.mjs';
import { encExt, onlineWith, recorder, waitForEvent } from './ext_client.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const EXTENSION_EVENTS = ['on-typing', 'on-presence', 'on-message:read-count'];
const ALL = ['typing', 'presence', 'receipts'];

let srv;
let a;
let b;
let c;
const sockets = [];

async function socket(user, features) {
  const s = await onlineWith(srv.baseUrl, user, features);
  sockets.push(s);
  return s;
}

before(async () => {
  srv = await startServer();
  [a, b, c] = [await registerUser(srv.baseUrl), await registerUser(srv.baseUrl),
    await registerUser(srv.baseUrl)];
  await makeFriends(srv.baseUrl, a, b);
  await makeFriends(srv.baseUrl, a, c);
});

after(async () => {
  for (const s of sockets) s.disconnect();
  await srv?.stop();
});

test('presence: a friend coming online and going offline; lookups; the setting', { timeout: 30000 }, async () => {
  const watcher = await socket(b, ALL);
  const plain = await socket(b, undefined);  // as the Electron client connects
  const heard = recorder(watcher);
  const plainHeard = recorder(plain);

  const sa = await socket(a, undefined);
  const on = await waitForEvent(heard, (e) => e.name === 'on-presence');
  assert.deepEqual(on.data, { userId: a.id, online: true });

  const lookup = await as(srv.baseUrl, b)('GET', `/api/v1/presence?ids=${a.id},${c.id},999999,${a.id}`);
  assert.equal(lookup.status, 200, lookup.text);
  // c is a stranger to b (both are a's friends): left out, like the unknown id.
  assert.deepEqual(lookup.json, { statusCode: 200, data: [{ userId: a.id, online: true }] });
  for (const bad of ['', 'ids=', 'ids=1,x', 'ids=0', 'ids=1,,2', `ids=${Array(101).fill(1).join(',')}`]) {
    const r = await as(srv.baseUrl, b)('GET', `/api/v1/presence?${bad}`);
    assert.deepEqual([r.status, r.json], [400, { message: 'Bad Request', statusCode: 400 }], bad);
  }

  // a hides their presence: b's opted-in socket sees a leave, lookups say offline.
  const setting = as(srv.baseUrl, a);
  assert.deepEqual((await setting('GET', '/api/v1/presence/setting')).json,
    { statusCode: 200, data: { hidden: false } });
  const hide = await setting('PUT', '/api/v1/presence/setting', { hidden: true });
  assert.deepEqual(hide.json, { statusCode: 200, data: { hidden: true } });
  await waitForEvent(heard, (e) => e.name === 'on-presence' && !e.data.online);
  const hidden = await as(srv.baseUrl, b)('GET', `/api/v1/presence?ids=${a.id}`);
  assert.deepEqual(hidden.json.data, [{ userId: a.id, online: false }]);
  const r = await setting('PUT', '/api/v1/presence/setting', { hidden: 'maybe' });
  assert.equal(r.status, 400);
  await setting('PUT', '/api/v1/presence/setting', { hidden: false });
  await waitForEvent(heard, (e) => e.name === 'on-presence' && e.data.online && heard.indexOf(e) > 1);

  // a leaves: offline after the debounce.
  const before = heard.length;
  sa.disconnect();
  await waitForEvent(heard, (e) => e.name === 'on-presence' && !e.data.online && heard.indexOf(e) >= before);
  assert.deepEqual(plainHeard.filter((e) => EXTENSION_EVENTS.includes(e.name)), []);
});

test('presence: a reconnect within the debounce does not flap', { timeout: 30000 }, async () => {
  const watcher = await socket(b, ['presence']);
  const heard = recorder(watcher);
  const first = await socket(a, undefined);
  await waitForEvent(heard, (e) => e.name === 'on-presence' && e.data.online);
  first.disconnect();
  const again = await socket(a, undefined);
  await sleep(4500);  // past the debounce (3 s)
  assert.deepEqual(heard.filter((e) => e.name === 'on-presence').map((e) => e.data.online), [true]);
  again.disconnect();
});

test('typing reaches the friend\'s opted-in sockets only; a blocked sender\'s goes nowhere', { timeout: 30000 }, async () => {
  const typer = await socket(a, ['typing']);
  const watcher = await socket(b, ['typing']);
  const plain = await socket(b, undefined);
  const heard = recorder(watcher);
  const plainHeard = recorder(plain);
  const typerHeard = recorder(typer);

  typer.emit('on-typing', encExt('Typing', { to: b.id, sender: 424242 }));
  const got = await waitForEvent(heard, (e) => e.name === 'on-typing');
  assert.deepEqual(got.data, { sender: a.id, to: b.id });

  // A socket that did not opt in: its on-typing is ignored like any unknown event.
  const plainA = await socket(a, undefined);
  plainA.emit('on-typing', encExt('Typing', { to: b.id }));

  // b blocks a: a's typing to b is dropped, a hears nothing about it.
  assert.equal((await as(srv.baseUrl, b)('POST', '/api/v1/blocks', { userId: a.id })).status, 200);
  typer.emit('on-typing', encExt('Typing', { to: b.id }));
  // b's own typing to a still goes (the block is one-way): a sync point for the dropped one.
  const back = await socket(b, ['typing']);
  back.emit('on-typing', encExt('Typing', { to: a.id }));
  await waitForEvent(typerHeard, (e) => e.name === 'on-typing');
  await sleep(300);
  assert.equal(heard.filter((e) => e.name === 'on-typing').length, 1);
  assert.deepEqual(plainHeard.filter((e) => EXTENSION_EVENTS.includes(e.name)), []);
  assert.deepEqual(typerHeard.map((e) => e.name), ['on-typing']);
  await as(srv.baseUrl, b)('DELETE', `/api/v1/blocks/${a.id}`);
});

test('group read receipts: the sender\'s opted-in sockets get aggregated counts', { timeout: 30000 }, async () => {
  const g = await as(srv.baseUrl, a)('POST', '/api/v1/groups', { name: 'reads', type: 1, members: [b.id, c.id] });
  assert.equal(g.status, 200, g.text);
  const groupId = g.json.data.id;
  const sender = await socket(a, ['receipts']);
  const senderPlain = await socket(a, undefined);
  const heard = recorder(sender);
  const plainHeard = recorder(senderPlain);
  const m = upMessage(a, b, { groupId, receiver: groupId, content: 'read me' });
  assert.equal((await sendMessage(sender, m)).statusCode, 200);
  const pulled = await as(srv.baseUrl, a)('GET', `/api/v1/messages?group=${groupId}&limit=1`);
  const id = pulled.json.data[0].id;

  // b and c read it (group receipts name the reader as receiver, protocol-extensions.md 2).
  for (const reader of [b, c]) {
    const s = await socket(reader, undefined);
    const ack = await s.timeout(6000).emitWithAck('on-message:read',
      enc('MessageRead', { id, sender: reader.id, groupId, receiver: reader.id }));
    assert.ok(ack);
  }
  const counts = await waitForEvent(heard, (e) => e.name === 'on-message:read-count' &&
    e.data.counts.some((x) => x.id === id && x.readers === 2));
  assert.equal(counts.data.groupId, groupId);
  assert.ok(heard.filter((e) => e.name === 'on-message:read-count').length <= 2);  // aggregated
  assert.deepEqual(plainHeard.filter((e) => EXTENSION_EVENTS.includes(e.name)), []);
});
