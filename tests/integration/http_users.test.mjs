// Golden checks of A1, U1-U6 and P1-P3 (docs/contract/http-api.md 10 and 13) against the real
// im_server, with the fixes S1, S2, S5, B11, J16 applied.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, newAccount, registerUser, loginUser } from './harness.mjs';

let srv;
const replies = []; // every reply body, for the S5 scan at the end

before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

async function call(method, urlPath, opts) {
  const r = await api(srv.baseUrl, method, urlPath, opts);
  replies.push(r.text);
  return r;
}
const as = (user) => ({ token: user.token, userid: user.id });

const F_DATE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;
const R_DATE = /^\d{4}-\d\d-\d\d \d\d:\d\d$/;
const I_DATE_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const USER_KEYS = ['regisTime', 'updateTime', 'id', 'account', 'avatar', 'email', 'roleId'];
const LOGIN_KEYS = [...USER_KEYS, 'roleName', 'roleDesc', 'permissions', 'token'];
const REGISTER_KEYS = ['avatar', 'email', 'regisTime', 'updateTime', 'id', 'account', 'roleId',
  'roleName', 'roleDesc', 'permissions', 'token'];
const USER_ROLE = { roleId: 1, roleName: 'user', roleDesc: 'Normal user',
  permissions: [{ id: 1, name: 'userGet', desc: 'Get user info' }] };

const UNAUTHORIZED = '{"message":"Unauthorized","statusCode":401}';
const FORBIDDEN = '{"message":"Forbidden resource","error":"Forbidden","statusCode":403}';
const GENERIC_500 = '{"statusCode":500,"message":"Internal server error"}';
const DB_ERROR = '{"message":"Database error.","error":"Internal Server Error","statusCode":500}';

// Gives a user the admin role (5) directly in the database, as docs/contract/http-api.md 13
// describes.
function makeAdmin(user) {
  srv.sql(`UPDATE Users SET roleId = 5 WHERE id = ${user.id}`);
}

test('H01 GET /api/v1 answers Hello World! as HTML', async () => {
  const r = await call('GET', '/api/v1');
  assert.equal(r.status, 200);
  assert.equal(r.text, 'Hello World!');
  assert.equal(r.headers.get('content-type'), 'text/html; charset=utf-8');
  assert.equal(r.headers.get('content-length'), '12');
});

test('H02/H44 unknown routes are 404 with the original URL', async () => {
  for (const [p, m] of [['/api', 'GET'], ['/api/v1/nope', 'GET'], ['/api/v1/nope?x=1&y=2', 'GET'],
    ['/api/v2/users/1', 'GET'], ['/api/v1/users/login/x', 'POST'], ['/api/v1', 'DELETE']]) {
    const r = await call(m, p);
    assert.equal(r.status, 404);
    assert.equal(r.text, `{"message":"Cannot ${m} ${p}","error":"Not Found","statusCode":404}`);
    assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
  }
});

test('H03/S1 registration ignores roleId and id; H05 duplicate is 409', async () => {
  const account = newAccount();
  const r = await call('POST', '/api/v1/users/create',
    { body: { account, pwd: 'abc12345', roleId: 5, id: 20000, regisTime: '2000-01-01 00:00:00' } });
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json), ['statusCode', 'data', 'message']);
  assert.equal(r.json.message, 'successfully.');
  const d = r.json.data;
  assert.deepEqual(Object.keys(d), REGISTER_KEYS);
  assert.ok(d.id >= 10000 && d.id !== 20000);
  assert.equal(d.account, account);
  assert.equal(d.avatar, null);
  assert.equal(d.email, null);
  assert.match(d.regisTime, F_DATE);
  assert.notEqual(d.regisTime, '2000-01-01 00:00:00');
  assert.match(d.token, UUID_V4);
  for (const [k, v] of Object.entries(USER_ROLE)) assert.deepEqual(d[k], v);

  const again = await call('POST', '/api/v1/users/create', { body: { account, pwd: 'abc12345', roleId: 5 } });
  assert.equal(again.status, 409);
  assert.equal(again.text, '{"message":"The account already exists.","error":"Conflict","statusCode":409}');
});

