// The embedded core of the im_node addon (im.createCore): the walkthrough of examples/embed_hub
// from JavaScript — users, friendship with its on-notify push, a live message, the offline sync
// of a message sent while the receiver was away — then a session that never acks, the errors,
// and the life cycle (close, garbage collection, the event loop after the last session).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { im } from './addon.mjs';
import { inbox } from './inbox.mjs';

const SECRET = 'node-core-test-secret';
const newCore = (options = {}) =>
  im.createCore({ storage: 'memory', secret: SECRET, bcryptCost: 4, ...options });

function messageUp(from, to, content) {
  return {
    msgId: randomUUID(), sender: BigInt(from.id), receiver: BigInt(to.id), type: 'text', content,
    timer: BigInt(Date.now()),
  };
}

function befriend(core, a, b) {
  const request = core.friendRequest(a.id, b.id);
  core.agree(b.id, request.notifyId);
  return request;
}

test('the embed_hub walkthrough: friendship pushed, a live message, the offline sync', { timeout: 30000 }, async () => {
  const core = newCore();
  try {
    const alice = core.register('13800000001', 'abc12345');
    const bob = core.register('13800000002', 'abc12345');
    assert.equal(typeof alice.id, 'number');
    assert.equal(typeof alice.token, 'string');
    assert.notEqual(alice.id, bob.id);

    const bobsDevice = inbox();
    const a = core.connect(alice.id, { ack: true }, () => {});
    const b = core.connect(bob.id, { ack: true }, bobsDevice.onEvent);
    assert.equal(b.connected, true);
    assert.equal(b.userId, bob.id);

    // Alice asks; Bob's session is told, with the id the request returned; Bob agrees.
    const request = core.friendRequest(alice.id, bob.id);
    assert.equal(typeof request.message, 'string');
    const notify = im.decode('Notify', await bobsDevice.next('on-notify'));
    assert.equal(notify.id, request.notifyId);
    assert.equal(notify.receiver, BigInt(bob.id));
    assert.equal(notify.sender.id, BigInt(alice.id));
    assert.equal(typeof core.agree(bob.id, request.notifyId), 'string');

    // Live: Alice's ack, then Bob's session receives the message (and acks it itself).
    const live = messageUp(alice, bob, 'hello Bob, from an embedded core');
    assert.deepEqual(core.sendMessage(a, im.encode('MessageUp', live)),
      { statusCode: 200n, message: 'Successfully.' });
    const down = im.decode('MessageDown', await bobsDevice.next('on-message'));
    assert.equal(down.msgId, live.msgId);
    assert.equal(down.content, live.content);
    assert.equal(down.sender, BigInt(alice.id));
    assert.equal(down.senderInfo.account, '13800000001');

    // Bob goes offline; Alice's next message waits for him.
    b.disconnect();
    b.disconnect();
    assert.equal(b.connected, false);
    const offline = messageUp(alice, bob, 'are you there?');
    assert.equal(core.sendMessage(a, im.encode('MessageUp', offline)).statusCode, 200n);

    const missed = core.pending(bob.id, { page: 1, size: 100 });
    assert.equal(missed.count, 1);
    assert.equal(missed.items.length, 1);
    const [item] = missed.items;
    assert.equal(typeof item.id, 'bigint');
    assert.equal(item.msgId, offline.msgId);
    assert.equal(item.content, offline.content);
    assert.equal(item.sender, BigInt(alice.id));
    assert.equal(item.receiver, BigInt(bob.id));
    assert.equal(item.type, 'text');

    core.received(bob.id, item.id);
    assert.deepEqual(core.pending(bob.id), { count: 0, items: [] });
    core.flush();
  } finally {
    core.close();
  }
});

test('a session that never acks: the sender still gets 200, the message stays pending', { timeout: 30000 }, async () => {
  const core = newCore({ pushAckTimeoutMs: 200 });
  try {
    const alice = core.register('13800000011', 'abc12345');
    const bob = core.register('13800000012', 'abc12345');
    befriend(core, alice, bob);
    const a = core.connect(alice.id, () => {});
    const bobsDevice = inbox();
    core.connect(bob.id, { ack: false }, bobsDevice.onEvent);

    const up = messageUp(alice, bob, 'no ack for this one');
    assert.equal(core.sendMessage(a, im.encode('MessageUp', up)).statusCode, 200n);
    assert.equal(im.decode('MessageDown', await bobsDevice.next('on-message')).msgId, up.msgId);

    // The core's ack timer counts the push failed; the message is then among Bob's pending ones.
    let found;
    for (let i = 0; i < 200 && !found; i++) {
      found = core.pending(bob.id).items.find((m) => m.msgId === up.msgId);
      if (!found) await sleep(50);
    }
    assert.ok(found, 'the unacknowledged message never showed up in pending');
  } finally {
    core.close();
  }
});

test('a friendship is required by default: a stranger\'s message is refused with 403', () => {
  const core = newCore();
  try {
    const alice = core.register('13800000021', 'abc12345');
    const bob = core.register('13800000022', 'abc12345');
    const a = core.connect(alice.id, () => {});
    const ack = core.sendMessage(a, im.encode('MessageUp', messageUp(alice, bob, 'hi')));
    assert.equal(ack.statusCode, 403n);
    assert.deepEqual(core.pending(bob.id), { count: 0, items: [] });
  } finally {
    core.close();
  }
});

