import { z } from "zod";

// Runs in the browser before the app's own modules (Next's instrumentation-client convention).
// Zod probes `new Function("")` when it builds a schema, to decide whether to compile its parsers;
// under the pages' strict CSP (no 'unsafe-eval') the browser reports that probe as a violation
// even though Zod catches it. In the browser, parse without compiling (the server, which has no
// CSP, keeps the faster compiled parsers).
z.config({ jitless: true });