test('H06/B11 the client sign-up body works and can log in', async () => {
  const account = newAccount();
  const r = await call('POST', '/api/v1/users/create', { body: { account, pwd: 'abc12345' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.data.roleId, 1);
  const l = await call('POST', '/api/v1/users/login', { body: { account, pwd: 'abc12345' } });
  assert.equal(l.status, 200);
});

test('registration with avatar and email echoes them; J33 duplicate e-mail is 409', async () => {
  const email = `${newAccount()}@example.com`;
  const r = await call('POST', '/api/v1/users/create',
    { body: { account: newAccount(), pwd: 'abc12345', email, avatar: 'http://127.0.0.1/a.png' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.data.email, email);
  assert.equal(r.json.data.avatar, 'http://127.0.0.1/a.png');
  const dup = await call('POST', '/api/v1/users/create', { body: { account: newAccount(), pwd: 'abc12345', email } });
  assert.equal(dup.status, 409);
});

test('H07/H08 invalid registrations answer 500 Database error.', async () => {
  for (const body of [{ account: '12345', pwd: 'abc12345', roleId: 5 }, { account: newAccount(), roleId: 5 },
    { pwd: 'abc12345' }, { account: newAccount(), pwd: '' }, { account: 13800000001, pwd: 'abc12345' },
    { account: newAccount(), pwd: 'abc12345', email: 'nope' },
    { account: newAccount(), pwd: 'abc12345', avatar: 'x'.repeat(256) }]) {
    const r = await call('POST', '/api/v1/users/create', { body });
    assert.equal(r.status, 500, JSON.stringify(body));
    assert.equal(r.text, DB_ERROR);
  }
});

test('H09/H11/H12/H13/H14 login replies', async () => {
  const a = await registerUser(srv.baseUrl);
  const r = await call('POST', '/api/v1/users/login', { body: { account: a.account, pwd: 'abc12345' } });
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json), ['statusCode', 'data']);
  assert.deepEqual(Object.keys(r.json.data), LOGIN_KEYS);
  assert.equal(r.json.data.id, a.id);
  assert.match(r.json.data.token, UUID_V4);
  assert.notEqual(r.json.data.token, a.token);

  const wrong = await call('POST', '/api/v1/users/login', { body: { account: a.account, pwd: 'wrong999' } });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.text, UNAUTHORIZED);
  const unknown = await call('POST', '/api/v1/users/login', { body: { account: '13899999999', pwd: 'abc12345' } });
  assert.equal(unknown.status, 404);
  assert.equal(unknown.text, '{"message":"No user found with account 13899999999","error":"Not Found","statusCode":404}');
  const empty = await call('POST', '/api/v1/users/login', { body: {} });
  assert.equal(empty.status, 401);
  assert.equal(empty.text, UNAUTHORIZED);

  const form = await call('POST', '/api/v1/users/login', {
    raw: `account=${a.account}&pwd=abc12345`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  assert.equal(form.status, 200);
  assert.deepEqual(Object.keys(form.json.data), LOGIN_KEYS);
});

test('J16 credentials in the query string are refused', async () => {
  const a = await registerUser(srv.baseUrl);
  const r = await call('POST', `/api/v1/users/login?account=${a.account}&pwd=abc12345`);
  assert.equal(r.status, 401);
  assert.equal(r.text, UNAUTHORIZED);
});

test('H15/H16/H17 GET /users/:id with the 60 s cache', async () => {
  const a = await registerUser(srv.baseUrl);
  const b = await registerUser(srv.baseUrl);
  const r = await call('GET', `/api/v1/users/${b.id}`, as(a));
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json), ['statusCode', 'message', 'data']);
  assert.equal(r.json.message, 'Successed.');
  assert.deepEqual(Object.keys(r.json.data), USER_KEYS);
  assert.equal(r.json.data.account, b.account);
  const again = await call('GET', `/api/v1/users/${b.id}/`, as(a));
  assert.equal(again.text, r.text);

  const missing = await call('GET', '/api/v1/users/99999', as(a));
  assert.equal(missing.status, 404);
  assert.equal(missing.text, '{"message":"No user found with id 99999","error":"Not Found","statusCode":404}');
  const abc = await call('GET', '/api/v1/users/abc', as(a));
  assert.equal(abc.status, 404);
  assert.equal(abc.json.message, 'No user found with id abc');
});

test('H18-H21 authentication failures are 401', async () => {
  const a = await registerUser(srv.baseUrl);
  const b = await registerUser(srv.baseUrl);
  const url = `/api/v1/users/${b.id}`;
  for (const opts of [{}, { userid: a.id }, { token: a.token },
    { token: '00000000-0000-0000-0000-000000000000', userid: a.id },
    { token: a.token, userid: b.id }, { token: `Bearer ${a.token}`, userid: a.id },
    { token: a.token, userid: `${a.id}abc` }, { token: a.token, userid: `0${a.id}` }]) {
    const r = await call('GET', url, opts);
    assert.equal(r.status, 401, JSON.stringify(opts));
    assert.equal(r.text, UNAUTHORIZED);
  }
});

test('H22/S5 PUT /users updates the caller without pwd; U4 clears the cache', async () => {
  const a = await registerUser(srv.baseUrl);
  const before = await call('GET', `/api/v1/users/${a.id}`, as(a));
  assert.equal(before.json.data.email, null);
  const r = await call('PUT', '/api/v1/users',
    { ...as(a), body: { userId: a.id, email: `${a.account}@example.com`, avatar: 'http://127.0.0.1/a.png' } });
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json), ['statusCode', 'data', 'message']);
  assert.equal(r.json.message, 'Update successfully.');
  assert.deepEqual(Object.keys(r.json.data), USER_KEYS);
  assert.equal(r.json.data.email, `${a.account}@example.com`);
  assert.equal(r.json.data.avatar, 'http://127.0.0.1/a.png');
  const after = await call('GET', `/api/v1/users/${a.id}`, as(a));
  assert.equal(after.json.data.email, `${a.account}@example.com`);
  // A decimal string is an integer too (docs/contract/http-api.md 2).
  const s = await call('PUT', '/api/v1/users', { ...as(a), body: { userId: String(a.id), email: null } });
  assert.equal(s.status, 200);
  assert.equal(s.json.data.email, null);
});

