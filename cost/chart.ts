/** An SVG bar chart of cost by component for one environment, rendered headless by Vega-Lite + Vega (no browser, no network). */
import { fromMicro, type PriceBook } from './price-book';
import type { Estimate } from './estimate';
import { byCost } from './report-text';

export async function chartSvg(estimate: Estimate, prices: PriceBook): Promise<string> {
  // Loaded on demand: the renderer is the slowest import of the tool.
  const [vega, vegaLite] = await Promise.all([import('vega'), import('vega-lite')]);
  const values = byCost(estimate.components).map((c) => ({ component: c.name, usd: fromMicro(c.monthly), min: fromMicro(c.min), max: fromMicro(c.max) }));
  const total = fromMicro(estimate.total).toLocaleString('en-US', { maximumFractionDigits: 0 });
  const spec = vegaLite.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: `${estimate.environment}: ${total} USD per month`, subtitle: `on-demand list prices of ${prices.date}, ${prices.hoursPerMonth} h/month; whiskers: node groups at min–max` },
    width: 520,
    data: { values },
    encoding: { y: { field: 'component', type: 'nominal', sort: null, title: null, axis: { labelLimit: 320 } } },
    layer: [
      { mark: { type: 'bar', color: '#4c78a8' }, encoding: { x: { field: 'usd', type: 'quantitative', title: 'USD per month' }, tooltip: [{ field: 'usd' }] } },
      { mark: { type: 'rule', color: '#999', strokeDash: [3, 2] }, encoding: { x: { field: 'min', type: 'quantitative' }, x2: { field: 'max' } } },
      { mark: { type: 'text', align: 'left', dx: 4, fontSize: 10 }, encoding: { x: { field: 'usd', type: 'quantitative' }, text: { field: 'usd', type: 'quantitative', format: ',.0f' } } },
    ],
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  return view.toSVG();
}
