// precompress is a Vite build plugin: after the bundle is written it stores a brotli (.br) and
// a gzip (.gz) form next to every text file of dist/ that compression shrinks, at the
// strongest settings (done once at `make build`, not per request). The Go server
// (api/compress.go) sends the form the browser accepts. It uses only node:zlib.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin } from "vite";

const TEXT = /\.(html|js|mjs|css|json|svg|txt|map|geojson)$/;
const MIN_BYTES = 1024;

function* files(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (TEXT.test(e.name)) yield p;
  }
}

/** precompress returns the plugin; it compresses Vite's resolved build.outDir. */
export function precompress(): Plugin {
  let outDir = "";
  return {
    name: "corridor-precompress",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      let raw = 0;
      let br = 0;
      for (const p of files(outDir)) {
        const body = readFileSync(p);
        if (body.length < MIN_BYTES) continue;
        const b = brotliCompressSync(body, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
          },
        });
        const g = gzipSync(body, { level: 9 });
        if (b.length < body.length) writeFileSync(`${p}.br`, b);
        if (g.length < body.length) writeFileSync(`${p}.gz`, g);
        raw += body.length;
        br += Math.min(b.length, body.length);
      }
      console.log(`precompress: ${(raw / 1024).toFixed(0)} kB of text → ${(br / 1024).toFixed(0)} kB brotli`);
    },
  };
}
