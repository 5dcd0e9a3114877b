// The extension frames (proto/im_ext.proto, docs/protocol-extensions.md) through protobufjs, and
// sockets that opt in to features with the Socket.IO CONNECT payload.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import { repoRoot } from './harness.mjs';
import { connectSocket, once } from './im_client.mjs';

const root = protobuf.parse(readFileSync(path.join(repoRoot, 'proto', 'im_ext.proto'), 'utf8')).root;
const type = (n) => root.lookupType(`im.wire.ext.${n}`);
export const encExt = (n, v) => Buffer.from(type(n).encode(type(n).fromObject(v)).finish());
export const decExt = (n, b) => type(n).toObject(type(n).decode(new Uint8Array(b)), { longs: Number });

// A socket that sends `{"features":[...]}` in its CONNECT packet.
export async function onlineWith(baseUrl, user, features) {
  const socket = connectSocket(baseUrl, user, features ? { auth: { features } } : {});
  await once(socket, 'connect');
  return socket;
}

// Records every event a socket gets (name and decoded first argument for the known ones).
export function recorder(socket) {
  const events = [];
  socket.onAny((name, ...args) => {
    const decoders = { 'on-typing': 'Typing', 'on-presence': 'Presence',
      'on-message:read-count': 'GroupReadCounts' };
    events.push({ name, data: decoders[name] ? decExt(decoders[name], args[0]) : args[0] });
  });
  return events;
}

// Resolves with the first recorded event matching `match` (polls the recorder).
export async function waitForEvent(events, match, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const found = events.find(match);
    if (found) return found;
    if (Date.now() > end) throw new Error(`no matching event; got ${JSON.stringify(events)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
