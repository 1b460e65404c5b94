// Charts for docs/benchmarks.md: vega-lite specs rendered headless to SVG (no canvas, no browser).
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface Bar {
  /** The x category, e.g. the endpoint. */
  group: string;
  /** The bar within the group, e.g. "app" or "baseline". */
  series: string;
  value: number;
}

/** A grouped bar chart: one group per category, one coloured bar per series, the value printed on each bar. */
export async function groupedBarSvg(options: { title: string; yTitle: string; bars: readonly Bar[] }): Promise<string> {
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: { step: 56 },
    height: 240,
    background: 'white',
    data: { values: options.bars.map((bar) => ({ ...bar })) },
    encoding: {
      x: { field: 'group', type: 'nominal', title: null, sort: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'series', type: 'nominal', sort: null },
      y: { field: 'value', type: 'quantitative', title: options.yTitle },
      color: {
        field: 'series',
        type: 'nominal',
        title: null,
        sort: null,
        legend: { orient: 'bottom', labelLimit: 400 },
      },
    },
    layer: [
      { mark: { type: 'bar' } },
      {
        mark: { type: 'text', dy: -6, fontSize: 10 },
        encoding: { text: { field: 'value', type: 'quantitative', format: ',.0f' } },
      },
    ],
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
