/**
 * Builds the single-page app into dist/ui, which the Patina server serves (src/web). The app
 * imports the scope catalog straight from src/domain, so the UI and the server share one list.
 */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const webRoot = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root: webRoot,
  base: "/",
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL("../dist/ui", import.meta.url)),
    emptyOutDir: true,
    // No inline module-preload polyfill: the Content-Security-Policy allows no inline script.
    modulePreload: { polyfill: false },
    // Fluent UI makes one chunk of ~0.6 MB; it is served once and cached by its hashed name.
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
});
