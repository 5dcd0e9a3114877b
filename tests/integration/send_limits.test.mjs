// Per-user send limits (issue 14, docs/operations.md "Per-user send limits"): past
// SEND_BURST_PER_USER messages at once and SEND_RATE_PER_USER per second, on-message is acked
// AckMessage{429, "Too many messages, please try again later."} and the message is not stored; with
// Redis the limit is counted across nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  api, createTestDatabase, registerUser, serviceArgs, servicesFromEnv, startServer,
} from './harness.mjs';
import { online, sendMessage, upMessage } from './im_client.mjs';

const TOO_MANY = { statusCode: 429, message: 'Too many messages, please try again later.' };
const LIMIT = ['--require-friendship', 'false', '--send-rate-per-user', '1', '--send-burst-per-user', '5'];
const services = servicesFromEnv();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function pulledIds(baseUrl, user) {
  const r = await api(baseUrl, 'GET', '/api/v1/events/message?currentPage=1&pageSize=100',
    { token: user.token, userid: user.id });
  assert.equal(r.status, 200, r.text);
  return r.json.data.map((m) => m.msgId);
}

test('past the burst, messages are refused with 429 and not stored; other users are not held up', { timeout: 60000 }, async () => {
  const srv = await startServer({ args: LIMIT });
  try {
    const [a, b, c] = [await registerUser(srv.baseUrl), await registerUser(srv.baseUrl), await registerUser(srv.baseUrl)];
    const sa = await online(srv.baseUrl, a);
    const msgs = Array.from({ length: 12 }, (_, i) => upMessage(a, b, { content: `m ${i}` }));
    const acks = await Promise.all(msgs.map((m) => sendMessage(sa, m)));
    const accepted = msgs.filter((_, i) => acks[i].statusCode === 200).map((m) => m.msgId);
    const refused = acks.filter((ack) => ack.statusCode !== 200);
    // The burst of 5, and at most what the rate refilled while they were sent.
    assert.ok(accepted.length >= 5 && accepted.length < 12, `accepted ${accepted.length}`);
    for (const ack of refused) assert.deepEqual(ack, TOO_MANY);
    // B (offline) finds exactly the accepted messages.
    assert.deepEqual((await pulledIds(srv.baseUrl, b)).sort(), [...accepted].sort());

    const sc = await online(srv.baseUrl, c);
    assert.equal((await sendMessage(sc, upMessage(c, b))).statusCode, 200);
    sa.disconnect();
    sc.disconnect();
  } finally {
    await srv.stop();
  }
});

test('SEND_RATE_PER_USER=0 turns the limit off', { timeout: 60000 }, async () => {
  const srv = await startServer({ args: ['--require-friendship', 'false', '--send-rate-per-user', '0', '--send-burst-per-user', '1'] });
  try {
    const [a, b] = [await registerUser(srv.baseUrl), await registerUser(srv.baseUrl)];
    const sa = await online(srv.baseUrl, a);
    const acks = await Promise.all(Array.from({ length: 50 }, () => sendMessage(sa, upMessage(a, b))));
    assert.ok(acks.every((ack) => ack.statusCode === 200));
    sa.disconnect();
  } finally {
    await srv.stop();
  }
});

test('two nodes sharing Redis count one limit per user', {
  skip: services ? false : 'IM_TEST_DB_* / IM_TEST_REDIS_* are not set (ctest fixture im_services)',
  timeout: 120000,
}, async () => {
  const db = createTestDatabase(services);
  const args = [
    ...serviceArgs(services, { dbName: db.name, redisDb: 1 + (process.pid % 15) }),
    '--user-auth-key', `im_limits_${process.pid}`, ...LIMIT,
  ];
  const node1 = await startServer({ args });
  const node2 = await startServer({ args });
  try {
    const [a, b] = [await registerUser(node1.baseUrl), await registerUser(node1.baseUrl)];
    const s1 = await online(node1.baseUrl, a);
    const s2 = await online(node2.baseUrl, a);  // a second device of the same user
    // Node 1 takes the burst; its first message is reported to Redis at once.
    const first = await Promise.all(Array.from({ length: 6 }, () => sendMessage(s1, upMessage(a, b))));
    assert.ok(first.filter((ack) => ack.statusCode === 200).length >= 5);
    // A message past the report interval (refused) makes node 1 report the rest of the burst.
    await sleep(300);
    assert.deepEqual(await sendMessage(s1, upMessage(a, b)), TOO_MANY);
    // Node 2 decides its first message alone (its bucket for the user is new) and learns from
    // its report that the user's shared bucket is empty: what follows is refused. Alone, node 2
    // would take its whole burst.
    assert.equal((await sendMessage(s2, upMessage(a, b))).statusCode, 200);
    let acceptedAfter = 0;
    for (let i = 0; i < 5; i += 1) {
      await sleep(50);
      const ack = await sendMessage(s2, upMessage(a, b));
      if (ack.statusCode === 200) acceptedAfter += 1;
      else assert.deepEqual(ack, TOO_MANY);
    }
    assert.ok(acceptedAfter <= 1, `node 2 accepted ${acceptedAfter} more`);
    s1.disconnect();
    s2.disconnect();
  } finally {
    await node1.stop();
    await node2.stop();
    db.drop();
  }
});
