// Pictures for `npm run ex`: SVG line charts (rendered by Vega-Lite, no browser needed) written
// to the output folder, and a quick terminal chart (asciichart) printed beside them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as asciichartModule from 'asciichart';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { ansi, colorEnabled } from './terminal.ts';

export interface Series {
  name: string;
  /** y values; x defaults to 0, 1, 2, … */
  y: number[];
  x?: number[];
  /** Optional panel name: series with the same panel are drawn in one small chart. */
  panel?: string;
  /** Draw points instead of a line (e.g. label sequences). */
  points?: boolean;
}

export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  logY?: boolean;
  width?: number;
  height?: number;
}

// Point series get their own shapes, drawn hollow and large for the first, small and solid for the next, so a
// prediction drawn on top of the truth never hides it (the truth's ring stays visible around the cross).
const pointShapes = ['circle', 'cross', 'diamond', 'triangle-up', 'square'];

/** Renders the series as an SVG chart: lines for line series, marks for point series (one small chart per panel when panels are given). */
export async function lineChartSvg(series: Series[], opts: ChartOptions): Promise<string> {
  const values = series.flatMap((s) =>
    s.y.map((y, i) => ({ x: s.x ? s.x[i] : i, y, series: s.name, panel: s.panel ?? '' })),
  );
  const hasPanels = series.some((s) => s.panel !== undefined);
  const names = [...new Set(series.map((s) => s.name))];
  const pointNames = [...new Set(series.filter((s) => s.points).map((s) => s.name))];
  const lineNames = names.filter((n) => !pointNames.includes(n));
  const x = { field: 'x', type: 'quantitative', title: opts.xLabel };
  const y = { field: 'y', type: 'quantitative', title: opts.yLabel, scale: opts.logY ? { type: 'log' } : { zero: false } };
  // One colour scale over every series, so line and point series share one legend.
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: names } };
  const layers: unknown[] = [];
  if (lineNames.length) {
    layers.push({
      transform: [{ filter: { field: 'series', oneOf: lineNames } }],
      mark: { type: 'line' },
      // dashes tell several lines apart without colour; one line needs no second legend
      encoding: lineNames.length > 1 ? { x, y, color, strokeDash: { field: 'series', type: 'nominal', title: null, scale: { domain: lineNames } } } : { x, y, color },
    });
  }
  pointNames.forEach((name, k) => {
    const first = k === 0;
    layers.push({
      transform: [{ filter: { field: 'series', equal: name } }],
      mark: { type: 'point', shape: pointShapes[k % pointShapes.length], filled: !first, size: first ? 160 : 70, strokeWidth: first ? 2 : 1, opacity: 1 },
      encoding: { x, y, color },
    });
  });
  const width = opts.width ?? (hasPanels ? 220 : 520);
  const height = opts.height ?? (hasPanels ? 140 : 260);
  const spec = (
    hasPanels
      ? {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          title: opts.title,
          data: { values },
          facet: { field: 'panel', type: 'nominal', title: null },
          columns: 3,
          spec: { layer: layers, width, height },
        }
      : { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', title: opts.title, data: { values }, layer: layers, width, height }
  ) as Record<string, unknown>;
  // Legends below the chart, labels never cut short (series names are sentences like "default init, clipped").
  const withConfig = { ...spec, config: { legend: { orient: 'bottom', direction: 'vertical', labelLimit: 0 } } } as TopLevelSpec;
  const view = new vega.View(vega.parse(compile(withConfig).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** Writes the chart to `file` (folders created) and returns the path. */
export async function writeLineChart(file: string, series: Series[], opts: ChartOptions): Promise<string> {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, await lineChartSvg(series, opts));
  return file;
}

// asciichart is CommonJS without named-export hints: under Node's ESM loader its API is the default export.
const asciichart = ((asciichartModule as { default?: unknown }).default ?? asciichartModule) as typeof asciichartModule;

const palette = [asciichart.blue, asciichart.red, asciichart.green, asciichart.magenta, asciichart.cyan];
const paletteNames = ['blue', 'red', 'green', 'magenta', 'cyan'];

/** A small terminal chart of up to five series (resampled to `width` columns). */
export function terminalChart(series: Series[], { height = 10, width = 60 }: { height?: number; width?: number } = {}): string {
  const shown = series.slice(0, palette.length).filter((s) => s.y.length > 0);
  if (shown.length === 0) return '(nothing to plot)';
  const resample = (y: number[]) =>
    y.length <= width ? y : Array.from({ length: width }, (_, i) => y[Math.floor((i * (y.length - 1)) / (width - 1))]);
  const on = colorEnabled();
  const chart = asciichart.plot(
    shown.map((s) => resample(s.y.map((v) => (Number.isFinite(v) ? v : 0)))),
    { height, colors: on ? palette.slice(0, shown.length) : undefined },
  );
  // Without colour (a pipe, a file, NO_COLOR) the legend names the colour a terminal would show.
  const legend = shown.map((s, i) => (on ? `${palette[i]}━━${asciichart.reset} ${s.name}` : `(${paletteNames[i]}) ${s.name}`)).join('   ');
  return `${chart}\n${legend}`;
}

export interface PointSeries {
  name: string;
  /** One character drawn at each point; later series draw over earlier ones. */
  symbol: string;
  x: number[];
  y: number[];
  color?: 'red' | 'green' | 'blue' | 'magenta' | 'cyan' | 'yellow';
}

/**
 * A terminal chart of points: each point is one character in a grid of `height` rows and one column per x.
 * Unlike a line chart, every series keeps its own symbol, so two series are told apart without colour.
 */
export function terminalPoints(series: PointSeries[], { height = 12 }: { height?: number } = {}): string {
  const all = series.flatMap((s) => s.y).filter(Number.isFinite);
  if (all.length === 0) return '(nothing to plot)';
  const min = Math.min(...all);
  const max = Math.max(...all);
  const columns = Math.max(...series.flatMap((s) => s.x)) + 1;
  const row = (value: number) => Math.round(((max - value) / (max - min || 1)) * (height - 1));
  const grid = Array.from({ length: height }, () => Array.from({ length: columns }, () => ' '));
  const on = colorEnabled();
  for (const s of series) {
    s.x.forEach((x, i) => {
      if (!Number.isFinite(s.y[i])) return;
      grid[row(s.y[i])][x] = s.color && on ? `${ansi(s.color, true)}${s.symbol}${ansi('reset', true)}` : s.symbol;
    });
  }
  const label = (r: number) => (max - (r / (height - 1)) * (max - min)).toFixed(2).padStart(7);
  const lines = grid.map((cells, r) => `${label(r)} ┤${cells.join('')}`);
  const legend = series.map((s) => `${s.color && on ? `${ansi(s.color, true)}${s.symbol}${ansi('reset', true)}` : s.symbol} ${s.name}`).join('   ');
  return `${lines.join('\n')}\n${legend}`;
}
