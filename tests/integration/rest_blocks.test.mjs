// Blocking over real HTTP and socket.io-client 4.7.2 (docs/protocol-extensions.md "Blocking"):
// the routes, their validation, and what the blocked user sees: the answers of a non-friend and
// of a refused friend request, nothing stored, nothing pushed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, startServer, registerUser, waitFor } from './harness.mjs';
import { as, makeFriends, online, sendMessage, upMessage } from './im_client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const user = () => registerUser(srv.baseUrl);
const FORBIDDEN_ACK = { statusCode: 403, message: 'Forbidden resource' };
const storedFrom = (server, id) => Number(server.sql(`SELECT COUNT(*) FROM Messages WHERE sender = ${id}`).trim());

test('block, list, unblock; bad input gets clear 4xx and changes nothing', async () => {
  const [a, b, c] = [await user(), await user(), await user()];
  const asA = as(srv.baseUrl, a);
  assert.deepEqual((await asA('GET', '/api/v1/blocks')).json, { statusCode: 200, data: [] });

  for (const body of [{}, { userId: 'x' }, { userId: 1.5 }, { userId: null }, { userId: a.id }]) {
    const r = await asA('POST', '/api/v1/blocks', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.deepEqual(r.json, { message: 'Bad Request', statusCode: 400 });
  }
  const nobody = await asA('POST', '/api/v1/blocks', { userId: 99999 });
  assert.equal(nobody.status, 404);
  assert.deepEqual(nobody.json, { message: 'No user found with id 99999', error: 'Not Found', statusCode: 404 });

  assert.deepEqual((await asA('POST', '/api/v1/blocks', { userId: b.id })).json,
    { statusCode: 200, message: 'Successfully blocked.' });
  assert.equal((await asA('POST', '/api/v1/blocks', { userId: String(c.id) })).status, 200);
  assert.equal((await asA('POST', '/api/v1/blocks', { userId: b.id })).status, 200, 'blocking twice is fine');
  const list = await asA('GET', '/api/v1/blocks');
  assert.equal(list.status, 200);
  assert.deepEqual(list.json.data.map((r) => r.userId).sort(), [b.id, c.id].sort());
  for (const row of list.json.data) {
    assert.deepEqual(Object.keys(row), ['userId', 'createdAt']);
    assert.match(row.createdAt, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  }
  assert.deepEqual((await as(srv.baseUrl, b)('GET', '/api/v1/blocks')).json.data, [], 'one-way');

  assert.deepEqual((await asA('DELETE', `/api/v1/blocks/${b.id}`)).json,
    { statusCode: 200, message: 'Successfully unblocked.' });
  const again = await asA('DELETE', `/api/v1/blocks/${b.id}`);
  assert.equal(again.status, 404);
  assert.deepEqual(again.json, { message: `No block found for user ${b.id}`, error: 'Not Found', statusCode: 404 });
  assert.equal((await asA('DELETE', '/api/v1/blocks/abc')).status, 400);
  assert.deepEqual((await asA('GET', '/api/v1/blocks')).json.data.map((r) => r.userId), [c.id]);

  const anonymous = await api(srv.baseUrl, 'GET', '/api/v1/blocks');
  assert.equal(anonymous.status, 401);
});

test('a blocked friend gets the non-friend ack over socket.io; nothing is stored or pushed', { timeout: 30000 }, async () => {
  const [a, b, stranger] = [await user(), await user(), await user()];
  await makeFriends(srv.baseUrl, a, b);
  const sa = await online(srv.baseUrl, a);
  const sb = await online(srv.baseUrl, b);
  let pushes = 0;
  sb.on('on-message', (_d, cb) => { pushes += 1; cb?.(); });

  assert.equal((await as(srv.baseUrl, b)('POST', '/api/v1/blocks', { userId: a.id })).status, 200);
  const toStranger = await sendMessage(sa, upMessage(a, stranger));
  const toBlocker = await sendMessage(sa, upMessage(a, b));
  assert.deepEqual(toStranger, FORBIDDEN_ACK);
  assert.deepEqual(toBlocker, toStranger, 'the same answer as for a non-friend');
  assert.equal(storedFrom(srv, a.id), 0);
  const pending = await as(srv.baseUrl, b)('GET', '/api/v1/events/message');
  assert.equal(pending.json.count, 0);

  // One-way: the blocker may still write, and the blocked user receives it.
  const got = new Promise((resolve) => sa.once('on-message', (d, cb) => { cb?.(); resolve(d); }));
  assert.deepEqual(await sendMessage(sb, upMessage(b, a)), { statusCode: 200, message: 'Successfully.' });
  await got;

  assert.equal((await as(srv.baseUrl, b)('DELETE', `/api/v1/blocks/${a.id}`)).status, 200);
  assert.deepEqual(await sendMessage(sa, upMessage(a, b)), { statusCode: 200, message: 'Successfully.' });
  assert.equal(storedFrom(srv, a.id), 1);
  await waitFor(() => pushes === 1, 'the push of the message sent after the unblock');
  assert.equal((await as(srv.baseUrl, b)('GET', `/api/v1/messages?peer=${a.id}`)).json.data.length, 2,
    "b's reply and a's message after the unblock");
  assert.equal(pushes, 1, 'only the message sent after the unblock was delivered');
  sa.disconnect();
  sb.disconnect();
});

test("a blocked user's friend request gets the refused-request reply and creates no notify", async () => {
  const [a, b, c] = [await user(), await user(), await user()];
  await makeFriends(srv.baseUrl, a, c);
  const refused = await as(srv.baseUrl, a)('POST', '/api/v1/friends', { userId: c.id });  // already friends
  assert.equal((await as(srv.baseUrl, b)('POST', '/api/v1/blocks', { userId: a.id })).status, 200);
  const blocked = await as(srv.baseUrl, a)('POST', '/api/v1/friends', { userId: b.id });
  assert.equal(blocked.status, refused.status);
  assert.deepEqual(blocked.json, refused.json);
  assert.deepEqual(blocked.json, { message: 'Database error.', error: 'Internal Server Error', statusCode: 500 });
  assert.equal((await as(srv.baseUrl, b)('GET', '/api/v1/events/notify')).json.count, 0);
  // The blocker can still ask the blocked user.
  assert.equal((await as(srv.baseUrl, b)('POST', '/api/v1/friends', { userId: a.id })).status, 200);
});

test('without REQUIRE_FRIENDSHIP a block still refuses a stranger', { timeout: 30000 }, async () => {
  const open = await startServer({ args: ['--require-friendship', 'false'] });
  try {
    const [a, b] = [await registerUser(open.baseUrl), await registerUser(open.baseUrl)];
    const sa = await online(open.baseUrl, a);
    assert.deepEqual(await sendMessage(sa, upMessage(a, b)), { statusCode: 200, message: 'Successfully.' });
    assert.equal((await as(open.baseUrl, b)('POST', '/api/v1/blocks', { userId: a.id })).status, 200);
    assert.deepEqual(await sendMessage(sa, upMessage(a, b)), FORBIDDEN_ACK);
    assert.equal(storedFrom(open, a.id), 1);
    sa.disconnect();
  } finally {
    await open.stop();
  }
});
