// The protocol extensions on the embedded core (im.createCore): blocking, history, conversations
// and search with the REST routes' shapes, and a session's opt-in features.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { im } from './addon.mjs';
import { inbox } from './inbox.mjs';

const newCore = () =>
  im.createCore({ storage: 'memory', secret: 'node-core-extensions-secret', bcryptCost: 4 });

function send(core, session, from, to, content) {
  const up = { msgId: randomUUID(), sender: BigInt(from.id), receiver: BigInt(to.id),
    type: 'text', content, timer: BigInt(Date.now()) };
  return core.sendMessage(session, im.encode('MessageUp', up));
}

test('blocking refuses the blocked user like a non-friend', { timeout: 30000 }, () => {
  const core = newCore();
  try {
    const alice = core.register('13900000001', 'abc12345');
    const bob = core.register('13900000002', 'abc12345');
    core.agree(bob.id, core.friendRequest(alice.id, bob.id).notifyId);
    const a = core.connect(alice.id, () => {});
    core.connect(bob.id, () => {});
    assert.equal(send(core, a, alice, bob, 'before').statusCode, 200n);

    assert.equal(typeof core.block(bob.id, alice.id), 'string');
    const listed = core.blocks(bob.id);
    assert.equal(listed.length, 1);
    assert.equal(listed[0].userId, alice.id);
    assert.match(listed[0].createdAt, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.deepEqual(send(core, a, alice, bob, 'while blocked'),
      { statusCode: 403n, message: 'Forbidden resource' });
    assert.deepEqual(core.blocks(alice.id), []);  // Alice learns nothing

    core.unblock(bob.id, alice.id);
    assert.deepEqual(core.blocks(bob.id), []);
    assert.equal(send(core, a, alice, bob, 'after').statusCode, 200n);

    assert.throws(() => core.block(bob.id, bob.id), { code: 'invalid_argument', status: 400 });
    assert.throws(() => core.block(bob.id, 999999), { code: 'not_found', status: 404 });
  } finally {
    core.close();
  }
});

test('history, conversations and search', { timeout: 30000 }, () => {
  const core = newCore();
  try {
    const alice = core.register('13900000011', 'abc12345');
    const bob = core.register('13900000012', 'abc12345');
    core.agree(bob.id, core.friendRequest(alice.id, bob.id).notifyId);
    const a = core.connect(alice.id, () => {});
    core.connect(bob.id, { ack: false }, () => {});  // Bob reads nothing: all unread
    for (const text of ['first hello', '第二条消息', 'third hello']) send(core, a, alice, bob, text);
    core.flush();

    const page = core.history(bob.id, { peer: alice.id, limit: 2 });
    assert.deepEqual(page.map((m) => m.content), ['third hello', '第二条消息']);
    const older = core.history(bob.id, { peer: alice.id, before: page[1].id });
    assert.deepEqual(older.map((m) => m.content), ['first hello']);
    assert.equal(older[0].sender, alice.id);

    const [conversation] = core.conversations(bob.id);
    assert.equal(conversation.userId, alice.id);
    assert.equal(conversation.groupId, null);
    assert.equal(conversation.unread, 3);
    assert.equal(conversation.lastMessage.content, 'third hello');

    assert.deepEqual(core.search(bob.id, 'hello').map((m) => m.content), ['third hello', 'first hello']);
    assert.deepEqual(core.search(alice.id, '二条').map((m) => m.content), ['第二条消息']);

    assert.throws(() => core.history(bob.id, {}), { code: 'invalid_argument', status: 400 });
    assert.throws(() => core.history(bob.id, { peer: 0 }), { status: 400 });
    assert.throws(() => core.search(bob.id, ''), { status: 400 });
    assert.throws(() => core.history(bob.id, { group: 424242 }), { status: 404 });
    assert.throws(() => core.history(777, { peer: alice.id }), { code: 'unauthenticated' });
  } finally {
    core.close();
  }
});

test('a session opts in to features by name', { timeout: 30000 }, () => {
  const core = newCore();
  try {
    const alice = core.register('13900000021', 'abc12345');
    const s = core.connect(alice.id, { features: ['typing', 'presence'] }, () => {});
    assert.equal(s.connected, true);
    assert.throws(() => core.connect(alice.id, { features: ['video'] }, () => {}),
      { name: 'TypeError', message: /unknown feature video/ });
    assert.throws(() => core.connect(alice.id, { features: 'typing' }, () => {}),
      { name: 'TypeError' });
  } finally {
    core.close();
  }
});

test('sync, recall and edit, pushed to the sessions that opted in to edit', { timeout: 30000 }, async () => {
  const core = newCore();
  try {
    const alice = core.register('13900000031', 'abc12345');
    const bob = core.register('13900000032', 'abc12345');
    core.agree(bob.id, core.friendRequest(alice.id, bob.id).notifyId);
    const a = core.connect(alice.id, () => {});
    const bobsEdit = inbox();
    const bobsPlain = inbox();
    core.connect(bob.id, { features: ['edit'] }, bobsEdit.onEvent);
    core.connect(bob.id, bobsPlain.onEvent);
    send(core, a, alice, bob, 'one');
    send(core, a, alice, bob, 'two');
    core.flush();

    const stream = core.sync(bob.id);
    assert.deepEqual(stream.map((m) => m.content), ['one', 'two']);
    assert.ok(stream[0].seq < stream[1].seq);
    const [one, two] = stream;

    const edited = core.edit(alice.id, one.id, 'one, edited');
    assert.equal(edited.content, 'one, edited');
    assert.ok(edited.seq > two.seq);
    await bobsEdit.next('on-message:change');
    const recalled = core.recall(alice.id, two.id);
    assert.equal(recalled.id, two.id);
    await bobsEdit.next('on-message:change');

    // After the cursor of the first page: only the changes, in their final state.
    const changes = core.sync(bob.id, { after: two.seq });
    assert.deepEqual(changes.map((m) => m.id), [one.id, two.id]);
    assert.equal(changes[0].content, 'one, edited');
    assert.deepEqual(core.sync(bob.id, { after: changes[1].seq }), []);
    assert.ok(!bobsPlain.received.some((e) => e.event === 'on-message:change'));

    assert.throws(() => core.edit(bob.id, one.id, 'not mine'), { status: 403 });
    assert.throws(() => core.sync(bob.id, { after: -1 }), { status: 400 });
  } finally {
    core.close();
  }
});

test('presence and typing reach the friends that opted in', { timeout: 30000 }, async () => {
  const core = newCore();
  try {
    const alice = core.register('13900000041', 'abc12345');
    const bob = core.register('13900000042', 'abc12345');
    const carol = core.register('13900000043', 'abc12345');
    core.agree(bob.id, core.friendRequest(alice.id, bob.id).notifyId);
    const bobsDevice = inbox();
    core.connect(bob.id, { features: ['presence', 'typing'] }, bobsDevice.onEvent);

    const a = core.connect(alice.id, { features: ['typing'] }, () => {});
    await bobsDevice.next('on-presence');
    assert.deepEqual(core.presence(bob.id, [alice.id, carol.id]), [{ userId: alice.id, online: true }]);

    core.typing(a, { to: bob.id });
    const typing = await bobsDevice.next('on-typing');
    assert.ok(typing.length > 0);

    assert.equal(core.presenceHidden(alice.id), false);
    assert.equal(core.setPresenceHidden(alice.id, true), true);
    assert.deepEqual(core.presence(bob.id, [alice.id]), [{ userId: alice.id, online: false }]);

    const c = core.connect(carol.id, () => {});
    assert.throws(() => core.typing(c, { to: bob.id }), { code: 'invalid_argument' });
    assert.throws(() => core.presence(bob.id, 'x'), TypeError);
  } finally {
    core.close();
  }
});
