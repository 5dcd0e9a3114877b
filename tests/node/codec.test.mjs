// Byte-compatibility of libim's codec (through the im_node addon) with protobufjs 7.2.5, the
// Electron client's library: every message type in both directions, the required-field rules,
// int64 edge values, and the test vectors of docs/contract/protobuf.md section 8.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import protobuf from 'protobufjs';
import { im } from './addon.mjs';

// docs/contract/protobuf.md section 7, written out here on purpose (independent of proto/im.proto).
const SCHEMA = `
syntax = "proto2";
message AckMessage { required int64 statusCode = 1; optional string message = 2; }
message Sender {
  required int64 id = 1; required string account = 2; optional string avatar = 3;
  optional string email = 4; optional string regisTime = 5; optional string updateTime = 6;
}
enum Notifys { AddFriend = 1; DelFriend = 2; }
enum NotifyStatus { Initial = 1; Received = 2; Readed = 3; Fulfilled = 4; Rejected = 5; }
message Notify {
  required string id = 1; required Notifys type = 2; optional Sender sender = 3;
  required int64 receiver = 4; required NotifyStatus status = 5; required int64 timer = 6;
  required string remark = 7; required string ext = 8;
}
message MessageUp {
  optional int64 id = 1; required string msgId = 2; required int64 sender = 3;
  optional int64 groupId = 4; required int64 receiver = 5; required string type = 6;
  required string content = 7; required int64 timer = 8; optional string ext = 9;
}
message MessageDown {
  required int64 id = 1; required string msgId = 2; required int64 sender = 3;
  optional Sender senderInfo = 4; optional int64 groupId = 5; required int64 receiver = 6;
  required string type = 7; required string content = 8; required int64 timer = 9;
  optional string ext = 10;
}
message MessageRead {
  required int64 id = 1; required int64 sender = 2; optional int64 groupId = 3;
  required int64 receiver = 4;
}`;
const strict = protobuf.parse(SCHEMA).root;
// The same layouts with every field optional: writes bytes that lack a required field.
const relaxed = protobuf.parse(SCHEMA.replaceAll('required', 'optional')).root;

const TYPES = ['AckMessage', 'Sender', 'Notify', 'MessageUp', 'MessageDown', 'MessageRead'];
const INT64 = {
  AckMessage: ['statusCode'], Sender: ['id'], Notify: ['receiver', 'timer'],
  MessageUp: ['id', 'sender', 'groupId', 'receiver', 'timer'],
  MessageDown: ['id', 'sender', 'groupId', 'receiver', 'timer'],
  MessageRead: ['id', 'sender', 'groupId', 'receiver'],
};
const REQUIRED = {
  AckMessage: ['statusCode'], Sender: ['id', 'account'],
  Notify: ['id', 'type', 'receiver', 'status', 'timer', 'remark', 'ext'],
  MessageUp: ['msgId', 'sender', 'receiver', 'type', 'content', 'timer'],
  MessageDown: ['id', 'msgId', 'sender', 'receiver', 'type', 'content', 'timer'],
  MessageRead: ['id', 'sender', 'receiver'],
};
const EDGES = [0n, 1n, 2n ** 53n + 1n, 2n ** 63n - 1n, -1n, -(2n ** 63n)];

const S = { id: 10009n, account: '17600000000', regisTime: '2023-01-28 17:36:29',
  updateTime: '2023-01-28 17:36:30' };
const FULL_SENDER = { id: 7n, account: 'acc', avatar: 'http://a/b.png', email: 'e@x.com',
  regisTime: '2026-01-01 00:00:00', updateTime: '2026-01-02 00:00:00' };
