import { defineConfig } from "vite";
import { precompress } from "./precompress";

// The Go server (`corridor serve`) serves dist/ at "/" and the API at /api/v1 on the same
// origin. In development, `npm run dev` proxies /api to a running server (CORRIDOR_URL,
// default http://127.0.0.1:18080).
export default defineConfig({
  base: "/",
  plugins: [precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  server: {
    proxy: {
      "/api": process.env.CORRIDOR_URL ?? "http://127.0.0.1:18080",
    },
  },
});
