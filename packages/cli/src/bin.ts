#!/usr/bin/env node
// The former entry point, kept for scripts that run `node dist/bin.js`: the command is dist/bin.cjs.
import "./bin.cjs";