// One value per type with every field set, and one with only the required fields.
const FULL = {
  AckMessage: { statusCode: 200n, message: 'Successfully.' },
  Sender: FULL_SENDER,
  Notify: { id: 'n-1', type: 2, sender: FULL_SENDER, receiver: 10010n, status: 5,
    timer: 1700000000000n, remark: 'héllo ✓', ext: 'x' },
  MessageUp: { id: 3n, msgId: 'm-1', sender: 1n, groupId: 9n, receiver: 9n, type: 'image',
    content: 'data:image/png;base64,AAAA', timer: 1700000000001n, ext: 'e' },
  MessageDown: { id: 4n, msgId: 'm-2', sender: 1n, senderInfo: FULL_SENDER, groupId: 9n,
    receiver: 9n, type: 'text', content: '中文 😀', timer: 1700000000002n, ext: '' },
  MessageRead: { id: 5n, sender: 1n, groupId: 2n, receiver: 3n },
};
const MINIMAL = {
  AckMessage: { statusCode: 0n },
  Sender: { id: 0n, account: '' },
  Notify: { id: '', type: 1, receiver: 0n, status: 1, timer: 0n, remark: '', ext: '' },
  MessageUp: { msgId: '', sender: 0n, receiver: 0n, type: '', content: '', timer: 0n },
  MessageDown: { id: 0n, msgId: '', sender: 0n, receiver: 0n, type: '', content: '', timer: 0n },
  MessageRead: { id: 0n, sender: 0n, receiver: 0n },
};

// protobufjs takes and gives int64 as decimal strings here; the addon uses BigInt.
const toPb = (v) => (typeof v === 'bigint' ? v.toString()
  : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPb(x)])) : v);
const fromPb = (v, type, nested = false) => {
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    if (x && typeof x === 'object') out[k] = fromPb(x, 'Sender', true);
    else out[k] = INT64[nested ? 'Sender' : type].includes(k) ? BigInt(x) : x;
  }
  return out;
};
const pbEncode = (root, type, value) => {
  const T = root.lookupType(type);
  return Buffer.from(T.encode(T.fromObject(toPb(value))).finish());
};
const pbDecode = (type, bytes) => {
  const T = strict.lookupType(type);
  return fromPb(T.toObject(T.decode(bytes), { longs: String, enums: Number }), type);
};
const hex = (b) => Buffer.from(b).toString('hex');

function roundTrip(type, value) {
  const ours = im.encode(type, value);
  const theirs = pbEncode(strict, type, value);
  assert.equal(hex(ours), hex(theirs), `${type}: same bytes as protobufjs`);
  assert.deepEqual(im.decode(type, theirs), value, `${type}: libim decodes protobufjs bytes`);
  assert.deepEqual(pbDecode(type, ours), value, `${type}: protobufjs decodes libim bytes`);
}

test('every message type, all fields and required-only, both directions', () => {
  assert.deepEqual([...im.messageTypes], TYPES);
  for (const type of TYPES) {
    roundTrip(type, FULL[type]);
    roundTrip(type, MINIMAL[type]);
  }
});

test('int64 edge values in every int64 field (0, 2^53+1, 2^63-1, negatives)', () => {
  for (const type of TYPES) {
    for (const field of INT64[type]) {
      for (const edge of EDGES) roundTrip(type, { ...FULL[type], [field]: edge });
    }
  }
  for (const edge of EDGES) roundTrip('MessageDown', { ...FULL.MessageDown, senderInfo: { ...S, id: edge } });
  // -1 takes ten bytes (docs/contract/protobuf.md 1).
  assert.equal(hex(im.encode('AckMessage', { statusCode: -1n })), '08ffffffffffffffffff01');
  // Decoded int64 is always a BigInt, also for small values.
  assert.equal(typeof im.decode('AckMessage', Buffer.from('08c801', 'hex')).statusCode, 'bigint');
  // Numbers are accepted when they are safe integers; anything else is refused.
  assert.equal(hex(im.encode('AckMessage', { statusCode: 200 })), '08c801');
  assert.throws(() => im.encode('AckMessage', { statusCode: 2 ** 53 + 2 }), RangeError);
  assert.throws(() => im.encode('AckMessage', { statusCode: 1.5 }), RangeError);
  assert.throws(() => im.encode('AckMessage', { statusCode: 2n ** 63n }), /int64 range/);
  assert.throws(() => im.encode('AckMessage', { statusCode: '200' }), TypeError);
});

