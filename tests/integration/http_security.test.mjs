// Login rate limiting (S9) and released resources (B10) against the real im_server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, registerUser } from './harness.mjs';

const TOO_MANY = '{"message":"Too many login attempts, please try again later.","error":"Too Many Requests","statusCode":429}';
const login = (srv, account, pwd, headers) =>
  api(srv.baseUrl, 'POST', '/api/v1/users/login', { body: { account, pwd }, headers });

test('S9 five wrong passwords block the account with 429 and Retry-After', async () => {
  const srv = await startServer();
  try {
    const a = await registerUser(srv.baseUrl);
    for (let i = 0; i < 5; i += 1) assert.equal((await login(srv, a.account, 'wrong999')).status, 401);
    const r = await login(srv, a.account, a.pwd);
    assert.equal(r.status, 429);
    assert.equal(r.text, TOO_MANY);
    const retry = Number(r.headers.get('retry-after'));
    assert.ok(Number.isInteger(retry) && retry > 0 && retry <= 900, `Retry-After ${retry}`);
    // Other accounts from the same address are not affected.
    const b = await registerUser(srv.baseUrl);
    assert.equal((await login(srv, b.account, b.pwd)).status, 200);
  } finally {
    await srv.stop();
  }
});

test('S9 with LOGIN_FAIL_LIMIT_ACCOUNT=0 the correct password works at once', async () => {
  const srv = await startServer({ env: { LOGIN_FAIL_LIMIT_ACCOUNT: '0' } });
  try {
    const a = await registerUser(srv.baseUrl);
    for (let i = 0; i < 6; i += 1) assert.equal((await login(srv, a.account, 'wrong999')).status, 401);
    assert.equal((await login(srv, a.account, a.pwd)).status, 200);
  } finally {
    await srv.stop();
  }
});

test('S9 per-address limit; X-Forwarded-For is ignored from untrusted peers', async () => {
  const srv = await startServer({ env: { LOGIN_FAIL_LIMIT_ADDRESS: '3' } });
  try {
    const a = await registerUser(srv.baseUrl);
    for (let i = 0; i < 3; i += 1) {
      const r = await login(srv, `1390000000${i}`, 'x', { 'x-forwarded-for': `10.9.9.${i}` });
      assert.equal(r.status, 404);
    }
    const r = await login(srv, a.account, a.pwd, { 'x-forwarded-for': '10.1.1.1' });
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
  } finally {
    await srv.stop();
  }
});

test('S9 behind a trusted proxy the rightmost untrusted forwarded address is limited', async () => {
  const srv = await startServer({ env: { LOGIN_FAIL_LIMIT_ADDRESS: '2', TRUSTED_PROXIES: '127.0.0.1' } });
  try {
    const a = await registerUser(srv.baseUrl);
    for (let i = 0; i < 2; i += 1)
      await login(srv, `1390000001${i}`, 'x', { 'x-forwarded-for': '10.2.2.2' });
    assert.equal((await login(srv, a.account, a.pwd, { 'x-forwarded-for': '10.2.2.2' })).status, 429);
    // The proxy appends the address it saw to whatever the client sent (nginx's
    // $proxy_add_x_forwarded_for): the client cannot choose its address with a header of its own.
    assert.equal((await login(srv, a.account, a.pwd, { 'x-forwarded-for': '10.3.3.3, 10.2.2.2' })).status, 429);
    // The chain is walked from the right past trusted proxies to the first other address.
    assert.equal((await login(srv, a.account, a.pwd, { 'x-forwarded-for': '10.2.2.2, 127.0.0.1' })).status, 429);
    assert.equal((await login(srv, a.account, a.pwd, { 'x-forwarded-for': '10.2.2.2, 10.3.3.3, 127.0.0.1' })).status, 200);
  } finally {
    await srv.stop();
  }
});

test('B10 fifty unknown-account logins, then a valid login and normal service', async () => {
  const srv = await startServer();
  try {
    const a = await registerUser(srv.baseUrl);
    for (let i = 0; i < 50; i += 1) {
      const account = `1370000${String(i).padStart(4, '0')}`;
      const r = await login(srv, account, 'abc12345');
      assert.equal(r.status, 404);
      assert.equal(r.json.message, `No user found with account ${account}`);
    }
    const ok = await login(srv, a.account, a.pwd);
    assert.equal(ok.status, 200);
    const me = await api(srv.baseUrl, 'GET', `/api/v1/users/${a.id}`, { token: ok.json.data.token, userid: a.id });
    assert.equal(me.status, 200);
  } finally {
    await srv.stop();
  }
});

test('S16 concurrent logins do not stall other requests', async () => {
  const srv = await startServer();
  try {
    const a = await registerUser(srv.baseUrl);
    const logins = Array.from({ length: 20 }, () => login(srv, a.account, a.pwd));
    const hello = await api(srv.baseUrl, 'GET', '/api/v1');
    assert.equal(hello.status, 200);
    for (const r of await Promise.all(logins)) assert.equal(r.status, 200);
  } finally {
    await srv.stop();
  }
});
