/**
 * Builds the single-page app into dist/ui, which the Patina server serves (src/web). The app
 * imports the scope catalog straight from src/domain, so the UI and the server share one list.
 * A second entry, docs.html, is the API reference page the server serves at /_apis/docs; the two
 * share Fluent UI's chunk.
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
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL("index.html", import.meta.url)),
        docs: fileURLToPath(new URL("docs.html", import.meta.url)),
      },
    },
  },
});
