// Redis restart under chat load (issue 11; docs/operations.md "When something fails"): two
// clients on one node keep exchanging messages while Redis is stopped and started again. The
// server stays up, messages flow both ways again within seconds after Redis is back, and the
// node writes its users' presence again. The test Redis keeps no data (scripts/services.sh:
// no RDB, no AOF), so the tokens issued before the restart are gone: they answer 401 and the
// users log in again, as documented; a fresh login works over HTTP and Socket.IO.
// Needs a Redis this test may stop: the one scripts/services.sh started (ctest fixture).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  api, createTestDatabase, loginUser, registerUser, serviceArgs, servicesFromEnv, startServer,
} from './harness.mjs';
import { as, makeFriends, nextPush, online, sendMessage, upMessage } from './im_client.mjs';

const services = servicesFromEnv();
const dir = process.env.IM_TEST_SERVICES_DIR;
const script = process.env.IM_TEST_SERVICES_SCRIPT;
const skip = services && dir && script && existsSync(`${dir}/redis/redis.pid`)
  ? false : 'Redis was not started by scripts/services.sh (ctest fixture im_services)';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const servicesCmd = (cmd) => execFileSync(script, [cmd, dir], { stdio: 'ignore' });
const redisDb = 1 + (process.pid % 15);
const redisCli = (...args) => execFileSync('redis-cli', ['-h', services.redis.host, '-p',
  String(services.redis.port), '-n', String(redisDb), ...args]).toString().trim();

let db;
let srv;
let a;
let b;

before(async () => {
  if (skip) return;
  db = createTestDatabase(services);
  srv = await startServer({ args: [...serviceArgs(services, { dbName: db.name, redisDb }),
    '--user-auth-key', `im_redis_restart_${process.pid}`] });
  a = await registerUser(srv.baseUrl);
  b = await registerUser(srv.baseUrl);
  await makeFriends(srv.baseUrl, a, b);
});

after(async () => {
  if (skip) return;
  servicesCmd('start-redis');  // whatever happened, leave Redis running
  await srv?.stop();
  db?.drop();
});

// `from` sends to `to` until `state.stop`, whatever the outcome; counts acks by status code and
// failures (ack timeouts while Redis is away are allowed: the test is about what comes after).
async function chatter(socket, from, to, state, tally) {
  while (!state.stop) {
    try {
      const ack = await sendMessage(socket, upMessage(from, to));
      tally[ack.statusCode] = (tally[ack.statusCode] ?? 0) + 1;
    } catch {
      tally.failed = (tally.failed ?? 0) + 1;
    }
    await sleep(20);
  }
}

// One message `from` -> `to`, acked 200 and pushed; false otherwise.
async function roundTrip(fromSocket, toSocket, from, to) {
  const msg = upMessage(from, to);
  const pushed = nextPush(toSocket, 'on-message');
  try {
    if ((await sendMessage(fromSocket, msg)).statusCode !== 200) return false;
  } catch {
    return false;
  }
  return Promise.race([pushed.then(() => true), sleep(6000).then(() => false)]);
}

async function eventually(check, what, ms = 30000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await sleep(200);
  }
  assert.fail(`not within ${ms} ms: ${what}`);
}

test('a Redis restart under chat load: the server stays up and messages flow again', {
  skip, timeout: 180000,
}, async () => {
  const sa = await online(srv.baseUrl, a);
  const sb = await online(srv.baseUrl, b);
  try {
    assert.ok(await roundTrip(sa, sb, a, b));
    await eventually(() => redisCli('EXISTS', `im:presence:${b.id}`) === '1', 'presence written');
    const state = { stop: false };
    const tally = {};
    const loops = [chatter(sa, a, b, state, tally), chatter(sb, b, a, state, tally)];
    await sleep(500);

    servicesCmd('stop-redis');
    try {
      await sleep(1000);
      // The server is up: a route that needs no Redis answers, /healthz reports the outage.
      assert.equal((await api(srv.baseUrl, 'GET', '/api/v1')).status, 200);
      assert.equal((await api(srv.baseUrl, 'GET', '/healthz')).status, 503);
    } finally {
      servicesCmd('start-redis');
    }

    // Both ways, on the sockets opened before the restart.
    await eventually(() => roundTrip(sa, sb, a, b), 'a message a -> b');
    await eventually(() => roundTrip(sb, sa, b, a), 'a message b -> a');
    await eventually(async () => (await api(srv.baseUrl, 'GET', '/healthz')).status === 200,
      '/healthz 200');
    // The node writes its users' presence again (Redis came back empty).
    await eventually(() => redisCli('EXISTS', `im:presence:${a.id}`) === '1' &&
      redisCli('EXISTS', `im:presence:${b.id}`) === '1', 'presence written again');
    state.stop = true;
    await Promise.all(loops);
    console.log(`# acks during the run: ${JSON.stringify(tally)}`);
    assert.ok(tally[200] > 0);

    // The tokens were in the Redis that lost its data: log in again (documented).
    assert.equal((await as(srv.baseUrl, a)('GET', '/api/v1/friends')).status, 401);
    const again = await loginUser(srv.baseUrl, a.account);
    assert.equal((await as(srv.baseUrl, again)('GET', '/api/v1/friends')).status, 200);
    const fresh = await online(srv.baseUrl, again);
    fresh.disconnect();
  } finally {
    sa.disconnect();
    sb.disconnect();
  }
});