test('errors are JS Errors carrying the core\'s code, status and wire message', () => {
  assert.throws(() => im.createCore({}), (e) => e.code === 'invalid_argument' && typeof e.message === 'string');
  assert.throws(() => im.createCore({ secret: SECRET, storage: '/nonexistent-dir/im.db' }), { code: 'storage' });
  assert.throws(() => im.createCore({ secret: SECRET, bcryptCost: 2 }), RangeError);

  const core = newCore();
  try {
    assert.throws(() => core.register('not an account', 'abc12345'), (e) =>
      e.code === 'invalid_account' && e.status === 500 && e.wireMessage === 'Database error.');
    const alice = core.register('13800000031', 'abc12345');
    assert.throws(() => core.register('13800000031', 'abc12345'), { code: 'conflict', status: 409 });
    assert.equal(core.login('13800000031', 'abc12345').id, alice.id);
    assert.throws(() => core.login('13800000031', 'wrong-password'), { code: 'unauthenticated' });
    assert.throws(() => core.pending(424242), { code: 'unauthenticated' });
    assert.throws(() => core.connect(424242, () => {}), { code: 'unauthenticated' });
    assert.throws(() => core.connect(alice.id, {}), TypeError);

    const a = core.connect(alice.id, () => {});
    assert.throws(() => core.sendMessage(a, Buffer.from('not protobuf')), { code: 'invalid_argument' });
    assert.throws(() => core.sendMessage({}, Buffer.alloc(0)), TypeError);
    const other = newCore();
    try {
      assert.throws(() => other.sendMessage(a, Buffer.alloc(0)), TypeError);
    } finally {
      other.close();
    }
    a.disconnect();
    assert.throws(() => core.sendMessage(a, Buffer.alloc(0)), { code: 'invalid_argument' });
  } finally {
    core.close();
  }
});

test('close is idempotent, ends the sessions, and the closed core refuses calls', () => {
  const core = newCore();
  const alice = core.register('13800000041', 'abc12345');
  const s = core.connect(alice.id, () => {});
  assert.equal(core.closed, false);
  core.close();
  core.close();
  assert.equal(core.closed, true);
  assert.equal(s.connected, false);
  s.disconnect();
  assert.throws(() => core.register('13800000042', 'abc12345'), /the core is closed/);
  assert.throws(() => core.pending(alice.id), /the core is closed/);
});

test('close with pushes still on their way to the sessions', { timeout: 30000 }, async () => {
  const core = newCore({ requireFriendship: false, sendRatePerUser: 0 });  // 50 at once
  const alice = core.register('13800000071', 'abc12345');
  const bob = core.register('13800000072', 'abc12345');
  const a = core.connect(alice.id, () => {});
  let seen = 0;
  const b = core.connect(bob.id, () => { seen++; });
  for (let i = 0; i < 50; i++)
    assert.equal(core.sendMessage(a, im.encode('MessageUp', messageUp(alice, bob, `#${i}`))).statusCode, 200n);
  core.close();  // the pushes queued for Bob's session are dropped, never delivered after close
  await sleep(50);
  assert.equal(seen, 0);
  assert.equal(b.connected, false);
});

test('garbage collection of an unclosed core with a connected session closes it', { timeout: 20000 }, async () => {
  if (typeof global.gc !== 'function') return;  // needs --expose-gc (ctest passes it)
  let collected = false;
  const registry = new FinalizationRegistry(() => { collected = true; });
  (() => {
    const core = newCore();
    const alice = core.register('13800000051', 'abc12345');
    core.connect(alice.id, () => {});
    registry.register(core, 'core');
  })();
  for (let i = 0; i < 100 && !collected; i++) {
    global.gc();
    await sleep(20);
  }
  assert.ok(collected, 'the core was never collected');
});

// A connected session keeps the event loop alive (its events must reach JS); once it is
// disconnected, or its core closed, nothing holds the process. Each child ends by itself: the
// first only if the session kept it alive until an unref'd timer sent the message, the others
// only if nothing is left holding the loop.
test('a connected session holds the event loop, a disconnected or closed one does not', { timeout: 90000 }, () => {
  const addon = fileURLToPath(new URL('./addon.mjs', import.meta.url));
  const script = (end) => `
    import { im } from ${JSON.stringify(addon)};
    const core = im.createCore({ secret: 'child-secret', bcryptCost: 4, requireFriendship: false });
    const alice = core.register('13800000061', 'abc12345');
    const bob = core.register('13800000062', 'abc12345');
    const a = core.connect(alice.id, () => {});
    const b = core.connect(bob.id, (event, buffer) => {
      console.log(im.decode('MessageDown', buffer).content);
      core.close();
    });
    ${end}`;
  const send = `im.encode('MessageUp', { msgId: 'm1', sender: BigInt(alice.id), receiver: BigInt(bob.id),
    type: 'text', content: 'delivered', timer: 1n })`;
  const cases = [
    [`setTimeout(() => core.sendMessage(a, ${send}), 10).unref();`, 'delivered'],
    ['b.disconnect(); a.disconnect(); console.log("done");', 'done'],
    ['core.close(); console.log("done");', 'done'],
  ];
  for (const [end, expected] of cases) {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script(end)],
      { encoding: 'utf8', timeout: 60000 });
    assert.equal(child.status, 0, `${end}: ${child.stderr}`);
    assert.equal(child.stdout.trim(), expected, end);
  }
});
