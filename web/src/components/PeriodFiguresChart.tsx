'use client';

import { useEffect, useRef, useState } from 'react';
import type { FiguresSeries } from '@/lib/period-figures-view';

export interface FiguresChartLabels {
  chart: string;
  gmv: string;
  commissions: string;
  promotionCost: string;
  fees: string;
  loading: string;
  failed: string;
}

/**
 * /admin: GMV (bars, left axis) with commissions, promotion cost and fees (lines, right axis) per
 * settled period. ECharts is loaded in the browser only, on demand (its modules are imported in the
 * effect, never rendered on the server); the table beside it carries the same figures for screen
 * readers and for when the chart cannot load.
 */
export function PeriodFiguresChart({ series, labels }: { series: FiguresSeries; labels: FiguresChartLabels }) {
  const box = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');

  useEffect(() => {
    let disposed = false;
    let dispose = () => {};
    (async () => {
      const [core, charts, components, renderers] = await Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]);
      if (disposed || !box.current) return;
      core.use([charts.BarChart, charts.LineChart, components.GridComponent, components.TooltipComponent, components.LegendComponent, renderers.SVGRenderer]);
      const chart = core.init(box.current, undefined, { renderer: 'svg' });
      const line = (name: string, data: number[]) => ({ name, type: 'line' as const, yAxisIndex: 1, data, symbolSize: 6 });
      chart.setOption({
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `¥${Number(v).toFixed(2)}` },
        legend: { top: 0 },
        grid: { left: 64, right: 64, top: 40, bottom: 32 },
        xAxis: { type: 'category', data: series.periods },
        yAxis: [
          { type: 'value', name: labels.gmv, axisLabel: { formatter: '¥{value}' } },
          { type: 'value', axisLabel: { formatter: '¥{value}' }, splitLine: { show: false } },
        ],
        series: [
          { name: labels.gmv, type: 'bar', data: series.gmv, barMaxWidth: 36 },
          line(labels.commissions, series.commissions),
          line(labels.promotionCost, series.promotionCost),
          line(labels.fees, series.fees),
        ],
      });
      const resize = () => chart.resize();
      window.addEventListener('resize', resize);
      dispose = () => {
        window.removeEventListener('resize', resize);
        chart.dispose();
      };
      setState('ready');
    })().catch(() => {
      if (!disposed) setState('failed');
    });
    return () => {
      disposed = true;
      dispose();
    };
  }, [series, labels]);

  return (
    <figure className="figures-chart" data-testid="period-figures-chart" data-state={state}>
      {/* The table beside the chart is the accessible form of the same figures. */}
      <div ref={box} className="figures-chart-canvas" role="img" aria-label={labels.chart} />
      {state !== 'ready' && <figcaption className="small muted">{state === 'failed' ? labels.failed : labels.loading}</figcaption>}
    </figure>
  );
}
