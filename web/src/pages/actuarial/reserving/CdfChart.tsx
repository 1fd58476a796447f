// The aggregate loss CDF as a line with VaR and TVaR marks, on echarts/core with only the line chart,
// grid, tooltip, legend and mark lines it uses.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { AggregateResult } from './api';

echarts.use([LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, CanvasRenderer]);

export default function CdfChart({ result, ariaLabel, cdfLabel }: { result: AggregateResult; ariaLabel: string; cdfLabel: string }) {
  const marks: { name: string; xAxis: number; lineStyle: { color: string; type: string } }[] = [];
  for (const row of result.levels) {
    const pct = `${(row.level * 100).toFixed(1)}%`;
    if (row.var != null) marks.push({ name: `VaR ${pct}`, xAxis: row.var, lineStyle: { color: '#d4380d', type: 'dashed' } });
    if (row.tvar != null) marks.push({ name: `TVaR ${pct}`, xAxis: row.tvar, lineStyle: { color: '#722ed1', type: 'dotted' } });
  }
  const option = {
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', scale: true },
    yAxis: { type: 'value', min: 0, max: 1 },
    series: [{
      name: cdfLabel, type: 'line', showSymbol: false, data: result.cdf.map((p) => [p.x, p.cdf]), itemStyle: { color: '#0b6e99' },
      markLine: { symbol: 'none', label: { formatter: '{b}', fontSize: 10, position: 'insideEndTop' }, data: marks },
    }],
  };
  return (
    <div role="img" aria-label={ariaLabel} data-testid="cdf-chart">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 320, width: '100%' }} />
    </div>
  );
}
