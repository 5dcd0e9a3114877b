// Uploads, releases and static files over real HTTP multipart (docs/contract/http-api.md E6, E7,
// X1-X3, 11.1; fixes S12, S14, B22, B23, B27, J15). Image/video thumbnails need ffmpeg (installed
// by the tests).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, registerUser, loginUser, api } from './harness.mjs';
import { as } from './im_client.mjs';

let srv;
let png;
before(async () => {
  srv = await startServer({ args: ['--upload-max-bytes', '200000'] });
  // A real 40x30 PNG made by ffmpeg, so that the thumbnail step has something to read.
  const file = path.join(srv.dir, 'probe.png');
  execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=40x30', '-frames:v', '1', file]);
  png = readFileSync(file);
});
after(async () => { await srv.stop(); });

function upload(user, route, parts) {
  const form = new FormData();
  for (const [field, value, name] of parts) {
    if (name === undefined) form.append(field, value);
    else form.append(field, new Blob([value]), name);
  }
  const headers = user ? { authorization: user.token, userid: String(user.id) } : {};
  return fetch(srv.baseUrl + route, { method: 'POST', headers, body: form }).then(async (r) => ({
    status: r.status, json: await r.json().catch(() => undefined) }));
}

async function admin() {
  const u = await registerUser(srv.baseUrl);
  srv.sql(`UPDATE Users SET roleId = 5 WHERE id = ${u.id}`);
  return loginUser(srv.baseUrl, u.account);  // permissions travel in the token
}

test('an image lands under MULTER_DEST/<id>/ with a safe name, a thumbnail and no overwrite (S14, J15, B27)', async () => {
  const u = await registerUser(srv.baseUrl);
  const dest = path.join(srv.dir, 'upload');
  const first = await upload(u, '/api/v1/events/image', [['file', png, '../../a.b.png']]);
  assert.equal(first.status, 200);
  assert.deepEqual(first.json, { statusCode: 200, data: {
    path: `${dest}/${u.id}/a.b.png`, smallPath: `${dest}/${u.id}/a.b-small.png` } });
  assert.ok(existsSync(path.join(dest, String(u.id), 'a.b-small.png')));
  const second = await upload(u, '/api/v1/events/image', [['file', png, 'a.b.png']]);
  assert.equal(second.json.data.path, `${dest}/${u.id}/a.b-1.png`);
  assert.ok(!existsSync(path.join(srv.dir, 'a.b.png')), 'nothing escaped the upload folder');
});

test('upload refusals: no credentials 401, too large 413, no file 500', async () => {
  const u = await registerUser(srv.baseUrl);
  assert.equal((await upload(null, '/api/v1/events/image', [['file', png, 'x.png']])).status, 401);
  const big = await upload(u, '/api/v1/events/image', [['file', Buffer.alloc(300000, 1), 'big.png']]);
  assert.equal(big.status, 413);
  assert.deepEqual(big.json, { message: 'File too large', error: 'Payload Too Large', statusCode: 413 });
  const none = await upload(u, '/api/v1/events/image', [['other', 'x']]);
  assert.equal(none.status, 500);
  const json = await as(srv.baseUrl, u)('POST', '/api/v1/events/video', {});
  assert.equal(json.status, 500);
  assert.equal((await api(srv.baseUrl, 'GET', '/api/v1')).status, 200);
});

// Issue 11 item 7: ffmpeg reads an upload with the demuxer its name announces and opens local
// files only; a playlist or concat script in disguise is not followed.
test('uploads that are playlists in disguise get no thumbnail', async () => {
  const u = await registerUser(srv.baseUrl);
  const dest = path.join(srv.dir, 'upload', String(u.id));
  const playlist = `#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\nfile:${path.join(srv.dir, 'probe.png')}\n#EXT-X-ENDLIST\n`;
  const concat = `ffconcat version 1.0\nfile ${path.join(srv.dir, 'probe.png')}\n`;
  for (const [route, body, name] of [['/api/v1/events/image', playlist, 'hls.png'],
    ['/api/v1/events/image', playlist, 'hls.m3u8'], ['/api/v1/events/image', concat, 'list.ffconcat'],
    ['/api/v1/events/video', playlist, 'hls.mp4'], ['/api/v1/events/video', concat, 'cat.txt']]) {
    const r = await upload(u, route, [['file', body, name]]);
    assert.equal(r.status, 500, `${route} ${name}`);
  }
  assert.ok(!existsSync(path.join(dest, 'hls-small.png')) && !existsSync(path.join(dest, 'list-small.ffconcat')));
  // A real image still gets its thumbnail.
  assert.equal((await upload(u, '/api/v1/events/image', [['file', png, 'real.png']])).status, 200);
  assert.ok(existsSync(path.join(dest, 'real-small.png')));
});

