// Friends and notifies over real HTTP and socket.io-client (docs/contract/http-api.md F1-F7, E1-E3;
// docs/contract/realtime.md 6.4 and 7; fixes B3, B7, B8, B9, B15, B16, B17, S4, S5, S8, S10, J19).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, registerUser } from './harness.mjs';
import { as, dec, makeFriends, nextPush, online, sendMessage, upMessage } from './im_client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const user = () => registerUser(srv.baseUrl);

test('a friend request is pushed, acked to status 2, agreed, and both see each other (B3, B7, B8)', { timeout: 30000 }, async () => {
  const a = await user();
  const b = await user();
  const sb = await online(srv.baseUrl, b);
  const sa = await online(srv.baseUrl, a);
  const pushed = nextPush(sb, 'on-notify');
  const asked = await as(srv.baseUrl, a)('POST', '/api/v1/friends', { userId: b.id });
  assert.deepEqual(asked.json, { statusCode: 200, message: 'Seccessed, wait for the other party to agree.' });
  const raw = Buffer.from(await pushed);
  assert.ok(raw.toString('hex').endsWith('3a004200'), 'empty remark and ext are written (B8)');
  const notify = dec('Notify', raw);
  assert.equal(notify.type, 1);
  assert.equal(notify.status, 1);
  assert.equal(notify.receiver, b.id);
  assert.equal(notify.sender.id, a.id);

  // B acked 200: the notify moved to status 2 and is no longer pending (B3).
  let pending;
  for (let i = 0; i < 50; i += 1) {
    pending = await as(srv.baseUrl, b)('GET', '/api/v1/events/notify');
    if (pending.json.count === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.deepEqual(pending.json, { statusCode: 200, count: 0, data: [] });

  const result = nextPush(sa, 'on-notify');
  const agreed = await as(srv.baseUrl, b)('POST', '/api/v1/friends/agree', { notifyId: notify.id });
  assert.deepEqual(agreed.json, { statusCode: 200, message: 'Successfully.' });
  const answer = dec('Notify', await result);
  assert.equal(answer.id, notify.id);
  assert.equal(answer.status, 4);
  assert.equal(answer.receiver, a.id);
  assert.equal(answer.sender.id, b.id);

  for (const [me, other] of [[a, b], [b, a]]) {
    const list = await as(srv.baseUrl, me)('GET', '/api/v1/friends');
    assert.equal(list.json.data.count, 1);
    const f = list.json.data.friends[0];
    assert.deepEqual(Object.keys(f), ['regisTime', 'updateTime', 'id', 'account', 'avatar', 'email',
      'roleId', 'createdAt', 'updatedAt', 'remark', 'astrolabe', 'block']);
    assert.equal(f.id, other.id);
  }
  // Asking an existing friend keeps the original's 500 (B9/J1); agreeing again has expired (B17).
  const again = await as(srv.baseUrl, a)('POST', '/api/v1/friends', { userId: b.id });
  assert.equal(again.status, 500);
  assert.deepEqual(again.json, { message: 'Database error.', error: 'Internal Server Error', statusCode: 500 });
  const reagree = await as(srv.baseUrl, b)('POST', '/api/v1/friends/agree', { notifyId: notify.id });
  assert.equal(reagree.status, 404);
  assert.equal(reagree.json.message, 'Request has expired.');
  const received = await as(srv.baseUrl, b)('POST', '/api/v1/events/notify/received', { notifyId: notify.id });
  assert.equal(received.status, 200);
  sa.disconnect();
  sb.disconnect();
});

test('requests to yourself or to nobody are refused and create nothing (S10)', async () => {
  const a = await user();
  const self = await as(srv.baseUrl, a)('POST', '/api/v1/friends', { userId: a.id });
  assert.equal(self.status, 400);
  assert.deepEqual(self.json, { message: 'Bad Request', statusCode: 400 });
  const nobody = await as(srv.baseUrl, a)('POST', '/api/v1/friends', { userId: 99999 });
  assert.equal(nobody.status, 404);
  assert.deepEqual(nobody.json, { message: 'No user found with id 99999', error: 'Not Found', statusCode: 404 });
  const missing = await as(srv.baseUrl, a)('POST', '/api/v1/friends', {});
  assert.equal(missing.status, 500);
  assert.equal(missing.json.message, 'Database error.');
});

test('only the receiver can answer or mark a notify (S4, B17); ext holds text (B19)', async () => {
  const [a, b, c] = [await user(), await user(), await user()];
  const asked = await as(srv.baseUrl, a)('POST', '/api/v1/friends', { userId: b.id, remark: 'hi B', ext: 'abc' });
  assert.equal(asked.status, 200);
  const list = await as(srv.baseUrl, b)('GET', '/api/v1/events/notify');
  assert.equal(list.json.count, 1);
  const n = list.json.data[0];
  assert.equal(n.ext, 'abc');
  assert.equal(n.remark, 'hi B');
  assert.equal(n['senderInfo.id'], a.id);
  assert.ok(!list.text.includes('pwd') && !list.text.includes('$2b$'), 'no password hash (S5)');

  for (const route of ['/api/v1/friends/agree', '/api/v1/friends/reject']) {
    const r = await as(srv.baseUrl, c)('POST', route, { notifyId: n.id });
    assert.equal(r.status, 404);
    assert.deepEqual(r.json, { message: 'Request has expired.', error: 'Not Found', statusCode: 404 });
  }
  for (const route of ['/api/v1/events/notify/received', '/api/v1/events/notify/readed']) {
    const r = await as(srv.baseUrl, c)('POST', route, { notifyId: n.id });
    assert.equal(r.status, 404);
    assert.equal(r.json.message, `No notify found with id ${n.id}`);
  }
  assert.equal((await as(srv.baseUrl, b)('POST', '/api/v1/events/notify/readed', { notifyId: n.id })).status, 200);
  // readed (3) cannot go back to received (2); the request can still be rejected.
  assert.equal((await as(srv.baseUrl, b)('POST', '/api/v1/events/notify/received', { notifyId: n.id })).status, 200);
  const rejected = await as(srv.baseUrl, b)('POST', '/api/v1/friends/reject', { notifyId: n.id });
  assert.deepEqual(rejected.json, { statusCode: 200, message: 'Successfully.' });
  const after = await as(srv.baseUrl, b)('POST', '/api/v1/friends/agree', { notifyId: n.id });
  assert.equal(after.status, 404);
  assert.equal((await as(srv.baseUrl, a)('GET', '/api/v1/friends')).json.data.count, 0);
});

test('each user sees their own settings; false values stick (B15, B16); F4 for a stranger is 500 (J7)', async () => {
  const [a, b, c] = [await user(), await user(), await user()];
  await makeFriends(srv.baseUrl, a, b);
  await makeFriends(srv.baseUrl, c, b);
  assert.equal((await as(srv.baseUrl, a)('PUT', `/api/v1/friends/${b.id}`, { remark: 'x', astrolabe: true })).status, 200);
  assert.equal((await as(srv.baseUrl, c)('PUT', `/api/v1/friends/${b.id}`, { remark: 'y' })).status, 200);
  const la = await as(srv.baseUrl, a)('GET', '/api/v1/friends');
  const lc = await as(srv.baseUrl, c)('GET', '/api/v1/friends');
  assert.equal(la.json.data.friends[0].remark, 'x');
  assert.equal(la.json.data.friends[0].astrolabe, true);
  assert.equal(lc.json.data.friends[0].remark, 'y');

  const off = await as(srv.baseUrl, a)('PUT', `/api/v1/friends/${b.id}`, { astrolabe: false });
  assert.deepEqual(off.json, { statusCode: 200, message: 'Successfully updated.' });
  assert.equal((await as(srv.baseUrl, a)('PUT', `/api/v1/friends/${b.id}`, { astrolabe: false })).status, 200);
  const setting = await as(srv.baseUrl, a)('GET', `/api/v1/friends/${b.id}`);
  assert.equal(setting.json.data.astrolabe, false);
  assert.deepEqual(Object.keys(setting.json.data),
    ['createdAt', 'updatedAt', 'id', 'userId', 'friendId', 'remark', 'astrolabe', 'block']);

  const none = await as(srv.baseUrl, a)('PUT', `/api/v1/friends/${b.id}`, { other: 1 });
  assert.deepEqual(none.json, { message: 'Bad Request', statusCode: 400 });
  // A remark of the wrong type, alone or not, is a type error (500), not an empty body.
  for (const body of [{ remark: 5 }, { remark: false }, { remark: [] }, { remark: 5, astrolabe: true }]) {
    const wrong = await as(srv.baseUrl, a)('PUT', `/api/v1/friends/${b.id}`, body);
    assert.deepEqual(wrong.json, { message: 'Database error.', error: 'Internal Server Error', statusCode: 500 },
      JSON.stringify(body));
  }
  const stranger = await as(srv.baseUrl, a)('PUT', `/api/v1/friends/${c.id}`, { remark: 'z' });
  assert.equal(stranger.status, 404);
  assert.equal(stranger.json.message, 'No resources are updated.');
  const f4 = await as(srv.baseUrl, a)('GET', `/api/v1/friends/${c.id}`);
  assert.deepEqual(f4.json, { message: 'Database Error.', error: 'Internal Server Error', statusCode: 500 });
});

test('blocking stops one-to-one messages (S8); strangers cannot chat (J19); unfriending notifies', { timeout: 30000 }, async () => {
  const [a, b, c] = [await user(), await user(), await user()];
  await makeFriends(srv.baseUrl, a, b);
  const sa = await online(srv.baseUrl, a);
  const sb = await online(srv.baseUrl, b);
  let pushes = 0;
  sb.on('on-message', (_d, cb) => { pushes += 1; cb?.(); });

  assert.equal((await as(srv.baseUrl, b)('PUT', `/api/v1/friends/${a.id}`, { block: true })).status, 200);
  assert.deepEqual(await sendMessage(sa, upMessage(a, b)), { statusCode: 403, message: 'Forbidden resource' });
  assert.equal((await as(srv.baseUrl, b)('PUT', `/api/v1/friends/${a.id}`, { block: 'false' })).status, 200);
  assert.deepEqual(await sendMessage(sa, upMessage(a, b)), { statusCode: 200, message: 'Successfully.' });
  assert.deepEqual(await sendMessage(sa, upMessage(a, c)), { statusCode: 403, message: 'Forbidden resource' });

  const gone = nextPush(sb, 'on-notify');
  const removed = await as(srv.baseUrl, a)('DELETE', `/api/v1/friends/${b.id}`);
  assert.deepEqual(removed.json, { statusCode: 200, message: 'Successfully deleted.' });
  const n = dec('Notify', await gone);
  assert.equal(n.type, 2);
  assert.equal(n.sender.id, a.id);
  const twice = await as(srv.baseUrl, a)('DELETE', `/api/v1/friends/${b.id}`);
  assert.deepEqual(twice.json, { message: 'Not yet a friendship.', error: 'Forbidden', statusCode: 403 });
  assert.equal(pushes, 1, 'only the message sent while unblocked was delivered');
  sa.disconnect();
  sb.disconnect();
});
