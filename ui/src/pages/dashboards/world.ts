/**
 * The world map for ECharts, from the world-atlas topology bundled with the
 * app (offline: no tile server, no fetch). Registered once, on first use.
 */
import * as echarts from 'echarts/core';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries from 'world-atlas/countries-110m.json';
import { unwrapCollection } from '../../lib/dashboard/antimeridian.ts';

let names: ReadonlySet<string> | undefined;

/** Registers the map named `world` and returns its country names. */
export function registerWorld(): ReadonlySet<string> {
  if (names) return names;
  const topology = countries as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const geo = unwrapCollection(feature(topology, topology.objects.countries));
  echarts.registerMap('world', geo as never);
  names = new Set(geo.features.map((f) => f.properties.name));
  return names;
}
