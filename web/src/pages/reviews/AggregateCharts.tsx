// ECharts views of an aggregate (echarts/core with only the parts used, in the reviews pages' lazy
// chunk): mean stars per aspect per department/institution as grouped bars, or per month as lines.
// Suppressed cells (fewer reviews than the minimum) are drawn as gaps, never as a figure.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { AggregateCell, ReviewAspects } from './api';
import { aspectLabel } from './api';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export function AggregateChart({
  cells,
  aspects,
  language,
  kind,
  ariaLabel,
  testId,
}: {
  cells: AggregateCell[];
  aspects: ReviewAspects;
  language: string;
  kind: 'bar' | 'line';
  ariaLabel: string;
  testId?: string;
}) {
  const keys = [aspects.overall.key, ...aspects.aspects.map((a) => a.key)];
  const option = {
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    xAxis: { type: 'category', data: cells.map((c) => c.label), axisLabel: { interval: 0, hideOverlap: true, rotate: cells.length > 6 ? 30 : 0 } },
    yAxis: { type: 'value', min: 1, max: 5 },
    series: keys.map((key) => ({
      name: aspectLabel(aspects, key, language),
      type: kind,
      connectNulls: false,
      barMaxWidth: 18,
      data: cells.map((c) => (c.suppressed || !c.means ? null : (c.means[key] ?? null))),
    })),
  };
  return (
    <div role="img" aria-label={ariaLabel} data-testid={testId}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 300, width: '100%' }} />
    </div>
  );
}