test('required fields: missing on encode throws, missing on the wire fails in both decoders', () => {
  for (const type of TYPES) {
    for (const field of REQUIRED[type]) {
      const value = { ...FULL[type] };
      delete value[field];
      assert.throws(() => im.encode(type, value), { name: 'Error', message: `${type}.${field}: missing required field` });
      assert.throws(() => im.encode(type, { ...FULL[type], [field]: null }), /missing required field/);
      const bytes = pbEncode(relaxed, type, value);
      assert.throws(() => strict.lookupType(type).decode(bytes), /missing required/, `protobufjs ${type}.${field}`);
      assert.throws(() => im.decode(type, bytes), { message: new RegExp(`^${type}: cannot decode`) });
    }
  }
  // A required field inside the embedded Sender, too.
  const noAccount = pbEncode(relaxed, 'MessageDown', { ...FULL.MessageDown, senderInfo: { id: 1n } });
  assert.throws(() => strict.lookupType('MessageDown').decode(noAccount), /missing required/);
  assert.throws(() => im.decode('MessageDown', noAccount), /cannot decode/);
  assert.throws(() => im.encode('MessageDown', { ...FULL.MessageDown, senderInfo: { id: 1n } }),
    { message: 'MessageDown.senderInfo.account: missing required field' });
  // Optional fields may be absent (or null/undefined on encode).
  assert.deepEqual(im.decode('AckMessage', im.encode('AckMessage', { statusCode: 1n, message: undefined })),
    { statusCode: 1n });
});

test('malformed input: truncated bytes, wire-type mismatch, bad UTF-8, wrong arguments', () => {
  const good = im.encode('MessageUp', FULL.MessageUp);
  assert.throws(() => im.decode('MessageUp', good.subarray(0, good.length - 1)), /cannot decode/);
  // docs/contract/protobuf.md 8.3
  assert.throws(() => im.decode('MessageUp', Buffer.from('0a0141', 'hex')), /cannot decode/);
  assert.throws(() => im.decode('AckMessage', Buffer.from('0a0141', 'hex')), /cannot decode/);  // field 1 as string
  assert.throws(() => im.decode('AckMessage', Buffer.from('08c80112 02 c328'.replaceAll(' ', ''), 'hex')), /cannot decode/);
  assert.throws(() => im.decode('Nope', good), TypeError);
  assert.throws(() => im.encode('Nope', {}), /unknown message type 'Nope'/);
  assert.throws(() => im.decode('AckMessage', 'text'), TypeError);
  assert.throws(() => im.encode('AckMessage', 5), TypeError);
  assert.throws(() => im.encode('Sender', { id: 1n, account: 5 }), { name: 'TypeError', message: 'Sender.account: expected a string' });
  // Uint8Array and ArrayBuffer are accepted like Buffer; unknown fields are skipped.
  assert.deepEqual(im.decode('AckMessage', new Uint8Array([8, 200, 1])), { statusCode: 200n });
  assert.deepEqual(im.decode('AckMessage', new Uint8Array([8, 200, 1, 0x58, 1]).buffer), { statusCode: 200n });
});

