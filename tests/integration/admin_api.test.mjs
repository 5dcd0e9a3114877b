// The admin API (docs/operations.md "Admin API") over real HTTP and socket.io-client 4.7.2: live
// sessions and closing them, bans, deleting a message for everyone, the summary and the audit
// log. One node on SQLite; then two nodes sharing MariaDB and Redis for the cross-node parts
// (skipped without the services). The admin is made by `im_server create-admin`.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import {
  api, createTestDatabase, loginUser, newAccount, registerUser, serverBin, serviceArgs,
  servicesFromEnv, startServer,
} from './harness.mjs';
import { as, connectSocket, makeFriends, once, online, sendMessage, upMessage } from './im_client.mjs';

const FORBIDDEN = { message: 'Forbidden resource', error: 'Forbidden', statusCode: 403 };
const UNAUTHORIZED = { message: 'Unauthorized', statusCode: 401 };
const ADMIN_PWD = 'admin-pass-1';

// `im_server create-admin` on the server's storage (password on stdin), then a login.
async function createAdmin(baseUrl, storageArgs) {
  const account = newAccount();
  const r = spawnSync(serverBin, ['create-admin', account, ...storageArgs, '--log-file', ''],
    { input: `${ADMIN_PWD}\n`, encoding: 'utf8', timeout: 60000, env: { ...process.env, NODE_ENV: 'test' } });
  assert.equal(r.status, 0, r.stderr);
  return loginUser(baseUrl, account, ADMIN_PWD);
}

// Resolves when `socket` is disconnected (by the server).
const disconnected = (socket) => (socket.disconnected ? Promise.resolve() : once(socket, 'disconnect'));

async function auditActions(call, limit = 200) {
  const r = await call('GET', `/api/v1/admin/audit?limit=${limit}`);
  assert.equal(r.status, 200, r.text);
  return r.json.data;
}

