/**
 * The viewport that shows a whole layout in a box, as React Flow's fitView
 * computes it, but known before the first render: the graph is drawn once,
 * at its final zoom, instead of once at zoom 1 and again fitted.
 */

export interface Viewport { readonly x: number; readonly y: number; readonly zoom: number }

export interface FitOptions {
  /** Margin around the graph, as a fraction of the box. */
  readonly padding: number;
  readonly minZoom: number;
  readonly maxZoom: number;
}

/**
 * @example
 * fitViewport({ width: 1000, height: 500 }, { width: 800, height: 600 }, { padding: 0, minZoom: 0.1, maxZoom: 1 })
 * // { x: 0, y: 0, zoom: 0.8 }: the height fits exactly; centred horizontally
 */
export function fitViewport(
  graph: { readonly width: number; readonly height: number },
  box: { readonly width: number; readonly height: number },
  o: FitOptions,
): Viewport {
  if (graph.width <= 0 || graph.height <= 0 || box.width <= 0 || box.height <= 0) return { x: 0, y: 0, zoom: 1 };
  const fit = Math.min(box.width / (graph.width * (1 + 2 * o.padding)), box.height / (graph.height * (1 + 2 * o.padding)));
  const zoom = Math.min(o.maxZoom, Math.max(o.minZoom, fit));
  return { x: (box.width - graph.width * zoom) / 2, y: (box.height - graph.height * zoom) / 2, zoom };
}
