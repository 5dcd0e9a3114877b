// History, conversations and search over real HTTP, with the messages and read receipts sent through
// socket.io-client 4.7.2 (docs/protocol-extensions.md "History and conversations").
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { api, createTestDatabase, registerUser, serviceArgs, servicesFromEnv, startServer } from './harness.mjs';
import { as, enc, dec, makeFriends, online, sendMessage, upMessage } from './im_client.mjs';

// The same file on the embedded SQLite store and on MariaDB + Redis (the ctest fixture
// im_services; skipped without it).
const services = servicesFromEnv();
const backends = [
  { name: 'sqlite', start: async () => ({ server: await startServer(), drop: () => {} }) },
  {
    name: 'mariadb',
    skip: services ? false : 'IM_TEST_DB_* / IM_TEST_REDIS_* are not set (ctest fixture im_services)',
    start: async () => {
      const db = createTestDatabase(services);
      const server = await startServer({ args: serviceArgs(services, { dbName: db.name, redisDb: 1 + (process.pid % 15) }) });
      return { server, drop: db.drop };
    },
  },
];

for (const backend of backends) describe(backend.name, { skip: backend.skip }, () => {
  let srv, drop;
  let a, b, c, groupId, sa, sb;
  before(async () => {
    ({ server: srv, drop } = await backend.start());
    [a, b, c] = [await registerUser(srv.baseUrl), await registerUser(srv.baseUrl), await registerUser(srv.baseUrl)];
    await makeFriends(srv.baseUrl, a, b);
    await makeFriends(srv.baseUrl, a, c);
    const created = await as(srv.baseUrl, a)('POST', '/api/v1/groups', { name: 'g', type: 1, members: [b.id] });
    groupId = created.json.data.id;
    sa = await online(srv.baseUrl, a);
    sb = await online(srv.baseUrl, b);
    for (const s of [sa, sb]) s.on('on-message', (_d, cb) => cb?.());
    // a <-> b: 7 from a, 4 from b, interleaved; a -> c: 2; the group: 5.
    for (let i = 0; i < 11; i += 1) {
      const [from, socket, to] = i % 3 === 2 || i === 10 ? [b, sb, a] : [a, sa, b];
      assert.equal((await sendMessage(socket, upMessage(from, to, { content: `m${i}` }))).statusCode, 200);
    }
    for (let i = 0; i < 2; i += 1) assert.equal((await sendMessage(sa, upMessage(a, c))).statusCode, 200);
    for (let i = 0; i < 5; i += 1) {
      const [from, socket] = i % 2 ? [b, sb] : [a, sa];
      const msg = upMessage(from, { id: groupId }, { groupId, content: `g${i}` });
      assert.equal((await sendMessage(socket, msg)).statusCode, 200);
    }
  });
  after(async () => {
    sa?.disconnect();
    sb?.disconnect();
    await srv?.stop();
    drop?.();
  });

  async function pageAll(user, query, limit) {
    const seen = [];
    let beforeId;
    for (let i = 0; i < 100; i += 1) {
      const q = `${query}&limit=${limit}${beforeId ? `&before=${beforeId}` : ''}`;
      const r = await as(srv.baseUrl, user)('GET', `/api/v1/messages?${q}`);
      assert.equal(r.status, 200, r.text);
      assert.ok(r.json.data.length <= limit);
      if (r.json.data.length === 0) return seen;
      seen.push(...r.json.data);
      beforeId = r.json.data.at(-1).id;
    }
    throw new Error('paging did not end');
  }

  test('peer history: both directions, newest first, paged without gaps or duplicates', async () => {
    const full = await as(srv.baseUrl, a)('GET', `/api/v1/messages?peer=${b.id}`);
    assert.equal(full.status, 200);
    assert.deepEqual(Object.keys(full.json), ['statusCode', 'data']);
    const ids = full.json.data.map((m) => m.id);
    assert.equal(ids.length, 11);
    assert.deepEqual(ids, [...ids].sort((x, y) => y - x), 'newest first');
    assert.deepEqual(full.json.data.map((m) => m.content), Array.from({ length: 11 }, (_, i) => `m${10 - i}`));
    const first = full.json.data[0];
    assert.deepEqual(Object.keys(first),
      ['id', 'msgId', 'type', 'sender', 'groupId', 'receiver', 'content', 'timer', 'ext', 'createdAt', 'state']);
    assert.equal(first.sender, b.id);
    assert.equal(first.groupId, null);
    assert.match(first.createdAt, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);

    for (const limit of [1, 3, 4, 200]) {
      assert.deepEqual((await pageAll(a, `peer=${b.id}`, limit)).map((m) => m.id), ids, `limit ${limit}`);
    }
    // The other side reads the same conversation; c's conversation with a is separate.
    assert.deepEqual((await as(srv.baseUrl, b)('GET', `/api/v1/messages?peer=${a.id}`)).json.data.map((m) => m.id), ids);
    assert.equal((await as(srv.baseUrl, c)('GET', `/api/v1/messages?peer=${a.id}`)).json.data.length, 2);
    assert.deepEqual((await as(srv.baseUrl, c)('GET', `/api/v1/messages?peer=${b.id}`)).json.data, []);
  });

  test('group history for members; a non-member gets the answer of a missing group', async () => {
    const paged = await pageAll(b, `group=${groupId}`, 2);
    assert.deepEqual(paged.map((m) => m.content), ['g4', 'g3', 'g2', 'g1', 'g0']);
    assert.ok(paged.every((m) => m.groupId === groupId && m.receiver === groupId));

    const outsider = await as(srv.baseUrl, c)('GET', `/api/v1/messages?group=${groupId}`);
    const missing = await as(srv.baseUrl, c)('GET', '/api/v1/messages?group=99999');
    assert.equal(outsider.status, 404);
    assert.deepEqual(outsider.json, { message: `No group found with id ${groupId}`, error: 'Not Found', statusCode: 404 });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { message: 'No group found with id 99999', error: 'Not Found', statusCode: 404 });
  });

  test('bad parameters get 400 with the error envelope', async () => {
    const bad = ['', `peer=${b.id}&group=${groupId}`, 'peer=abc', 'peer=0', 'group=-1', `peer=${b.id}&limit=0`,
      `peer=${b.id}&limit=201`, `peer=${b.id}&limit=1.5`, `peer=${b.id}&before=0`, `peer=${b.id}&before=x`,
      `peer=${b.id}&peer=${c.id}`, `peer=${b.id}&limit=`];
    for (const q of bad) {
      const r = await as(srv.baseUrl, a)('GET', `/api/v1/messages?${q}`);
      assert.equal(r.status, 400, q);
      assert.deepEqual(r.json, { message: 'Bad Request', statusCode: 400 }, q);
    }
    assert.equal((await as(srv.baseUrl, a)('GET', `/api/v1/messages?peer=${b.id}&limit=200`)).status, 200);
    assert.equal((await api(srv.baseUrl, 'GET', `/api/v1/messages?peer=${b.id}`)).status, 401);
    assert.equal((await api(srv.baseUrl, 'GET', '/api/v1/conversations')).status, 401);
  });

  test('conversations: last message and unread counts follow the read receipts', { timeout: 20000 }, async () => {
    const list = async () => {
      const r = await as(srv.baseUrl, b)('GET', '/api/v1/conversations');
      assert.equal(r.status, 200);
      return r.json.data;
    };
    let rows = await list();
    assert.deepEqual(rows.map((r) => [r.userId, r.groupId]), [[null, groupId], [a.id, null]]);
    assert.deepEqual(Object.keys(rows[0]), ['userId', 'groupId', 'unread', 'lastMessage']);
    assert.equal(rows[0].lastMessage.content, 'g4');
    assert.equal(rows[0].unread, 3, "a's g0, g2, g4; b's own are never unread");
    assert.equal(rows[1].lastMessage.content, 'm10');
    assert.equal(rows[1].unread, 7);

    // b reads a's messages up to m5 (a one-to-one receipt to a) and the group up to g2 (a group
    // receipt naming b as its receiver).
    const history = (await as(srv.baseUrl, b)('GET', `/api/v1/messages?peer=${a.id}`)).json.data;
    const m5 = history.find((m) => m.content === 'm5').id;
    const pushed = new Promise((resolve) => sa.once('on-message:read', (d, cb) => { cb?.(); resolve(d); }));
    const ack = await sb.timeout(6000).emitWithAck('on-message:read', enc('MessageRead', { id: m5, sender: b.id, receiver: a.id }));
    assert.equal(dec('AckMessage', ack).statusCode, 200);
    await pushed;
    const group = (await as(srv.baseUrl, b)('GET', `/api/v1/messages?group=${groupId}`)).json.data;
    const g2 = group.find((m) => m.content === 'g2').id;
    const gack = await sb.timeout(6000).emitWithAck('on-message:read',
      enc('MessageRead', { id: g2, sender: b.id, groupId, receiver: b.id }));
    assert.equal(dec('AckMessage', gack).statusCode, 200);

    rows = await list();
    assert.equal(rows[0].unread, 1, 'g4');
    assert.equal(rows[1].unread, 3, 'm6, m7, m9 from a after m5');

    // A user without messages has no conversations.
    const d = await registerUser(srv.baseUrl);
    assert.deepEqual((await as(srv.baseUrl, d)('GET', '/api/v1/conversations')).json, { statusCode: 200, data: [] });
  });

  test('search: Chinese and Latin substrings in the caller\'s conversations, paged', { timeout: 20000 }, async () => {
    const send = async (socket, from, to, content, extra = {}) =>
      assert.equal((await sendMessage(socket, upMessage(from, to, { content, ...extra }))).statusCode, 200);
    await send(sa, a, b, '今天天气很好');
    await send(sb, b, a, 'Hello 天气 report');
    await send(sa, a, c, '天气 hello, only for c');  // not b's conversation
    await send(sa, a, { id: groupId }, '群里说天气', { groupId });
    await send(sb, b, a, '/uploads/天气.png', { type: 'image' });  // not text

    const search = (user, q, extra = '') =>
      as(srv.baseUrl, user)('GET', `/api/v1/messages/search?q=${encodeURIComponent(q)}${extra}`);
    const contents = async (user, q, extra) => {
      const r = await search(user, q, extra);
      assert.equal(r.status, 200, r.text);
      return r.json.data.map((m) => m.content);
    };
    assert.deepEqual(await contents(b, '天气'), ['群里说天气', 'Hello 天气 report', '今天天气很好']);
    assert.deepEqual(await contents(b, '今天天气'), ['今天天气很好']);
    assert.deepEqual(await contents(b, 'HELLO'), ['Hello 天气 report']);
    assert.deepEqual(await contents(c, 'hello'), ['天气 hello, only for c', 'hello', 'hello']);
    assert.deepEqual(await contents(b, 'nowhere'), []);

    const first = await search(b, '天气', '&limit=2');
    assert.deepEqual(Object.keys(first.json.data[0]),
      ['id', 'msgId', 'type', 'sender', 'groupId', 'receiver', 'content', 'timer', 'ext', 'createdAt', 'state']);
    const rest = await contents(b, '天气', `&limit=2&before=${first.json.data.at(-1).id}`);
    assert.deepEqual([...first.json.data.map((m) => m.content), ...rest],
      ['群里说天气', 'Hello 天气 report', '今天天气很好']);

    for (const q of ['', 'q=', `q=${'x'.repeat(101)}`, 'q=abc&limit=0', 'q=abc&limit=500', 'q=abc&before=abc', 'q=%FF%FE']) {
      const r = await as(srv.baseUrl, b)('GET', `/api/v1/messages/search?${q}`);
      assert.equal(r.status, 400, q);
      assert.deepEqual(r.json, { message: 'Bad Request', statusCode: 400 }, q);
    }
    assert.equal((await search(b, 'x'.repeat(100))).status, 200);
    assert.equal((await api(srv.baseUrl, 'GET', '/api/v1/messages/search?q=abc')).status, 401);
  });
});