// docs/contract/protobuf.md section 8.
const SHEX = '08994e120b31373630303030303030302a13323032332d30312d32382031373a33363a32393213323032332d30312d32382031373a33363a3330';
const A = { id: 10000n, account: '13800000001', regisTime: '2026-11-26 19:18:35', updateTime: '2026-11-26 19:18:35' };
const VECTORS = [
  ['AckMessage', { statusCode: 200n, message: 'Successfully.' }, '08c801120d5375636365737366756c6c792e'],
  ['AckMessage', { statusCode: 500n, message: 'Database Error.' }, '08f403120f4461746162617365204572726f722e'],
  ['AckMessage', { statusCode: 500n, message: 'Database error.' }, '08f403120f4461746162617365206572726f722e'],
  ['AckMessage', { statusCode: 403n, message: 'Forbidden resource' }, '0893031212466f7262696464656e207265736f75726365'],
  ['AckMessage', { statusCode: 200n }, '08c801'],
  ['Sender', S, SHEX],
  ['MessageUp', { msgId: 'uuid-1', sender: 10009n, receiver: 10010n, type: 'text', content: 'hi', timer: 1700000000000n },
    '1206757569642d3118994e289a4e3204746578743a0268694080d095ffbc31'],
  ['MessageDown', { id: 5n, msgId: 'uuid-1', sender: 10009n, senderInfo: S, receiver: 10010n, type: 'text', content: 'hi', timer: 1700000000000n },
    `08051206757569642d3118994e223a${SHEX}309a4e3a0474657874420268694880d095ffbc31`],
  ['Notify', { id: '0504339d-b2b6-48c9-a422-308163c8e8fc', type: 1, sender: S, receiver: 10010n, status: 1, timer: 1700000000000n, remark: 'hello', ext: '' },
    `0a2430353034333339642d623262362d343863392d613432322d33303831363363386538666310011a3a${SHEX}209a4e28013080d095ffbc313a0568656c6c6f4200`],
  ['Notify', { id: '0504339d-b2b6-48c9-a422-308163c8e8fc', type: 1, sender: S, receiver: 10010n, status: 1, timer: 1700000000000n, remark: '', ext: '' },
    `0a2430353034333339642d623262362d343863392d613432322d33303831363363386538666310011a3a${SHEX}209a4e28013080d095ffbc313a004200`],
  ['MessageRead', { id: 5n, sender: 10009n, receiver: 10010n }, '080510994e209a4e'],
  ['MessageUp', { msgId: '03a2769f-a752-4693-a6d3-2f70b694689f', sender: 10000n, receiver: 10001n, type: 'text', content: 'hello B', timer: 1795720722626n },
    '122430336132373639662d613735322d343639332d613664332d32663730623639343638396618904e28914e3204746578743a0768656c6c6f204240c2f1aecaa134'],
  ['MessageDown', { id: 2n, msgId: '03a2769f-a752-4693-a6d3-2f70b694689f', sender: 10000n, senderInfo: A, receiver: 10001n, type: 'text', content: 'hello B', timer: 1795720722626n },
    '0802122430336132373639662d613735322d343639332d613664332d32663730623639343638396618904e223a08904e120b31333830303030303030312a13323032362d31312d32362031393a31383a33353213323032362d31312d32362031393a31383a333530914e3a0474657874420768656c6c6f204248c2f1aecaa134'],
  ['MessageUp', { msgId: '23ddd094-82c0-4fdb-9066-2c051a8f285c', sender: 10000n, groupId: 1n, receiver: 1n, type: 'text', content: 'hello group #1', timer: 1795720732731n },
    '122432336464643039342d383263302d346664622d393036362d32633035316138663238356318904e200128013204746578743a0e68656c6c6f2067726f757020233140bbc0afcaa134'],
  ['MessageDown', { id: 3n, msgId: '23ddd094-82c0-4fdb-9066-2c051a8f285c', sender: 10000n, senderInfo: A, groupId: 1n, receiver: 1n, type: 'text', content: 'hello group #1', timer: 1795720732731n },
    '0803122432336464643039342d383263302d346664622d393036362d32633035316138663238356318904e223a08904e120b31333830303030303030312a13323032362d31312d32362031393a31383a33353213323032362d31312d32362031393a31383a3335280130013a0474657874420e68656c6c6f2067726f757020233148bbc0afcaa134'],
  ['Notify', { id: '03f4c1d3-c197-4291-9684-50b88967e503', type: 1, sender: A, receiver: 10001n, status: 1, timer: 1795720756053n, remark: 'no ext', ext: '' },
    '0a2430336634633164332d633139372d343239312d393638342d35306238383936376535303310011a3a08904e120b31333830303030303030312a13323032362d31312d32362031393a31383a33353213323032362d31312d32362031393a31383a333520914e280130d5f6b0caa1343a066e6f206578744200'],
  ['MessageRead', { id: 2n, sender: 10001n, receiver: 10000n }, '080210914e20904e'],
];

test('docs/contract/protobuf.md section 8 test vectors: exact bytes both ways, in both libraries', () => {
  assert.equal(SHEX.length / 2, 58);
  for (const [type, value, expected] of VECTORS) {
    assert.equal(hex(im.encode(type, value)), expected, `libim encodes ${type}`);
    assert.equal(hex(pbEncode(strict, type, value)), expected, `protobufjs encodes ${type}`);
    assert.deepEqual(im.decode(type, Buffer.from(expected, 'hex')), value, `libim decodes ${type}`);
    assert.deepEqual(pbDecode(type, Buffer.from(expected, 'hex')), value, `protobufjs decodes ${type}`);
  }
});
