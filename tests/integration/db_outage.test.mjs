// MariaDB restart seen from a client (issue 4, item 1): while the database is down, requests that
// need it answer the spec's storage-failure 500 (no internals) and /healthz answers 503; the server
// keeps running, and the same requests succeed again within seconds after the database returns.
// Needs a MariaDB this test may stop: the one scripts/services.sh started (ctest fixture).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  api, createTestDatabase, registerUser, serviceArgs, servicesFromEnv, startServer,
} from './harness.mjs';
import { as } from './im_client.mjs';

const services = servicesFromEnv();
const dir = process.env.IM_TEST_SERVICES_DIR;
const script = process.env.IM_TEST_SERVICES_SCRIPT;
const skip = services && dir && script && existsSync(`${dir}/mariadb/mysqld.pid`)
  ? false : 'MariaDB was not started by scripts/services.sh (ctest fixture im_services)';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const servicesCmd = (cmd) => execFileSync(script, [cmd, dir], { stdio: 'ignore' });

let db;
let srv;
let user;

before(async () => {
  if (skip) return;
  db = createTestDatabase(services);
  srv = await startServer({ args: serviceArgs(services, { dbName: db.name, redisDb: 1 + (process.pid % 15) }) });
  user = await registerUser(srv.baseUrl);
});

after(async () => {
  if (skip) return;
  servicesCmd('start-mariadb');  // whatever happened, leave the database running
  await srv?.stop();
  db?.drop();
});

test('requests fail cleanly during a MariaDB outage and succeed again after it', { skip, timeout: 120000 }, async () => {
  // F5 reads the database on every call (U5 would answer from its 60 s cache).
  const listFriends = () => as(srv.baseUrl, user)('GET', '/api/v1/friends');
  assert.equal((await listFriends()).status, 200);

  servicesCmd('stop-mariadb');
  try {
    const during = await listFriends();
    assert.equal(during.status, 500);
    // F5's storage failure reply (docs/contract/http-api.md), with no internals in it.
    assert.deepEqual(during.json,
      { message: 'Database Error.', error: 'Internal Server Error', statusCode: 500 });
    const health = await api(srv.baseUrl, 'GET', '/healthz');
    assert.equal(health.status, 503);
    assert.equal(health.json.storage, 'unavailable');
    // A request that does not need the database still works: the server is up.
    assert.equal((await api(srv.baseUrl, 'GET', '/api/v1')).status, 200);
  } finally {
    servicesCmd('start-mariadb');
  }

  const end = Date.now() + 15000;
  let after;
  for (;;) {
    after = await listFriends();
    if (after.status === 200 || Date.now() > end) break;
    await sleep(200);
  }
  assert.equal(after.status, 200, after.text);
  assert.deepEqual(after.json.data, { count: 0, friends: [] });
  assert.equal((await api(srv.baseUrl, 'GET', '/healthz')).status, 200);
});
