import { sharedConfig } from "../../vitest.shared.ts";

// Unit tests run in Node on the sources; test/e2e builds the page when it is missing or older than
// its sources, serves it on localhost and drives Debian's Chromium.
export default sharedConfig;