test('release uploads need permission 4 and land in the release folder (S12, B22, B23)', async () => {
  const plain = await registerUser(srv.baseUrl);
  const full = [['platform', 'windows'], ['archs', 'x64'], ['version', '1.0.0'],
    ['yml', 'version: 1.0.0', 'latest.yml'], ['app', 'binary', 'app-setup.exe']];
  assert.equal((await upload(null, '/api/v1/electron/full', full)).status, 401);
  assert.equal((await upload(plain, '/api/v1/electron/full', full)).status, 403);
  const a = await admin();
  const ok = await upload(a, '/api/v1/electron/full', full);
  assert.deepEqual(ok.json, { statusCode: 200, message: 'Upload successed.' });
  const folder = path.join(srv.dir, 'upload', 'electron', 'full', '1.0.0', 'windows', 'x64');
  assert.ok(existsSync(path.join(folder, 'latest.yml')) && existsSync(path.join(folder, 'app-setup.exe')));
  const again = await upload(a, '/api/v1/electron/full', full);
  assert.equal(again.status, 500);
  assert.equal(again.json.message,
    'UnprocessableEntityException: The current version[1.0.0] already exists under the platform[windows].');
  const mac = await upload(a, '/api/v1/electron/full', [['platform', 'macos'], ['archs', 'mac'],
    ['version', '1.0.0'], ['app', 'x', 'a.dmg']]);
  assert.equal(mac.json.message, 'SequelizeValidationError: Validation error: Validation isIn on archs failed');

  for (const version of ['1.0.1', '1.0.2']) {
    const r = await upload(a, '/api/v1/electron/asar', [['platform', 'macos'], ['version', version],
      ['app', 'zip', 'arm64.zip']]);
    assert.equal(r.status, 200);
  }
  srv.sql("UPDATE Electrons SET actived = 1 WHERE type = 'asar'");
  const check = (v) => as(srv.baseUrl, a)('GET', `/api/v1/electron/infoForAsar?platform=macos&archs=arm64&version=${v}`);
  const newer = await check('1.0.0');
  assert.equal(newer.json.data.version, '1.0.2');
  assert.deepEqual(Object.keys(newer.json.data), ['id', 'platform', 'archs', 'version', 'actived', 'type',
    'ext', 'remark', 'forceUpdate', 'createdAt', 'updatedAt']);
  assert.deepEqual((await check('1.0.2')).json, { statusCode: 204, message: 'No update available.' });
  assert.equal((await as(srv.baseUrl, a)('GET', '/api/v1/electron/infoForAsar')).status, 500);
});

test('/uploads/ serves files inside its folder only (11.1, S14)', async () => {
  const root = path.join(srv.dir, 'uploads');
  mkdirSync(root, { recursive: true });
  writeFileSync(path.join(root, 't.txt'), 'hi');
  writeFileSync(path.join(srv.dir, 'secret.txt'), 'no');
  const ok = await api(srv.baseUrl, 'GET', '/uploads/t.txt');
  assert.equal(ok.status, 200);
  assert.equal(ok.text, 'hi');
  assert.equal(ok.headers.get('content-type'), 'text/plain; charset=UTF-8');
  assert.equal(ok.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(ok.headers.get('content-disposition'), null);
  // Issue 11: types a browser would run or render are downloads; every file is streamed.
  for (const name of ['p.html', 'p.HTM', 'i.svg', 'd.xml', 'x.xhtml', 's.js']) {
    writeFileSync(path.join(root, name), '<script>alert(1)</script>');
    const r = await api(srv.baseUrl, 'GET', `/uploads/${name}`);
    assert.equal(r.status, 200, name);
    assert.equal(r.headers.get('content-disposition'), 'attachment', name);
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff', name);
  }
  const big = Buffer.alloc(6 * 1024 * 1024 + 7);
  for (let i = 0; i < big.length; i += 4093) big[i] = i % 251;
  writeFileSync(path.join(root, 'big.bin'), big);
  const got = await fetch(`${srv.baseUrl}/uploads/big.bin`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-length'), String(big.length));
  assert.ok(Buffer.from(await got.arrayBuffer()).equals(big), 'the streamed file arrives intact');
  const head = await fetch(`${srv.baseUrl}/uploads/big.bin`, { method: 'HEAD' });
  assert.equal(head.headers.get('content-length'), String(big.length));
  assert.equal((await head.arrayBuffer()).byteLength, 0);
  for (const bad of ['/uploads/..%2fsecret.txt', '/uploads/..%2f..%2fetc/passwd', '/uploads/', '/uploads/nope.png']) {
    const r = await api(srv.baseUrl, 'GET', bad);
    assert.equal(r.status, 404, bad);
    assert.deepEqual(r.json, { message: `Cannot GET ${bad}`, error: 'Not Found', statusCode: 404 });
  }
});
