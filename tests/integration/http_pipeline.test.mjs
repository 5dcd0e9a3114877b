// The request pipeline of docs/contract/http-api.md 2-5 over real connections: CORS (H41-H43), body
// limits and parse errors (H45, 413), routing rules, keep-alive, and bad input that must not hurt
// the server (S15).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { startServer, api, registerUser, ORIGIN } from './harness.mjs';

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

// A raw request with node:http, to see header order (rawHeaders) and to control framing.
function raw(method, urlPath, { headers = {}, body, chunks, agent } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: srv.port, method, path: urlPath, headers, agent: agent ?? false },
      (res) => {
        const parts = [];
        res.on('data', (c) => parts.push(c));
        res.on('end', () => resolve({ status: res.statusCode, rawHeaders: res.rawHeaders, headers: res.headers,
          text: Buffer.concat(parts).toString(), reused: req.reusedSocket }));
      });
    req.on('error', reject);
    if (chunks) {
      for (const c of chunks) req.write(c);
      req.end();
    } else {
      req.end(body);
    }
  });
}

const pairs = (rawHeaders) => {
  const out = [];
  for (let i = 0; i < rawHeaders.length; i += 2) out.push([rawHeaders[i], rawHeaders[i + 1]]);
  return out;
};

const PREFLIGHT = [
  ['Vary', 'Origin'],
  ['Access-Control-Allow-Credentials', 'true'],
  ['Access-Control-Allow-Methods', 'GET,POST,PUT,DELETE,OPTIONS'],
  ['Access-Control-Allow-Headers', 'Content-Type,Accept,authorization,userid'],
  ['Access-Control-Max-Age', '60'],
  ['Access-Control-Expose-Headers', 'authorization,userid'],
];
const TOO_LARGE = '{"statusCode":413,"message":"request entity too large"}';

test('H41 preflight from an allowed origin: 204 with the headers in order', async () => {
  const r = await raw('OPTIONS', '/api/v1/users/login', { headers: {
    Origin: ORIGIN, 'Access-Control-Request-Method': 'POST',
    'Access-Control-Request-Headers': 'content-type,authorization,userid' } });
  assert.equal(r.status, 204);
  assert.equal(r.text, '');
  const cors = pairs(r.rawHeaders).filter(([k]) => k.startsWith('Access-Control') || k === 'Vary');
  assert.deepEqual(cors, [['Access-Control-Allow-Origin', ORIGIN], ...PREFLIGHT]);
  assert.equal(r.headers['content-length'], '0');
});

test('H42 preflight from another origin: the same without Allow-Origin', async () => {
  const r = await raw('OPTIONS', '/api/v1/users/login', { headers: { Origin: 'http://evil.example' } });
  assert.equal(r.status, 204);
  const cors = pairs(r.rawHeaders).filter(([k]) => k.startsWith('Access-Control') || k === 'Vary');
  assert.deepEqual(cors, PREFLIGHT);
});

test('preflights never reach routing or authentication', async () => {
  for (const p of ['/api/v1/friends', '/nope', '/api/v1/users/10000']) {
    const r = await raw('OPTIONS', p, { headers: { Origin: ORIGIN } });
    assert.equal(r.status, 204, p);
  }
});

