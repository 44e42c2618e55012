import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Builds the Control UI into services/gateway/dist/ui; relative asset URLs so it works under any gateway.controlUi.basePath.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  logLevel: "warn",
  build: {
    outDir: fileURLToPath(new URL("../dist/ui", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
  },
});
