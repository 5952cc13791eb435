/**
 * Builds the web app to ui/dist, which `trellis ui` serves. `npx vite ui`
 * serves it with hot reload, sending /api to a `trellis ui` on port 3000.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: path.join(root, 'dist'), emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
    // The app imports from core/ only its pure, dependency-free modules: the API types and formatting.
    fs: { allow: [path.resolve(root, '..')] },
  },
});
