// Loads im_node.node (built by CMake, see docs/embedding.md). IM_NODE_ADDON names the file;
// otherwise the usual build folders of this repository are tried.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const repo = path.join(__dirname, '..', '..');
const candidates = [
  process.env.IM_NODE_ADDON,
  ...['build', 'build-test', 'build-node'].map((d) => path.join(repo, d, 'bindings', 'node', 'im_node.node')),
].filter(Boolean);
const found = candidates.find((p) => fs.existsSync(p));
if (!found) {
  throw new Error(`im_node.node not found (tried ${candidates.join(', ')}); build the target im_node ` +
    'or set IM_NODE_ADDON');
}
module.exports = require(found);
