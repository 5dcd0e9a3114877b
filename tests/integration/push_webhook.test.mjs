// The offline push webhook (issue 14, docs/operations.md "Offline push webhook"): a local HTTP
// receiver that first fails, then hangs, answers slowly, and comes back. Checked: a message to
// a user with no live device (and the friend request notify) becomes a signed event with its
// Idempotency-Key, delivered at least once with the same body on every attempt; a live
// receiver's message makes none; chat acks arrive while the webhook hangs; rows pending at a
// stop are delivered after the restart. On SQLite, and on MariaDB + Redis when configured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  createTestDatabase, registerUser, serviceArgs, servicesFromEnv, startServer, waitFor,
} from './harness.mjs';
import { makeFriends, nextPush, online, sendMessage, upMessage } from './im_client.mjs';

const SECRET = 'webhook-test-secret';

// The receiver: `mode` decides each answer: 'fail' (500), 'hang' (held until release()),
// 'slow' (200 after a while), 'ok' (200).
async function startReceiver() {
  const r = { mode: 'fail', requests: [], held: [] };
  r.server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const entry = { headers: req.headers, body, json: JSON.parse(body), mode: r.mode, status: 0 };
      r.requests.push(entry);
      const answer = (status) => { entry.status = status; res.writeHead(status).end(); };
      if (r.mode === 'fail') answer(500);
      else if (r.mode === 'hang') r.held.push(() => answer(200));
      else if (r.mode === 'slow') setTimeout(() => answer(200), 1500);
      else answer(200);
    });
  });
  await new Promise((resolve) => r.server.listen(0, '127.0.0.1', resolve));
  r.url = `http://127.0.0.1:${r.server.address().port}/hooks/im`;
  r.release = () => { for (const f of r.held.splice(0)) f(); };
  r.of = (key) => r.requests.filter((q) => q.json.key === key);
  r.delivered = (key) => r.of(key).some((q) => q.status === 200);
  return r;
}

async function scenario(backend) {
  const receiver = await startReceiver();
  const dir = mkdtempSync(path.join(tmpdir(), 'im-push-'));
  const args = ['--push-webhook-url', receiver.url, '--push-webhook-secret', SECRET,
    '--push-webhook-retry-ms', '200', ...backend.args];
  let srv = await startServer({ dir, args });
  const sockets = [];
  try {
    const a = await registerUser(srv.baseUrl);
    const b = await registerUser(srv.baseUrl);
    await makeFriends(srv.baseUrl, a, b);  // b is offline: the request's notify is an event
    const sa = await online(srv.baseUrl, a);
    sockets.push(sa);

    // 1. Failing endpoint: the event is retried with the same key and body until it is taken.
    const m1 = upMessage(a, b, { content: 'first offline message' });
    assert.equal((await sendMessage(sa, m1)).statusCode, 200);
    await waitFor(() => receiver.requests.filter((q) => q.json.event === 'message').length >= 2,
      'two failed attempts');
    const key1 = receiver.requests.find((q) => q.json.event === 'message').json.key;
    receiver.mode = 'slow';
    await waitFor(() => receiver.delivered(key1), 'the slow answer');
    const attempts = receiver.of(key1);
    assert.ok(attempts.length >= 3);
    for (const q of attempts) {
      assert.equal(q.headers['idempotency-key'], key1);
      assert.equal(q.headers['content-type'], 'application/json');
      const mac = createHmac('sha256', SECRET).update(q.body).digest('hex');
      assert.equal(q.headers['x-im-signature'], `sha256=${mac}`);
      assert.equal(q.body, attempts[0].body);  // at least once, identical every time
    }
    const e1 = attempts[0].json;
    assert.equal(e1.event, 'message');
    assert.equal(e1.receiver, b.id);
    assert.equal(e1.sender, a.id);
    assert.equal(e1.messageType, 'text');
    assert.equal(e1.preview, 'first offline message');
    assert.equal(e1.groupId, null);
    assert.equal(key1, `msg:${e1.messageId}:${b.id}`);
    await waitFor(() => receiver.requests.some((q) => q.json.event === 'notify' &&
      q.json.receiver === b.id && q.status === 200), 'the friend request notify event');

    // 2. A live receiver's message makes no event: the next offline one comes, that one never
    // (events go out in the order their outcomes were recorded).
    receiver.mode = 'ok';
    const c = await registerUser(srv.baseUrl);
    await makeFriends(srv.baseUrl, a, c);
    const sc = await online(srv.baseUrl, c);
    sockets.push(sc);
    const pushed = nextPush(sc, 'on-message');
    assert.equal((await sendMessage(sa, upMessage(a, c, { content: 'live' }))).statusCode, 200);
    await pushed;
    assert.equal((await sendMessage(sa, upMessage(a, b, { content: 'after live' }))).statusCode, 200);
    await waitFor(() => receiver.requests.some((q) => q.json.preview === 'after live' && q.status === 200),
      'the event of the message after the live one');
    assert.equal(receiver.requests.some((q) => q.json.receiver === c.id && q.json.event === 'message'), false);

    // 3. A hanging endpoint does not hold up chat: acks come while its request is held.
    receiver.mode = 'hang';
    assert.equal((await sendMessage(sa, upMessage(a, b, { content: 'held' }))).statusCode, 200);
    await waitFor(() => receiver.held.length === 1, 'the held request');
    for (let i = 0; i < 5; i += 1)
      assert.equal((await sendMessage(sa, upMessage(a, b, { content: `during ${i}` }))).statusCode, 200);
    assert.equal(receiver.held.length, 1);  // still held: the acks did not wait for it
    receiver.mode = 'ok';
    receiver.release();
    await waitFor(() => receiver.requests.some((q) => q.json.preview === 'during 4' && q.status === 200),
      'the events queued behind the held one');

    // 4. Rows pending at a stop are delivered after the restart.
    receiver.mode = 'fail';
    assert.equal((await sendMessage(sa, upMessage(a, b, { content: 'across restart' }))).statusCode, 200);
    await waitFor(() => receiver.requests.some((q) => q.json.preview === 'across restart'),
      'a failed attempt before the restart');
    for (const s of sockets.splice(0)) s.close();
    await srv.stop();
    receiver.mode = 'ok';
    srv = await startServer({ dir, args });
    await waitFor(() => receiver.requests.some((q) => q.json.preview === 'across restart' &&
      q.status === 200), 'the pending event after the restart');
  } finally {
    for (const s of sockets) s.close();
    await srv.stop();
    receiver.release();
    receiver.server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

test('offline push webhook on SQLite', { timeout: 120000 }, async () => {
  await scenario({ args: [] });
});

const services = servicesFromEnv();
test('offline push webhook on MariaDB + Redis', { timeout: 120000, skip: !services && 'no MariaDB/Redis' }, async () => {
  const db = createTestDatabase(services);
  try {
    await scenario({ args: serviceArgs(services, { dbName: db.name, redisDb: 1 + (process.pid % 15) }) });
  } finally {
    db.drop();
  }
});
