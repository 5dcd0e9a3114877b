// Loads the im_node addon for the tests (IM_NODE_ADDON is set by ctest).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
export const im = require('../../bindings/node/index.js');
