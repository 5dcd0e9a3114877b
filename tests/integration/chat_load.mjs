// Chat load for the fault tests (kill -9, graceful stop): senders that keep messages in flight,
// receivers that count every push, the offline pull after a restart, and the check that no
// acked message was lost (docs/contract/realtime.md 8.2).
import assert from 'node:assert/strict';
import { api, registerUser } from './harness.mjs';
import { ACK_OK, dec, enc, makeFriends, upMessage } from './im_client.mjs';

const PAGE = 1000;

// `n` sender/receiver pairs of friends, each with the sets the load and the checks fill in.
export async function makePairs(baseUrl, n) {
  const pairs = [];
  for (let i = 0; i < n; i += 1) {
    const sender = await registerUser(baseUrl);
    const receiver = await registerUser(baseUrl);
    await makeFriends(baseUrl, sender, receiver);
    pairs.push({ sender, receiver, acked: new Set(), before: new Map(), after: new Map() });
  }
  return pairs;
}

// Every `on-message` push on `socket` is acked 200 and its msgId counted in `seen`.
export function collectPushes(socket, seen) {
  socket.on('on-message', (data, cb) => {
    if (cb) cb(ACK_OK);
    const id = dec('MessageDown', data).msgId;
    seen.set(id, (seen.get(id) ?? 0) + 1);
  });
}

// Every message of the receiver's offline pull (docs/contract/http-api.md E4), page by page.
export async function pullAll(baseUrl, user) {
  const ids = [];
  for (let page = 1; page <= 100; page += 1) {
    const r = await api(baseUrl, 'GET', `/api/v1/events/message?currentPage=${page}&pageSize=${PAGE}`,
      { token: user.token, userid: user.id });
    assert.equal(r.status, 200, r.text);
    for (const m of r.json.data) ids.push(m.msgId);
    if (ids.length >= r.json.count || r.json.data.length === 0) break;
  }
  return ids;
}

// Load senders send as fast as the server acks, far past the default per-user send limit
// (SEND_RATE_PER_USER): the servers under load run without it.
export const NO_SEND_LIMIT = ['--send-rate-per-user', '0'];

// A sender keeps `inFlight` messages outstanding until `state.stop` or its socket closes; the
// msgIds acked 200 go to `acked`, and `state.acks` counts them over all senders.
export async function sendLoop(socket, from, to, acked, state, inFlight) {
  const worker = async () => {
    while (!state.stop && socket.connected) {
      const msg = upMessage(from, to, { content: `load ${acked.size}` });
      try {
        const ack = dec('AckMessage',
          await socket.timeout(6000).emitWithAck('on-message', enc('MessageUp', msg)));
        if (ack.statusCode === 200) {
          acked.add(msg.msgId);
          state.acks += 1;
        }
      } catch {
        return;  // the server went away (disconnect or ack timeout)
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

// Deliveries per msgId of one receiver: the pushes before (`before`), its offline pull after the
// restart (`pulled`) and the pushes after reconnecting (`after`). Asserts that every msgId in
// `acked` is among them; returns how many arrived more than once.
export function assertNoneLost(acked, before, pulled, after, label) {
  const got = new Map(before);
  for (const m of pulled) got.set(m, (got.get(m) ?? 0) + 1);
  for (const [m, n] of after) got.set(m, (got.get(m) ?? 0) + n);
  const lost = [...acked].filter((m) => !got.has(m));
  assert.deepEqual(lost, [], `acked messages of ${label} that never arrived`);
  let duplicates = 0;
  for (const n of got.values()) duplicates += n - 1;
  return duplicates;
}
