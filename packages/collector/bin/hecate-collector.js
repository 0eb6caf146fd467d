#!/usr/bin/env node
// The `hecate-collector` command. The program itself is compiled TypeScript in dist/ (built by `npm install`);
// this file is committed with its executable bit, so the command works before and after rebuilds.
import '../dist/bin/hecate-collector.js';
