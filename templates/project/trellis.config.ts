// Trellis's configuration for this project. Every field has a default;
// see the Trellis README for the others (concurrency, retry, home, warehouse).
import { defineConfig } from 'trellis';

export default defineConfig({
  // Modules whose exports declare TypeScript assets and sources.
  assets: ['assets/index.ts'],
  // SQL models: sql/<folder>/<model>.sql, each folder with a schema.yml.
  sqlDir: 'sql',
});