test('H23 PUT /users without userId is the generic 500', async () => {
  const a = await registerUser(srv.baseUrl);
  const r = await call('PUT', '/api/v1/users', { ...as(a), body: { email: 'x@example.com' } });
  assert.equal(r.status, 500);
  assert.equal(r.text, GENERIC_500);
  const bad = await call('PUT', '/api/v1/users', { ...as(a), body: { userId: a.id, email: 'not-an-address' } });
  assert.equal(bad.text, GENERIC_500);
});

test('S2 PUT /users for another user is 403 and changes nothing', async () => {
  const a = await registerUser(srv.baseUrl);
  const b = await registerUser(srv.baseUrl);
  const r = await call('PUT', '/api/v1/users', { ...as(a), body: { userId: b.id, email: 'x@y.z' } });
  assert.equal(r.status, 403);
  assert.equal(r.text, FORBIDDEN);
  const check = await call('GET', `/api/v1/users/${b.id}`, as(b));
  assert.equal(check.json.data.email, null);
});

test('S1 PUT /users ignores roleId, pwd and account', async () => {
  const a = await registerUser(srv.baseUrl);
  const r = await call('PUT', '/api/v1/users',
    { ...as(a), body: { userId: a.id, roleId: 5, pwd: 'x', account: '13999999999' } });
  assert.equal(r.status, 200);
  assert.equal(r.json.data.roleId, 1);
  assert.equal(r.json.data.account, a.account);
  const l = await loginUser(srv.baseUrl, a.account, 'abc12345');
  assert.equal(l.data.roleId, 1);
});

test('H46-H49 logout revokes only the presented token', async () => {
  const a = await registerUser(srv.baseUrl);
  const second = await loginUser(srv.baseUrl, a.account);
  const r = await call('POST', '/api/v1/users/logout', as(second));
  assert.equal(r.status, 200);
  assert.equal(r.text, '{"statusCode":200,"message":"Logout successed."}');
  const reuse = await call('GET', `/api/v1/users/${a.id}`, as(second));
  assert.equal(reuse.status, 401);
  const again = await call('POST', '/api/v1/users/logout', as(second));
  assert.equal(again.status, 401);
  assert.equal(again.text, UNAUTHORIZED);
  const first = await call('GET', `/api/v1/users/${a.id}`, as(a));
  assert.equal(first.status, 200);
});

