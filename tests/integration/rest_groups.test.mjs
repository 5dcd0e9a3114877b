// Groups over real HTTP and group messages over socket.io-client (docs/contract/http-api.md G1-G7;
// docs/contract/realtime.md 5.1, 6.2, 8; fixes B4, B12, B13, S3, S13, J8, J10, J21).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, registerUser } from './harness.mjs';
import { as, dec, nextPush, online, sendMessage, upMessage } from './im_client.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

const user = () => registerUser(srv.baseUrl);

async function createGroup(owner, body) {
  const r = await as(srv.baseUrl, owner)('POST', '/api/v1/groups', body);
  assert.equal(r.status, 200);
  return r.json;
}

test('create adds the creator and de-duplicates (J8); invalid input creates nothing (B13)', async () => {
  const [a, b] = [await user(), await user()];
  const created = await createGroup(a, { name: 'g2', type: 1, members: [b.id, b.id] });
  assert.equal(created.message, 'Create a group successed.');
  assert.deepEqual(Object.keys(created.data),
    ['createdAt', 'updatedAt', 'id', 'name', 'type', 'creator', 'count', 'members']);
  assert.equal(created.data.count, 2);
  assert.deepEqual(created.data.members.map((m) => m.id), [a.id, b.id]);
  assert.deepEqual(Object.keys(created.data.members[0].Member), ['createdAt', 'updatedAt', 'id', 'groupId', 'userId']);

  assert.deepEqual(await createGroup(a, { name: 'g1', type: 3, members: [b.id] }),
    { statusCode: 200, message: 'Create a group successed.' });
  assert.deepEqual(await createGroup(a, { id: created.data.id, members: [b.id] }),
    { statusCode: 200, message: 'Create a group successed.' });
  const invalid = await as(srv.baseUrl, a)('POST', '/api/v1/groups', { name: 'x', type: 1, members: [99999] });
  assert.equal(invalid.status, 403);
  assert.deepEqual(invalid.json, { message: 'The params members contains an invalid user id.', error: 'Forbidden', statusCode: 403 });
  const list = await as(srv.baseUrl, a)('GET', '/api/v1/groups');
  assert.equal(list.json.data.length, 1);
});

