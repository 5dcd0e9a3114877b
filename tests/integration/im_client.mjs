// Client-side helpers for the integration tests: the wire schema through protobufjs 7.2.5 (the
// Electron client's library), socket.io-client 4.7.2 connections as the client makes them, and
// the friendship handshake over HTTP.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import protobuf from 'protobufjs';
import { io } from 'socket.io-client';
import { api, repoRoot } from './harness.mjs';

const root = protobuf.parse(readFileSync(path.join(repoRoot, 'proto', 'im.proto'), 'utf8')).root;
const T = (n) => root.lookupType(`im.wire.${n}`);
export const enc = (n, v) => Buffer.from(T(n).encode(T(n).fromObject(v)).finish());
export const dec = (n, b) => T(n).toObject(T(n).decode(new Uint8Array(b)), { longs: Number });
export const ACK_OK = enc('AckMessage', { statusCode: 200, message: 'Successfully.' });

export const once = (emitter, event) =>
  new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));

// A socket as the Electron client opens it: credentials in headers, polling then upgrade.
export function connectSocket(baseUrl, user, opts = {}) {
  return io(baseUrl, {
    path: '/socket/v1/IM/',
    extraHeaders: { userid: String(user.id), authorization: user.token },
    reconnection: false,
    forceNew: true,
    ...opts,
  });
}

export async function online(baseUrl, user, opts) {
  const socket = connectSocket(baseUrl, user, opts);
  await once(socket, 'connect');
  return socket;
}

// The next `event` push on `socket`, acked with `ack` (AckMessage{200} unless given).
export function nextPush(socket, event, ack = ACK_OK) {
  return new Promise((resolve) =>
    socket.once(event, (data, cb) => {
      if (cb) cb(ack);
      resolve(data);
    }));
}

export function upMessage(from, to, extra = {}) {
  return { msgId: randomUUID(), sender: from.id, receiver: to.id, type: 'text', content: 'hello',
    timer: Date.now(), ...extra };
}

export async function sendMessage(socket, msg) {
  const ack = await socket.timeout(6000).emitWithAck('on-message', enc('MessageUp', msg));
  return dec('AckMessage', ack);
}

// A asks, B agrees: returns the notify id.
export async function makeFriends(baseUrl, a, b) {
  const asked = await api(baseUrl, 'POST', '/api/v1/friends', { token: a.token, userid: a.id,
    body: { userId: b.id } });
  if (asked.status !== 200) throw new Error(`friend request failed: ${asked.text}`);
  const pending = await api(baseUrl, 'GET', '/api/v1/events/notify', { token: b.token, userid: b.id });
  const notify = pending.json.data.filter((n) => n.sender === a.id).at(-1);
  const agreed = await api(baseUrl, 'POST', '/api/v1/friends/agree', { token: b.token, userid: b.id,
    body: { notifyId: notify.id } });
  if (agreed.status !== 200) throw new Error(`agree failed: ${agreed.text}`);
  return notify.id;
}

// Calls `method path` as `user`.
export function as(baseUrl, user) {
  return (method, urlPath, body) => api(baseUrl, method, urlPath, { token: user.token, userid: user.id, body });
}
