import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('./src/web', import.meta.url));
const outDir = fileURLToPath(new URL('./dist/web', import.meta.url));
const packageJson = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

// The dev server forwards API and probe calls to the running back end (`npm run dev` / `npm start`).
const apiTarget = process.env.DURCHSTARTEN_API_URL ?? 'http://localhost:3000';
const proxied = { target: apiTarget, changeOrigin: false };

export default defineConfig({
  root,
  plugins: [react()],
  define: {
    // Shown in the footer; the web bundle and the server ship from the same package version.
    'import.meta.env.VITE_APP_VERSION': JSON.stringify(packageJson.version),
  },
  build: {
    outDir,
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            // entriesAware: Mantine components used only by lazily loaded pages stay out of the initial chunk.
            { name: 'mantine', test: /node_modules[\\/]@mantine[\\/]/, entriesAware: true },
            { name: 'tanstack', test: /node_modules[\\/]@tanstack[\\/]/ },
            { name: 'i18n', test: /node_modules[\\/](i18next|react-i18next)[\\/]/ },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': proxied,
      '/healthz': proxied,
      '/readyz': proxied,
    },
  },
  preview: {
    port: 4173,
  },
});