describe('one node (SQLite)', () => {
  let srv;
  let admin;
  let adminCall;
  before(async () => {
    srv = await startServer();
    admin = await createAdmin(srv.baseUrl, ['--sqlite-path', path.join(srv.dir, 'im.db')]);
    adminCall = as(srv.baseUrl, admin);
  });
  after(async () => { await srv.stop(); });

  test('without credentials 401, without permission 3 the 403 of the permission routes', async () => {
    const u = await registerUser(srv.baseUrl);
    const routes = [
      ['GET', `/api/v1/admin/users/${u.id}/sessions`], ['POST', '/api/v1/admin/sessions/close'],
      ['POST', '/api/v1/admin/bans'], ['DELETE', `/api/v1/admin/bans/${u.id}`],
      ['DELETE', '/api/v1/admin/messages/1'], ['GET', '/api/v1/admin/summary'],
      ['GET', '/api/v1/admin/audit'],
    ];
    for (const [method, route] of routes) {
      const anonymous = await api(srv.baseUrl, method, route, { body: method === 'POST' ? { userId: u.id } : undefined });
      assert.equal(anonymous.status, 401, `${method} ${route}`);
      assert.deepEqual(anonymous.json, UNAUTHORIZED);
      const plain = await as(srv.baseUrl, u)(method, route, method === 'POST' ? { userId: u.id } : undefined);
      assert.equal(plain.status, 403, `${method} ${route}`);
      assert.deepEqual(plain.json, FORBIDDEN);
    }
  });

  test('sessions are listed with node, transport, address and time, and closed one or all', { timeout: 30000 }, async () => {
    const u = await registerUser(srv.baseUrl);
    const ws = await online(srv.baseUrl, u, { transports: ['websocket'] });
    const polling = await online(srv.baseUrl, u, { transports: ['polling'] });
    const listed = await adminCall('GET', `/api/v1/admin/users/${u.id}/sessions`);
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json.complete, true);
    const sessions = listed.json.data;
    assert.equal(sessions.length, 2);
    assert.deepEqual(sessions.map((s) => s.transport).sort(), ['polling', 'websocket']);
    for (const s of sessions) {
      assert.deepEqual(Object.keys(s), ['id', 'node', 'transport', 'address', 'connectedAt']);
      assert.equal(s.node, 'local');
      assert.equal(s.address, '127.0.0.1');
      assert.ok(Math.abs(Date.parse(s.connectedAt) - Date.now()) < 60000, s.connectedAt);
    }

    // One session by its id: the polling one goes, the websocket stays.
    const target = sessions.find((s) => s.transport === 'polling');
    const one = await adminCall('POST', '/api/v1/admin/sessions/close',
      { userId: u.id, node: target.node, sessionId: target.id });
    assert.deepEqual(one.json, { statusCode: 200, message: 'Successfully closed.' });
    await disconnected(polling);
    assert.ok(ws.connected);
    const missing = await adminCall('POST', '/api/v1/admin/sessions/close',
      { userId: u.id, node: 'local', sessionId: target.id });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json, { message: `No session found with id ${target.id}`, error: 'Not Found', statusCode: 404 });

    // All of them.
    const all = await adminCall('POST', '/api/v1/admin/sessions/close', { userId: u.id });
    assert.deepEqual(all.json, { statusCode: 200, message: 'Successfully closed.', closedOnThisNode: 1 });
    await disconnected(ws);
    const after = await adminCall('GET', `/api/v1/admin/users/${u.id}/sessions`);
    assert.deepEqual(after.json.data, []);

    // Bad input.
    assert.equal((await adminCall('GET', '/api/v1/admin/users/abc/sessions')).status, 400);
    assert.equal((await adminCall('POST', '/api/v1/admin/sessions/close', { userId: 'x' })).status, 400);
    assert.equal((await adminCall('POST', '/api/v1/admin/sessions/close', { userId: u.id, node: 'local' })).status, 400);
    assert.equal((await adminCall('POST', '/api/v1/admin/sessions/close', { userId: u.id, node: 5, sessionId: 6 })).status, 400);
  });

  test('a ban closes the sessions, kills the tokens and refuses logins until unbanned', { timeout: 30000 }, async () => {
    const u = await registerUser(srv.baseUrl);
    const socket = await online(srv.baseUrl, u);
    const ban = await adminCall('POST', '/api/v1/admin/bans', { userId: u.id });
    assert.deepEqual(ban.json, { statusCode: 200, message: 'Successfully banned.' });
    await disconnected(socket);

    // The old token is gone: HTTP 401, CONNECT refused.
    const old = await api(srv.baseUrl, 'GET', '/api/v1/friends', { token: u.token, userid: u.id });
    assert.equal(old.status, 401);
    const again = connectSocket(srv.baseUrl, u);
    const [err] = await once(again, 'connect_error');
    assert.equal(err.message, 'Authentication error');
    again.close();
    // A login is refused after the password check.
    const login = await api(srv.baseUrl, 'POST', '/api/v1/users/login', { body: { account: u.account, pwd: 'abc12345' } });
    assert.equal(login.status, 403);
    assert.deepEqual(login.json, { message: 'This account is banned.', error: 'Forbidden', statusCode: 403 });
    const wrong = await api(srv.baseUrl, 'POST', '/api/v1/users/login', { body: { account: u.account, pwd: 'wrong-pass' } });
    assert.equal(wrong.status, 401, 'a wrong password does not learn about the ban');

    // Twice is a success; bad input and unknown users.
    assert.equal((await adminCall('POST', '/api/v1/admin/bans', { userId: u.id })).status, 200);
    assert.equal((await adminCall('POST', '/api/v1/admin/bans', { userId: 'abc' })).status, 400);
    assert.equal((await adminCall('POST', '/api/v1/admin/bans', { userId: admin.id })).status, 400);
    const unknown = await adminCall('POST', '/api/v1/admin/bans', { userId: 99999999 });
    assert.deepEqual(unknown.json, { message: 'No user found with id 99999999', error: 'Not Found', statusCode: 404 });

    const unban = await adminCall('DELETE', `/api/v1/admin/bans/${u.id}`);
    assert.deepEqual(unban.json, { statusCode: 200, message: 'Successfully unbanned.' });
    const back = await loginUser(srv.baseUrl, u.account);
    assert.equal(back.id, u.id);
    const twice = await adminCall('DELETE', `/api/v1/admin/bans/${u.id}`);
    assert.deepEqual(twice.json, { message: `User ${u.id} is not banned`, error: 'Not Found', statusCode: 404 });
    assert.equal((await adminCall('DELETE', '/api/v1/admin/bans/abc')).status, 400);
  });

  test('a message deleted for everyone leaves the offline pull and the history', { timeout: 30000 }, async () => {
    const a = await registerUser(srv.baseUrl);
    const b = await registerUser(srv.baseUrl);
    await makeFriends(srv.baseUrl, a, b);
    const socket = await online(srv.baseUrl, a);
    assert.equal((await sendMessage(socket, upMessage(a, b, { content: 'keep me' }))).statusCode, 200);
    assert.equal((await sendMessage(socket, upMessage(a, b, { content: 'delete me' }))).statusCode, 200);
    socket.close();
    const pull = async () => (await as(srv.baseUrl, b)('GET', '/api/v1/events/message?currentPage=1&pageSize=100')).json.data;
    const before = await pull();
    assert.equal(before.length, 2);
    const doomed = before.find((m) => m.content === 'delete me');

    const del = await adminCall('DELETE', `/api/v1/admin/messages/${doomed.id}`);
    assert.deepEqual(del.json, { statusCode: 200, message: 'Successfully deleted.' });
    assert.deepEqual((await pull()).map((m) => m.content), ['keep me']);
    const history = await as(srv.baseUrl, a)('GET', `/api/v1/messages?peer=${b.id}`);
    assert.deepEqual(history.json.data.map((m) => m.content), ['keep me']);

    const again = await adminCall('DELETE', `/api/v1/admin/messages/${doomed.id}`);
    assert.deepEqual(again.json, { message: `No message found with id ${doomed.id}`, error: 'Not Found', statusCode: 404 });
    assert.equal((await adminCall('DELETE', '/api/v1/admin/messages/abc')).status, 400);
  });

  test('the summary counts users and online users', async () => {
    const u = await registerUser(srv.baseUrl);
    const socket = await online(srv.baseUrl, u);
    const first = await adminCall('GET', '/api/v1/admin/summary');
    assert.equal(first.status, 200, first.text);
    const s = first.json.data;
    assert.deepEqual(Object.keys(s),
      ['users', 'onlineUsers', 'sessions', 'messagesPerMinute', 'node', 'nodes', 'complete']);
    const users = Number(srv.sql('SELECT COUNT(*) FROM Users').trim());
    assert.equal(s.users, users);
    assert.ok(s.onlineUsers >= 1 && s.sessions >= s.onlineUsers, JSON.stringify(s));
    assert.equal(s.node, 'local');
    assert.equal(s.nodes, 1);
    assert.equal(s.complete, true);
    socket.close();
  });

  test('every action is in the audit log with who, what and when, paged newest first', async () => {
    const u = await registerUser(srv.baseUrl);
    await adminCall('POST', '/api/v1/admin/bans', { userId: u.id });
    await adminCall('DELETE', `/api/v1/admin/bans/${u.id}`);
    const [unban, ban] = await auditActions(adminCall, 2);
    assert.equal(unban.action, 'user.unban');
    assert.equal(ban.action, 'user.ban');
    for (const e of [unban, ban]) {
      assert.deepEqual(Object.keys(e), ['id', 'actor', 'action', 'target', 'detail', 'createdAt']);
      assert.equal(e.actor, admin.id);
      assert.equal(e.target, `user:${u.id}`);
      assert.ok(Math.abs(Date.parse(e.createdAt) - Date.now()) < 60000);
    }
    assert.deepEqual(ban.detail, { alreadyBanned: false });
    assert.ok(unban.id > ban.id);

    // Paging: `before` continues where the last page ended.
    const page = await adminCall('GET', `/api/v1/admin/audit?before=${ban.id}&limit=200`);
    assert.ok(page.json.data.every((e) => e.id < ban.id));
    const actions = new Set((await auditActions(adminCall)).map((e) => e.action));
    for (const a of ['sessions.list', 'session.close', 'sessions.close', 'user.ban', 'user.unban', 'message.delete'])
      assert.ok(actions.has(a), `${a} audited`);

    for (const q of ['limit=0', 'limit=201', 'limit=x', 'before=0', 'before=-3'])
      assert.equal((await adminCall('GET', `/api/v1/admin/audit?${q}`)).status, 400, q);
  });

  test('secrets stay out of the log', () => {
    assert.ok(!srv.output().includes(ADMIN_PWD));
    assert.ok(!srv.output().includes(admin.token));
  });
});

