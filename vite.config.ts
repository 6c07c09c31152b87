// The web build: the PWA lives in web/, its static assets (icons, manifest) in public/.

import { fileURLToPath } from "node:url";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { VitePWA } from "vite-plugin-pwa";

const apiTarget = process.env.STIIKA_API_URL ?? "http://127.0.0.1:8080";

export default defineConfig({
  root: fileURLToPath(new URL("./web", import.meta.url)),
  publicDir: fileURLToPath(new URL("./public", import.meta.url)),
  plugins: [
    react(),
    tailwindcss(),
    // The service worker precaches the app shell only. /api answers and PDFs carry personal data: they are never
    // cached (no runtime caching at all) and navigations to /api never fall back to the shell. A new version waits
    // for the teller's OK or the next lock (web/src/app/pwa.ts registers it with workbox-window).
    VitePWA({
      strategies: "generateSW",
      registerType: "prompt",
      injectRegister: false,
      manifest: false, // public/manifest.webmanifest is the one source
      workbox: {
        globPatterns: ["**/*.{js,css,html,svg,png,webmanifest,wasm}"],
        // pdf.js's worker (~1 MB) is fetched the first time a PDF is shown, not at install.
        globIgnores: ["**/pdf.worker*"],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        navigateFallback: "/index.html",
        navigateFallbackDenylist: [/^\/api(\/|$)/],
        runtimeCaching: [],
        cleanupOutdatedCaches: true,
        clientsClaim: false,
        skipWaiting: false,
        // No public source maps: the production build ships none (neither the app's nor the service worker's).
        sourcemap: false,
      },
    }),
  ],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false },
  // Keep the browser's Host header: the server's CSRF check compares it with Origin, as in production where it
  // serves this app itself.
  server: { proxy: { "/api": { target: apiTarget, changeOrigin: false } } },
});