test('lists are ordered by name; G5 is for members only (S3)', async () => {
  const [a, b, c] = [await user(), await user(), await user()];
  const g1 = (await createGroup(a, { name: 'beta', type: 1, members: [b.id] })).data;
  const g2 = (await createGroup(a, { name: 'alpha', type: 2, members: [], avatar: 'http://x/a.png' })).data;
  assert.equal(g2.avatar, 'http://x/a.png');
  const desc = await as(srv.baseUrl, a)('GET', '/api/v1/groups');
  assert.deepEqual(desc.json.data.map((g) => g.name), ['beta', 'alpha']);
  assert.deepEqual(Object.keys(desc.json.data[0]), ['id', 'name', 'avatar', 'type', 'creator', 'createdAt', 'updatedAt', 'count']);
  assert.match(desc.json.data[0].createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
  const asc = await as(srv.baseUrl, a)('GET', '/api/v1/groups/withMembers');
  assert.deepEqual(asc.json.data.map((g) => g.name), ['alpha', 'beta']);
  assert.equal(asc.json.data[1].members.length, 2);

  const one = await as(srv.baseUrl, b)('GET', `/api/v1/groups/${g1.id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(Object.keys(one.json.data.members[0]), ['id', 'account', 'avatar', 'email', 'regisTime', 'updateTime', 'roleId']);
  const stranger = await as(srv.baseUrl, c)('GET', `/api/v1/groups/${g1.id}`);
  assert.equal(stranger.status, 404);
  assert.deepEqual(stranger.json, { message: `No group found with id ${g1.id}`, error: 'Not Found', statusCode: 404 });
});

test('only the creator updates, adds members or deletes (S3, J10, B12)', async () => {
  const [a, b, c] = [await user(), await user(), await user()];
  const g = (await createGroup(a, { name: 'g', type: 1, members: [b.id] })).data;
  const put = await as(srv.baseUrl, c)('PUT', '/api/v1/groups', { id: g.id, name: 'x', creator: c.id });
  assert.deepEqual(put.json, { message: 'Unauthorized', statusCode: 401 });
  const ok = await as(srv.baseUrl, a)('PUT', '/api/v1/groups', { id: g.id, name: 'renamed', creator: c.id });
  assert.deepEqual(ok.json, { statusCode: 200, message: 'Update successed.' });
  const one = await as(srv.baseUrl, a)('GET', `/api/v1/groups/${g.id}`);
  assert.equal(one.json.data.name, 'renamed');
  assert.equal(one.json.data.creator, a.id);
  const missing = await as(srv.baseUrl, a)('PUT', '/api/v1/groups', { id: 99999, name: 'x' });
  assert.equal(missing.status, 404);

  const byOther = await as(srv.baseUrl, b)('POST', '/api/v1/groups/members', { id: g.id, members: [c.id] });
  assert.equal(byOther.status, 401);
  const add = await as(srv.baseUrl, a)('POST', '/api/v1/groups/members', { id: g.id, members: [c.id, b.id] });
  assert.deepEqual(add.json, { statusCode: 200, message: 'Add members successed.' });
  assert.equal((await as(srv.baseUrl, c)('GET', `/api/v1/groups/${g.id}`)).json.data.count, 3);
  const bad = await as(srv.baseUrl, a)('POST', '/api/v1/groups/members', { id: g.id, members: [99999] });
  assert.equal(bad.status, 403);

  const del = await as(srv.baseUrl, b)('DELETE', `/api/v1/groups/${g.id}`);
  assert.deepEqual(del.json, { message: 'Unauthorized', statusCode: 401 });
  const gone = await as(srv.baseUrl, a)('DELETE', `/api/v1/groups/${g.id}`);
  assert.deepEqual(gone.json, { statusCode: 200, message: 'Successed to delete group.' });
  const again = await as(srv.baseUrl, a)('DELETE', `/api/v1/groups/${g.id}`);
  assert.deepEqual(again.json, { message: `No group found with id ${g.id}`, error: 'Not Found', statusCode: 404 });
});

test('group messages reach every other member, not the sending socket (B4, J21); non-members are refused (S13)', { timeout: 30000 }, async () => {
  const [a, b, c, d] = [await user(), await user(), await user(), await user()];
  const g = (await createGroup(a, { name: 'chat', type: 1, members: [b.id, c.id] })).data;
  const sa = await online(srv.baseUrl, a);
  const sa2 = await online(srv.baseUrl, a);
  const sb = await online(srv.baseUrl, b);
  const sd = await online(srv.baseUrl, d);
  let echoed = 0;
  sa.on('on-message', (_m, cb) => { echoed += 1; cb?.(); });
  const toB = nextPush(sb, 'on-message');
  const toA2 = nextPush(sa2, 'on-message');
  const msg = upMessage(a, { id: g.id }, { groupId: g.id, content: 'hello group' });
  assert.deepEqual(await sendMessage(sa, msg), { statusCode: 200, message: 'Successfully.' });
  for (const pushed of [await toB, await toA2]) {
    const down = dec('MessageDown', pushed);
    assert.equal(down.groupId, g.id);
    assert.equal(down.receiver, g.id);
    assert.equal(down.content, 'hello group');
    assert.equal(down.sender, a.id);
  }
  assert.equal(echoed, 0, 'the sending socket does not get its own message');

  const refused = await sendMessage(sd, upMessage(d, { id: g.id }, { groupId: g.id }));
  assert.deepEqual(refused, { statusCode: 403, message: 'Forbidden resource' });
  const noGroup = await sendMessage(sa, upMessage(a, { id: 99999 }, { groupId: 99999 }));
  assert.equal(noGroup.statusCode, 403);

  // C was offline: the offline pull has the group message.
  const pull = await as(srv.baseUrl, c)('GET', '/api/v1/events/message');
  assert.equal(pull.json.count, 1);
  assert.equal(pull.json.data[0].groupId, g.id);
  assert.equal(pull.json.data[0].msgId, msg.msgId);
  for (const s of [sa, sa2, sb, sd]) s.disconnect();
});