const services = servicesFromEnv();
const skip = services ? false : 'IM_TEST_DB_* / IM_TEST_REDIS_* are not set (ctest fixture im_services)';

describe('two nodes (MariaDB + Redis)', () => {
  let db;
  let node1;
  let node2;
  let admin;
  let adminCall;
  before(async () => {
    if (!services) return;
    db = createTestDatabase(services);
    const args = [
      ...serviceArgs(services, { dbName: db.name, redisDb: 1 + (process.pid % 15) }),
      '--user-auth-key', `im_admin_${process.pid}`,
    ];
    node1 = await startServer({ args });
    node2 = await startServer({ args });
    admin = await createAdmin(node1.baseUrl, serviceArgs(services, { dbName: db.name }));
    adminCall = as(node1.baseUrl, admin);
  });
  after(async () => {
    await node1?.stop();
    await node2?.stop();
    db?.drop();
  });

  test('node 1 lists and closes a session held by node 2', { skip, timeout: 30000 }, async () => {
    const u = await registerUser(node1.baseUrl);
    const here = await online(node1.baseUrl, u, { transports: ['websocket'] });
    const there = await online(node2.baseUrl, u, { transports: ['websocket'] });
    const node2Id = (await api(node2.baseUrl, 'GET', '/healthz')).json.node;
    const node1Id = (await api(node1.baseUrl, 'GET', '/healthz')).json.node;
    const listed = await adminCall('GET', `/api/v1/admin/users/${u.id}/sessions`);
    assert.equal(listed.status, 200, listed.text);
    assert.equal(listed.json.complete, true);
    assert.deepEqual(listed.json.data.map((s) => s.node).sort(), [node1Id, node2Id].sort());
    const remote = listed.json.data.find((s) => s.node === node2Id);
    assert.equal(remote.transport, 'websocket');
    assert.equal(remote.address, '127.0.0.1');

    const closed = await adminCall('POST', '/api/v1/admin/sessions/close',
      { userId: u.id, node: remote.node, sessionId: remote.id });
    assert.equal(closed.status, 200, closed.text);
    await disconnected(there);
    assert.ok(here.connected);
    here.close();
  });

  test('the summary adds up both nodes', { skip, timeout: 30000 }, async () => {
    const u = await registerUser(node1.baseUrl);
    const v = await registerUser(node1.baseUrl);
    const here = await online(node1.baseUrl, u);
    const there = await online(node2.baseUrl, v);
    const there2 = await online(node2.baseUrl, v);
    // Node 2 reports when its sessions change: poll until both of v's sessions are counted.
    let s;
    for (let i = 0; i < 100; i += 1) {
      s = (await adminCall('GET', '/api/v1/admin/summary')).json.data;
      if (s.sessions === 3 && s.onlineUsers === 2) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(s.nodes, 2);
    assert.equal(s.complete, true);
    assert.equal(s.onlineUsers, 2);
    assert.equal(s.sessions, 3);
    assert.equal(s.users, (await as(node2.baseUrl, admin)('GET', '/api/v1/admin/summary')).json.data.users);
    for (const socket of [here, there, there2]) socket.close();
  });

  test('a ban on node 1 closes the sessions on node 2 and refuses logins on both', { skip, timeout: 30000 }, async () => {
    const u = await registerUser(node1.baseUrl);
    const there = await online(node2.baseUrl, u);
    assert.equal((await adminCall('POST', '/api/v1/admin/bans', { userId: u.id })).status, 200);
    await disconnected(there);
    assert.equal((await api(node2.baseUrl, 'GET', '/api/v1/friends', { token: u.token, userid: u.id })).status, 401);
    const login = await api(node2.baseUrl, 'POST', '/api/v1/users/login', { body: { account: u.account, pwd: 'abc12345' } });
    assert.equal(login.status, 403);
    assert.equal((await adminCall('DELETE', `/api/v1/admin/bans/${u.id}`)).status, 200);
    assert.equal((await loginUser(node2.baseUrl, u.account)).id, u.id);
    const audit = await auditActions(as(node2.baseUrl, admin), 3);
    assert.deepEqual(audit.map((e) => e.action).slice(0, 2), ['user.unban', 'user.ban']);
  });
});