test('H43 every other response carries the CORS headers, errors included', async () => {
  const a = await registerUser(srv.baseUrl);
  const cases = [
    ['GET', `/api/v1/users/${a.id}`, { authorization: a.token, userid: String(a.id) }, 200],
    ['GET', `/api/v1/users/${a.id}`, {}, 401],
    ['GET', '/api/v1/nope', {}, 404],
  ];
  for (const [m, p, h, status] of cases) {
    const r = await raw(m, p, { headers: { Origin: ORIGIN, ...h } });
    assert.equal(r.status, status);
    const cors = pairs(r.rawHeaders).filter(([k]) => k.startsWith('Access-Control') || k === 'Vary');
    assert.deepEqual(cors, [['Access-Control-Allow-Origin', ORIGIN], ['Vary', 'Origin'],
      ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Expose-Headers', 'authorization,userid']]);
    assert.equal(r.headers['content-type'], 'application/json; charset=utf-8');
  }
  const foreign = await raw('GET', '/api/v1', { headers: { Origin: 'http://evil.example' } });
  assert.equal(foreign.headers['access-control-allow-origin'], undefined);
  assert.equal(foreign.headers.vary, 'Origin');
});

test('routes are case-insensitive and tolerate one trailing slash', async () => {
  assert.equal((await api(srv.baseUrl, 'GET', '/API/V1')).text, 'Hello World!');
  assert.equal((await api(srv.baseUrl, 'GET', '/api/v1/')).text, 'Hello World!');
  assert.equal((await api(srv.baseUrl, 'GET', '/api/v1//')).status, 404);
  assert.equal((await api(srv.baseUrl, 'GET', '/api/v1?x=1')).status, 200);
});

test('HEAD is answered like GET without a body', async () => {
  const r = await raw('HEAD', '/api/v1');
  assert.equal(r.status, 200);
  assert.equal(r.text, '');
  assert.equal(r.headers['content-length'], '12');
});

test('H45 malformed JSON is 400 with the parser message, before authentication', async () => {
  const cases = [
    ['{"account":', 'Unexpected end of JSON input'],
    ['{x', "Expected property name or '}' in JSON at position 1"],
  ];
  for (const [body, message] of cases) {
    for (const p of ['/api/v1/users/login', '/api/v1/users/logout', '/api/v1/nope']) {
      const r = await api(srv.baseUrl, 'POST', p, { raw: body, headers: { 'content-type': 'application/json' } });
      assert.equal(r.status, 400, p);
      assert.equal(r.text, `{"message":${JSON.stringify(message)},"error":"Bad Request","statusCode":400}`);
    }
  }
  const scalar = await api(srv.baseUrl, 'POST', '/api/v1/users/login', { raw: '"abc"', headers: { 'content-type': 'application/json' } });
  assert.equal(scalar.status, 400);
  assert.equal(scalar.json.error, 'Bad Request');
});

test('other content types count as an empty body', async () => {
  const r = await api(srv.baseUrl, 'POST', '/api/v1/users/login',
    { raw: '{x', headers: { 'content-type': 'text/plain' } });
  assert.equal(r.status, 401);
  const big = await api(srv.baseUrl, 'POST', '/api/v1/users/login',
    { raw: 'x'.repeat(200000), headers: { 'content-type': 'text/plain' } });
  assert.equal(big.status, 401);
});

test('413 for JSON and URL-encoded bodies over 100 kb; the server keeps serving', async () => {
  const big = JSON.stringify({ account: '13800000001', pwd: 'x'.repeat(110000) });
  const r = await api(srv.baseUrl, 'POST', '/api/v1/users/login', { raw: big, headers: { 'content-type': 'application/json', origin: ORIGIN } });
  assert.equal(r.status, 413);
  assert.equal(r.text, TOO_LARGE);
  assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);

  const form = await api(srv.baseUrl, 'POST', '/api/v1/users/login',
    { raw: `account=1&pwd=${'x'.repeat(200000)}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.status, 413);

  // Chunked, so the size is only known while reading.
  const chunk = 'x'.repeat(16384);
  const chunked = await raw('POST', '/api/v1/users/login', { headers: { 'content-type': 'application/json' },
    chunks: ['{"pwd":"', ...Array(10).fill(chunk), '"}'] });
  assert.equal(chunked.status, 413);
  assert.equal(chunked.text, TOO_LARGE);

  // Exactly at the limit is parsed.
  const pad = 102400 - '{"account":"","pwd":"x"}'.length;
  const at = await api(srv.baseUrl, 'POST', '/api/v1/users/login',
    { raw: `{"account":"${'1'.repeat(pad)}","pwd":"x"}`, headers: { 'content-type': 'application/json' } });
  assert.equal(at.status, 404);

  assert.equal((await api(srv.baseUrl, 'GET', '/api/v1')).status, 200);
});

test('keep-alive: several requests on one connection', async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const first = await raw('GET', '/api/v1', { agent });
  const second = await raw('GET', '/api/v1/nope', { agent });
  const third = await raw('POST', '/api/v1/users/login', { agent, headers: { 'content-type': 'application/json' }, body: '{}' });
  agent.destroy();
  assert.equal(first.status, 200);
  assert.equal(second.status, 404);
  assert.equal(third.status, 401);
  assert.equal(second.reused, true);
  assert.equal(third.reused, true);
});

function rawSocket(payload, { end = true } = {}) {
  return new Promise((resolve) => {
    const s = net.connect(srv.port, '127.0.0.1');
    let data = '';
    s.on('data', (c) => { data += c.toString(); });
    s.on('close', () => resolve(data));
    s.on('error', () => resolve(data));
    s.on('connect', () => { if (end) s.end(payload); else { s.write(payload); s.destroy(); } });
  });
}

test('S15 garbage and abrupt disconnects do not hurt the server', async () => {
  const garbage = await rawSocket('NOT HTTP AT ALL\r\n\r\n');
  assert.match(garbage, /^HTTP\/1\.1 400/);
  await rawSocket('POST /api/v1/users/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"acc', { end: false });
  await rawSocket('GET /api/v1 HTTP/1.1\r\nHost: x\r\n', { end: false });
  // Headers over 16 KiB: Node's bare 431, then close.
  const huge = await rawSocket(`GET /${'a'.repeat(70000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
  assert.match(huge, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
  assert.match(huge, /\r\nConnection: close\r\n/i);
  const bigHeader = await rawSocket(`GET /api/v1 HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(17000)}\r\n\r\n`);
  assert.match(bigHeader, /^HTTP\/1\.1 431 /);
  for (const body of ['[]', '{"account":{"a":1},"pwd":[1]}', '{"account":null,"pwd":null}', '[[[[[[[[[[]]]]]]]]]]',
    '{"account":"\\ud800","pwd":"x"}', `{"a":${'['.repeat(5000)}`]) {
    const r = await api(srv.baseUrl, 'POST', '/api/v1/users/login', { raw: body, headers: { 'content-type': 'application/json' } });
    assert.ok([400, 401, 404].includes(r.status), `${body.slice(0, 40)} -> ${r.status}`);
  }
  const answer = await api(srv.baseUrl, 'GET', '/api/v1');
  assert.equal(answer.status, 200);
});

// Issue 11 item 5: a body whose framing cannot be trusted gets 400, then the connection closes
// (nothing after it is read as a request).
test('bad chunk sizes get 400 and close', async () => {
  const head = 'POST /api/v1/users/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Transfer-Encoding: chunked\r\n\r\n';
  for (const size of ['zz', 'fffffffffffffffff', '1;\u0001', '-1']) {
    const reply = await rawSocket(`${head}${size}\r\n{\r\n0\r\n\r\nGET /api/v1 HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.match(reply, /^HTTP\/1\.1 400 /, `chunk size ${JSON.stringify(size)}`);
    assert.match(reply, /\r\nConnection: close\r\n/i);
    assert.equal(reply.match(/HTTP\/1\.1 /g).length, 1, 'no second reply on that connection');
  }
  // A well-formed chunked body is still read.
  const ok = await rawSocket(`${head}2\r\n{}\r\n0\r\n\r\n`);
  assert.match(ok, /^HTTP\/1\.1 401 /);
});

test('Transfer-Encoding other than a single chunked gets 400 and close', async () => {
  for (const te of ['chunked, identity', 'identity', 'gzip, chunked', 'chunked\r\nTransfer-Encoding: chunked',
    'chunked , chunked']) {
    const reply = await rawSocket('POST /api/v1/users/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
      `Transfer-Encoding: ${te}\r\n\r\n2\r\n{}\r\n0\r\n\r\nGET /api/v1 HTTP/1.1\r\nHost: x\r\n\r\n`);
    assert.match(reply, /^HTTP\/1\.1 400 /, te);
    assert.equal(reply.match(/HTTP\/1\.1 /g).length, 1, `${te}: nothing more is read`);
  }
  const ok = await rawSocket('POST /api/v1/users/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Transfer-Encoding: Chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n');
  assert.match(ok, /^HTTP\/1\.1 401 /);
  assert.equal((await api(srv.baseUrl, 'GET', '/api/v1')).status, 200);
});

// Issue 11 item 1: every label value of /metrics comes from a bounded set.
test('/metrics stays small whatever methods and paths clients send', async () => {
  const size = async () => (await api(srv.baseUrl, 'GET', '/metrics')).text.length;
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const randomMethod = () => Array.from({ length: 5000 },
    () => letters[Math.floor(Math.random() * letters.length)]).join('');
  await rawSocket(`${randomMethod()} /api/v1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  const before = await size();
  for (let i = 0; i < 60; i += 1) {
    const reply = await rawSocket(`${randomMethod()} /api/v1/users/${i}/x${i} HTTP/1.1\r\nHost: x\r\n` +
      'Connection: close\r\n\r\n');
    assert.match(reply, /^HTTP\/1\.1 \d{3} /);
  }
  const metrics = (await api(srv.baseUrl, 'GET', '/metrics')).text;
  assert.ok(metrics.length < before + 1000, `/metrics grew from ${before} to ${metrics.length} bytes`);
  assert.match(metrics, /^im_http_requests_total\{method="other",route="other",status="\d{3}"\} \d+$/m);
  for (const line of metrics.split('\n')) assert.ok(line.length < 300, line.slice(0, 80));
});
