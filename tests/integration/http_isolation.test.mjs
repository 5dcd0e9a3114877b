// Password hashing runs on its own bounded executor (HASH_THREADS, HASH_QUEUE): a login storm
// never holds other routes back, and logins past the queue get 503 with Retry-After. Checked as
// a mechanism (what finishes while hashing is saturated), not as a timing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, registerUser } from './harness.mjs';

test('logins wait on the hashing executor; other routes are answered meanwhile; excess gets 503', { timeout: 120000 }, async () => {
  // One hashing thread, three logins admitted at most, an expensive cost: saturated at once.
  const srv = await startServer({ args: ['--hash-threads', '1', '--hash-queue', '3', '--bcrypt-cost', '12'] });
  try {
    const user = await registerUser(srv.baseUrl);
    let finished = 0;
    const logins = Array.from({ length: 8 }, () =>
      api(srv.baseUrl, 'POST', '/api/v1/users/login', { body: { account: user.account, pwd: 'abc12345' } })
        .then((r) => { finished += 1; return r; }));
    // While the admitted logins hash one after the other, the worker pool still answers.
    const friends = await api(srv.baseUrl, 'GET', '/api/v1/friends', { token: user.token, userid: user.id });
    assert.equal(friends.status, 200);
    const hello = await api(srv.baseUrl, 'GET', '/api/v1');
    assert.equal(hello.status, 200);
    const finishedWhenAnswered = finished;
    const results = await Promise.all(logins);
    const ok = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status === 503);
    assert.equal(ok.length + refused.length, 8, results.map((r) => r.status).join(','));
    assert.ok(ok.length >= 1 && ok.length <= 3, `admitted ${ok.length}`);
    assert.ok(refused.length >= 5, `refused ${refused.length}`);
    for (const r of refused) {
      assert.equal(r.headers.get('retry-after'), '1');
      assert.deepEqual(JSON.parse(r.text), { statusCode: 503, message: 'Service Unavailable' });
    }
    // The admitted logins were still hashing when the other routes had answered.
    assert.ok(finishedWhenAnswered < 8, `all logins had finished first (${finishedWhenAnswered})`);
    // And the executor is free again afterwards.
    const again = await api(srv.baseUrl, 'POST', '/api/v1/users/login', { body: { account: user.account, pwd: 'abc12345' } });
    assert.equal(again.status, 200);
  } finally {
    await srv.stop();
  }
});
