#!/usr/bin/env -S node --max-semi-space-size=1 --heap-growing-percent=20 --no-allocation-site-pretenuring
// The `hecate-collector` command. The program itself is compiled TypeScript in dist/ (built by `npm install`);
// this file is committed with its executable bit, so the command works before and after rebuilds.
// The shebang sizes node's heap for a small resident size (see src/bin/hecate-collector.ts), and the
// collector runs on node's main thread; `node hecate-collector.js` works too, with a worker thread instead.
import '../dist/bin/hecate-collector.js';