test('U3 DELETE /users deletes the caller and every token', async () => {
  const c = await registerUser(srv.baseUrl);
  const other = await loginUser(srv.baseUrl, c.account);
  await call('GET', `/api/v1/users/${c.id}`, as(c)); // cached now
  const r = await call('DELETE', '/api/v1/users', as(c));
  assert.equal(r.status, 200);
  assert.equal(r.text, '{"statusCode":200,"message":"Successfully."}');
  assert.equal((await call('GET', `/api/v1/users/${c.id}`, as(other))).status, 401);
  const l = await call('POST', '/api/v1/users/login', { body: { account: c.account, pwd: 'abc12345' } });
  assert.equal(l.status, 404);
  const viewer = await registerUser(srv.baseUrl);
  const gone = await call('GET', `/api/v1/users/${c.id}`, as(viewer));
  assert.equal(gone.status, 404);
});

test('S11 P1-P3 need permission 3', async () => {
  const u = await registerUser(srv.baseUrl);
  for (const p of ['/api/v1/permission/create', '/api/v1/permission/role/create', '/api/v1/permission/role/set']) {
    const r = await call('POST', p, { ...as(u), body: { name: 'x' } });
    assert.equal(r.status, 403);
    assert.equal(r.text, FORBIDDEN);
    assert.equal((await call('POST', p, { body: { name: 'x' } })).status, 401);
  }
});

test('P1-P3 as an admin, with the kept failure replies (B14)', async () => {
  const u = await registerUser(srv.baseUrl);
  makeAdmin(u);
  const admin = await loginUser(srv.baseUrl, u.account);
  assert.equal(admin.data.roleId, 5);

  const name = `perm${Date.now()}`;
  const p = await call('POST', '/api/v1/permission/create', { ...as(admin), body: { name, desc: 'Delete group' } });
  assert.equal(p.status, 200);
  assert.deepEqual(Object.keys(p.json), ['statusCode', 'data', 'message']);
  assert.equal(p.json.message, 'Successfully.');
  assert.deepEqual(Object.keys(p.json.data), ['id', 'name', 'desc', 'updatedAt', 'createdAt']);
  assert.ok(p.json.data.id >= 5);
  assert.match(p.json.data.createdAt, I_DATE_MS);
  assert.equal(p.json.data.createdAt, p.json.data.updatedAt);

  const dup = await call('POST', '/api/v1/permission/create', { ...as(admin), body: { name } });
  assert.equal(dup.status, 409);
  assert.equal(dup.text, '{"message":"The permission already exists.","error":"Conflict","statusCode":409}');
  const noName = await call('POST', '/api/v1/permission/create', { ...as(admin), body: { desc: 'x' } });
  assert.equal(noName.status, 200);
  assert.equal(noName.text, '');
  assert.equal(noName.headers.get('content-type'), null);
  assert.equal(noName.headers.get('content-length'), '0');

  const role = `vip${Date.now()}`;
  const r = await call('POST', '/api/v1/permission/role/create', { ...as(admin), body: { name: role, desc: 'VIP', permissions: [1] } });
  assert.equal(r.status, 200);
  assert.deepEqual(Object.keys(r.json.data), ['createdAt', 'updatedAt', 'id', 'name', 'desc']);
  assert.match(r.json.data.createdAt, R_DATE);
  assert.equal(r.json.data.createdAt, r.json.data.updatedAt);
  assert.equal(r.json.message, 'Successfully.');
  const rdup = await call('POST', '/api/v1/permission/role/create', { ...as(admin), body: { name: role } });
  assert.equal(rdup.status, 409);
  assert.equal(rdup.text, '{"message":"The role already exists.","error":"Conflict","statusCode":409}');
  const bad = await call('POST', '/api/v1/permission/role/create', { ...as(admin), body: { name: `${role}x`, permissions: [99999] } });
  assert.equal(bad.status, 200);
  assert.equal(bad.text, '{"statusCode":200,"message":"Successfully."}');

  const set = await call('POST', '/api/v1/permission/role/set', as(admin));
  assert.equal(set.status, 200);
  assert.equal(set.text, '');
});

test('S5 no reply carried a password hash', () => {
  assert.ok(replies.length > 50);
  for (const text of replies) {
    assert.ok(!text.includes('"pwd"'), text);
    assert.ok(!text.includes('$2b$') && !text.includes('$2a$') && !text.includes('$2y$'), text);
  }
});
