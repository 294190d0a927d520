// Pictures for `npm run ex`: SVG line charts (rendered by Vega-Lite, no browser needed) written
// to the output folder, and a quick terminal chart (asciichart) printed beside them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as asciichartModule from 'asciichart';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

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

/** Renders the series as an SVG line chart (one small chart per panel when panels are given). */
export async function lineChartSvg(series: Series[], opts: ChartOptions): Promise<string> {
  const values = series.flatMap((s) =>
    s.y.map((y, i) => ({ x: s.x ? s.x[i] : i, y, series: s.name, panel: s.panel ?? '' })),
  );
  const hasPanels = series.some((s) => s.panel !== undefined);
  const anyPoints = series.some((s) => s.points);
  const layer: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    mark: { type: 'line', point: anyPoints },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: opts.xLabel },
      y: { field: 'y', type: 'quantitative', title: opts.yLabel, scale: opts.logY ? { type: 'log' } : { zero: false } },
      color: { field: 'series', type: 'nominal', title: null },
      strokeDash: { field: 'series', type: 'nominal', title: null },
    },
    width: opts.width ?? (hasPanels ? 220 : 520),
    height: opts.height ?? (hasPanels ? 140 : 260),
  } as TopLevelSpec;
  const spec: TopLevelSpec = hasPanels
    ? ({
        $schema: layer.$schema,
        title: opts.title,
        data: { values },
        facet: { field: 'panel', type: 'nominal', title: null },
        columns: 3,
        spec: { mark: (layer as { mark: unknown }).mark, encoding: (layer as { encoding: unknown }).encoding, width: (layer as { width: number }).width, height: (layer as { height: number }).height },
      } as TopLevelSpec)
    : ({ ...layer, title: opts.title } as TopLevelSpec);
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

/** A small terminal chart of up to five series (resampled to `width` columns). */
export function terminalChart(series: Series[], { height = 10, width = 60 }: { height?: number; width?: number } = {}): string {
  const shown = series.slice(0, palette.length).filter((s) => s.y.length > 0);
  if (shown.length === 0) return '(nothing to plot)';
  const resample = (y: number[]) =>
    y.length <= width ? y : Array.from({ length: width }, (_, i) => y[Math.floor((i * (y.length - 1)) / (width - 1))]);
  const chart = asciichart.plot(
    shown.map((s) => resample(s.y.map((v) => (Number.isFinite(v) ? v : 0)))),
    { height, colors: palette.slice(0, shown.length) },
  );
  const legend = shown.map((s, i) => `${palette[i]}━━${asciichart.reset} ${s.name}`).join('   ');
  return `${chart}\n${legend}`;
}
