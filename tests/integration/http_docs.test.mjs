// The API documentation of docs/contract/http-api.md 11.2 over real HTTP: the generated OpenAPI
// document (/api/docs-json, /api/docs-yaml), the Swagger UI page (/api/docs) and its offline
// assets.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, api, ORIGIN } from './harness.mjs';

// docs/contract/http-api.md 9, without the static folder and the docs themselves, and the
// extensions' routes.
const ROUTES = [
  ['get', '/api/v1', 'getHello', null],
  ['post', '/api/v1/users/login', 'login', 'User'],
  ['post', '/api/v1/users/create', 'create', 'User'],
  ['delete', '/api/v1/users', 'removeOne', 'User'],
  ['put', '/api/v1/users', 'updateOne', 'User'],
  ['get', '/api/v1/users/export', 'exportData', 'User'],  // issue 14, not in the contract
  ['get', '/api/v1/users/{id}', 'findOne', 'User'],
  ['post', '/api/v1/users/logout', 'logout', 'User'],
  ['post', '/api/v1/permission/create', 'PermCreate', 'Permission'],
  ['post', '/api/v1/permission/role/create', 'RoleCreate', 'Permission'],
  ['post', '/api/v1/permission/role/set', 'setUserRole', 'Permission'],
  ['post', '/api/v1/friends', 'addOne', 'Friends'],
  ['delete', '/api/v1/friends/{id}', 'deleteOne', 'Friends'],
  ['put', '/api/v1/friends/{id}', 'updateOne', 'Friends'],
  ['get', '/api/v1/friends/{id}', 'getOne', 'Friends'],
  ['get', '/api/v1/friends', 'getAll', 'Friends'],
  ['post', '/api/v1/friends/agree', 'agree', 'Friends'],
  ['post', '/api/v1/friends/reject', 'reject', 'Friends'],
  ['post', '/api/v1/groups', 'create', 'Groups'],
  ['delete', '/api/v1/groups/{id}', 'DeleteOne', 'Groups'],
  ['put', '/api/v1/groups', 'update', 'Groups'],
  ['get', '/api/v1/groups/withMembers', 'getAllWithMembers', 'Groups'],
  ['get', '/api/v1/groups/{id}', 'getOne', 'Groups'],
  ['get', '/api/v1/groups', 'getAll', 'Groups'],
  ['post', '/api/v1/groups/members', 'addMembers', 'Groups'],
  ['get', '/api/v1/events/notify', 'getOfflineNotify', 'Events'],
  ['post', '/api/v1/events/notify/received', 'received', 'Events'],
  ['post', '/api/v1/events/notify/readed', 'readed', 'Events'],
  ['get', '/api/v1/events/message', 'getOfflineMsgs', 'Events'],
  ['post', '/api/v1/events/message/received', 'msgReceived', 'Events'],
  ['post', '/api/v1/events/image', 'uploadImage', 'Events'],
  ['post', '/api/v1/events/video', 'uploadVideo', 'Events'],
  ['post', '/api/v1/electron/full', 'fullUpload', 'Electron'],
  ['post', '/api/v1/electron/asar', 'asarUpload', 'Electron'],
  ['get', '/api/v1/electron/infoForAsar', 'appInfoForAsar', 'Electron'],
  // docs/protocol-extensions.md
  ['post', '/api/v1/blocks', 'blockUser', 'Block'],
  ['delete', '/api/v1/blocks/{userId}', 'unblockUser', 'Block'],
  ['get', '/api/v1/blocks', 'getBlocks', 'Block'],
  ['get', '/api/v1/messages', 'getHistory', 'History'],
  ['get', '/api/v1/messages/search', 'searchMessages', 'History'],
  ['get', '/api/v1/conversations', 'getConversations', 'History'],
  ['get', '/api/v1/presence', 'getPresence', 'Presence'],
  ['get', '/api/v1/presence/setting', 'getPresenceSetting', 'Presence'],
  ['put', '/api/v1/presence/setting', 'updatePresenceSetting', 'Presence'],
  // docs/operations.md "Admin API"
  ['get', '/api/v1/admin/users/{userId}/sessions', 'adminListSessions', 'Admin'],
  ['post', '/api/v1/admin/sessions/close', 'adminCloseSessions', 'Admin'],
  ['post', '/api/v1/admin/bans', 'adminBan', 'Admin'],
  ['delete', '/api/v1/admin/bans/{userId}', 'adminUnban', 'Admin'],
  ['delete', '/api/v1/admin/messages/{id}', 'adminDeleteMessage', 'Admin'],
  ['get', '/api/v1/admin/summary', 'adminSummary', 'Admin'],
  ['get', '/api/v1/admin/audit', 'adminAudit', 'Admin'],
  ['get', '/api/v1/sync', 'sync', 'Sync'],
  ['post', '/api/v1/messages/{id}/recall', 'recallMessage', 'Sync'],
  ['put', '/api/v1/messages/{id}', 'editMessage', 'Sync'],
];
const PUBLIC = new Set(['getHello', 'login', 'create:User']);

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test('GET /api/docs-json: the OpenAPI document of 11.2, public, with CORS headers', async () => {
  const r = await api(srv.baseUrl, 'GET', '/api/docs-json', { headers: { origin: ORIGIN } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(r.headers.get('access-control-allow-credentials'), 'true');
  const doc = r.json;
  assert.match(doc.openapi, /^3\.0\./);
  assert.deepEqual(doc.info, { title: 'for-nestjs', description: 'The description for api.', version: '1.0.0' });
  assert.deepEqual(doc.servers.map((s) => s.url),
    [`http://127.0.0.1:${srv.port}`, `https://127.0.0.1:${srv.port}`]);
  assert.deepEqual(doc.components.securitySchemes.token, { ...doc.components.securitySchemes.token, type: 'apiKey', in: 'header', name: 'authorization' });
  assert.deepEqual(doc.components.securitySchemes.userid, { ...doc.components.securitySchemes.userid, type: 'apiKey', in: 'header', name: 'userid' });
  assert.deepEqual(doc.tags.map((t) => t.name), ['User', 'Permission', 'Friends', 'Groups', 'Events', 'Electron', 'Block', 'History', 'Presence', 'Admin', 'Sync']);

  let count = 0;
  for (const ops of Object.values(doc.paths)) count += Object.keys(ops).length;
  assert.equal(count, ROUTES.length);
  for (const [method, p, operationId, tag] of ROUTES) {
    const op = doc.paths[p]?.[method];
    assert.ok(op, `${method} ${p} is documented`);
    assert.equal(op.operationId, operationId);
    if (tag) assert.deepEqual(op.tags, [tag]);
    assert.ok(op.summary);
    assert.ok(op.responses['200'], `${method} ${p} has a 200 reply`);
    const isPublic = PUBLIC.has(operationId) || PUBLIC.has(`${operationId}:${tag}`);
    if (isPublic) assert.equal(op.security, undefined, `${p} is public`);
    else {
      assert.deepEqual(op.security, [{ token: [], userid: [] }], `${method} ${p} needs both headers`);
      assert.ok(op.responses['401']);
    }
  }
  // 11.2: the token is data.token, and POST /groups creates.
  const login = doc.paths['/api/v1/users/login'].post.responses['200'].content['application/json'].schema;
  assert.equal(login.properties.token, undefined);
  assert.equal(login.properties.data.$ref, '#/components/schemas/LoginData');
  assert.equal(doc.paths['/api/v1/groups'].post.summary, 'Create a group');
  // Permission routes document their 403.
  assert.deepEqual(doc.paths['/api/v1/electron/full'].post.responses['403'].content['application/json'].examples.e1.value,
    { message: 'Forbidden resource', error: 'Forbidden', statusCode: 403 });
});

test('GET /api/docs-yaml: the same document as YAML', async () => {
  const r = await api(srv.baseUrl, 'GET', '/api/docs-yaml');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /yaml/);
  assert.match(r.text, /^"openapi": "3\.0\.\d+"$/m);
  assert.match(r.text, /"title": "for-nestjs"/);
});

test('GET /api/docs: the Swagger UI page loading the local assets and /api/docs-json', async () => {
  const r = await api(srv.baseUrl, 'GET', '/api/docs', { headers: { origin: ORIGIN } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/html/);
  assert.equal(r.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(r.text, /\/api\/docs-json/);
  assert.match(r.text, /src="\/api\/docs\/swagger-ui-bundle\.js"/);
  assert.match(r.text, /href="\/api\/docs\/swagger-ui\.css"/);
  assert.doesNotMatch(r.text, /https?:\/\//, 'nothing is loaded from other hosts');
  // The same page with a trailing slash and in other case (docs/contract/http-api.md 1).
  assert.equal((await api(srv.baseUrl, 'GET', '/API/docs/')).status, 200);
});

test('the Swagger UI assets come from swagger-ui-dist', async () => {
  const css = await api(srv.baseUrl, 'GET', '/api/docs/swagger-ui.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /^text\/css/);
  assert.ok(css.text.includes('.swagger-ui'));
  const js = await api(srv.baseUrl, 'GET', '/api/docs/swagger-ui-bundle.js');
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /javascript/);
  assert.ok(js.text.includes('SwaggerUIBundle'));
  const preset = await api(srv.baseUrl, 'GET', '/api/docs/swagger-ui-standalone-preset.js');
  assert.equal(preset.status, 200);
});

test('unknown docs files and other methods get the 404 of 5.4', async () => {
  for (const p of ['/api/docs/nope.js', '/api/docs/package.json', '/api/docs/..%2F..%2Fpackage.json',
    '/api/docs/swagger-ui.css/x']) {
    const r = await api(srv.baseUrl, 'GET', p);
    assert.equal(r.status, 404, p);
    assert.deepEqual(r.json, { message: `Cannot GET ${p}`, error: 'Not Found', statusCode: 404 });
  }
  const post = await api(srv.baseUrl, 'POST', '/api/docs-json');
  assert.deepEqual(post.json, { message: 'Cannot POST /api/docs-json', error: 'Not Found', statusCode: 404 });
  assert.equal((await api(srv.baseUrl, 'GET', '/api/v1/docs')).status, 404);
});

test('without the assets the page still answers 200 with a note', async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'im-no-swagger-'));
  const bare = await startServer({ args: ['--swagger-ui-dir', empty] });
  try {
    const r = await api(bare.baseUrl, 'GET', '/api/docs');
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/html/);
    assert.match(r.text, /swagger-ui-dist/);
    assert.match(r.text, /\/api\/docs-json/);
    assert.doesNotMatch(r.text, /swagger-ui-bundle\.js/);
    assert.equal((await api(bare.baseUrl, 'GET', '/api/docs/swagger-ui.css')).status, 404);
    assert.equal((await api(bare.baseUrl, 'GET', '/api/docs-json')).status, 200);
  } finally {
    await bare.stop();
    rmSync(empty, { recursive: true, force: true });
  }
});
