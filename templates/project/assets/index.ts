// Every asset and source this project declares in TypeScript (trellis.config.ts `assets`).
export * from './orders.ts';
export * from './revenue-trend.ts';
