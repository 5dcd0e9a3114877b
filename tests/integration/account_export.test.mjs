// GET /api/v1/users/export (issue 14, docs/operations.md "Account data export"): the caller's
// whole account as one streamed JSON document, over real HTTP against the real server. A user with
// a few thousand messages (one-to-one both ways, group messages of its groups) gets each of them
// exactly once, and nothing of other users.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startServer, registerUser, api } from './harness.mjs';
import { as, dec, enc, makeFriends, online, upMessage } from './im_client.mjs';

let srv;
before(async () => {
  // The senders here go far past the default per-user send limit.
  srv = await startServer({ args: ['--require-friendship', 'false', '--send-rate-per-user', '0'] });
});
after(async () => { await srv.stop(); });

// Sends `count` messages built by `make(i)` on `socket`, `window` in flight; returns the msgIds
// acked 200 (all of them, or the test fails).
async function sendMany(socket, count, make, window = 64) {
  const acked = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const msg = make(next);
      next += 1;
      const ack = dec('AckMessage', await socket.timeout(10000).emitWithAck('on-message', enc('MessageUp', msg)));
      assert.equal(ack.statusCode, 200, JSON.stringify(ack));
      acked.push(msg.msgId);
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return acked;
}

// The raw reply of GET /api/v1/users/export as `user`: status, headers, body text.
function exportOf(user) {
  return new Promise((resolve, reject) => {
    const req = http.get(`${srv.baseUrl}/api/v1/users/export`,
      { headers: { userid: String(user.id), authorization: user.token } }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers,
          text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
    req.on('error', reject);
  });
}

test('the export holds every message of the caller exactly once and nothing of others', { timeout: 600000 }, async () => {
  const [a, b, c, d] = [await registerUser(srv.baseUrl), await registerUser(srv.baseUrl),
    await registerUser(srv.baseUrl), await registerUser(srv.baseUrl)];
  await makeFriends(srv.baseUrl, a, b);
  const group = (await as(srv.baseUrl, a)('POST', '/api/v1/groups', { name: 'abc', type: 1, members: [b.id, c.id] })).json.data;
  const foreign = (await as(srv.baseUrl, c)('POST', '/api/v1/groups', { name: 'cd', type: 1, members: [d.id] })).json.data;
  const [sa, sb, sc] = [await online(srv.baseUrl, a), await online(srv.baseUrl, b), await online(srv.baseUrl, c)];
  // Pushes are acked so that deliveries settle; the content does not matter here.
  for (const s of [sa, sb, sc]) s.on('on-message', (_data, cb) => cb?.(enc('AckMessage', { statusCode: 200, message: 'Successfully.' })));
  try {
    const toGroup = (from, g) => (i) => upMessage(from, { id: g.id }, { groupId: g.id, content: `g ${i}` });
    const mine = [
      ...await sendMany(sa, 1500, (i) => upMessage(a, b, { content: `a->b ${i} "quoted" ✓` })),
      ...await sendMany(sb, 1000, (i) => upMessage(b, a, { content: `b->a ${i}` })),
      ...await sendMany(sc, 300, toGroup(c, group)),
      ...await sendMany(sa, 200, toGroup(a, group)),
    ];
    const others = [
      ...await sendMany(sc, 200, (i) => upMessage(c, d, { content: `c->d ${i}` })),
      ...await sendMany(sc, 100, toGroup(c, foreign)),
      ...await sendMany(sb, 100, (i) => upMessage(b, c, { content: `b->c ${i}` })),
    ];

    const res = await exportOf(a);
    assert.equal(res.status, 200, res.text.slice(0, 500));
    assert.equal(res.headers['transfer-encoding'], 'chunked');
    assert.equal(res.headers['content-length'], undefined);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.match(res.headers['content-disposition'], /^attachment/);
    const doc = JSON.parse(res.text);
    assert.deepEqual(Object.keys(doc), ['exportedAt', 'user', 'friends', 'groups', 'notifies', 'messages']);

    // The profile, without the password hash (S5).
    assert.equal(doc.user.id, a.id);
    assert.equal(doc.user.account, a.account);
    assert.equal('pwd' in doc.user, false);
    assert.doesNotMatch(res.text, /\$2[aby]\$/);
    // Friends with the caller's settings, groups, the friend request.
    assert.deepEqual(doc.friends.map((f) => f.id), [b.id]);
    assert.equal(typeof doc.friends[0].block, 'boolean');
    assert.deepEqual(doc.groups.map((g) => g.id), [group.id]);
    assert.ok(doc.notifies.some((n) => n.sender === a.id && n.receiver === b.id));
    assert.ok(doc.notifies.every((n) => n.sender === a.id || n.receiver === a.id));

    // Every message of the caller exactly once, ascending id, nothing else.
    const ids = doc.messages.map((m) => m.msgId);
    assert.equal(ids.length, mine.length);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual([...ids].sort(), [...mine].sort());
    const otherIds = new Set(others);
    assert.ok(ids.every((m) => !otherIds.has(m)));
    for (let i = 1; i < doc.messages.length; i += 1) assert.ok(doc.messages[i].id > doc.messages[i - 1].id);
    assert.ok(doc.messages.every((m) => m.sender === a.id || m.receiver === a.id || m.groupId === group.id));
    assert.ok(doc.messages.some((m) => m.content === 'a->b 0 "quoted" ✓'));

    // The other side: D sees only the messages between C and D and of D's group.
    const dDoc = JSON.parse((await exportOf(d)).text);
    assert.equal(dDoc.messages.length, 300);
    assert.ok(dDoc.messages.every((m) => m.receiver === d.id || m.groupId === foreign.id));
  } finally {
    for (const s of [sa, sb, sc]) s.disconnect();
  }
});

test('the export needs authentication', async () => {
  const r = await api(srv.baseUrl, 'GET', '/api/v1/users/export');
  assert.equal(r.status, 401);
});

test('a HEAD request gets the headers only', async () => {
  const u = await registerUser(srv.baseUrl);
  const res = await fetch(`${srv.baseUrl}/api/v1/users/export`, { method: 'HEAD', headers: { userid: String(u.id), authorization: u.token } });
  assert.equal(res.status, 200);
  assert.equal(await res.text(), '');
});
