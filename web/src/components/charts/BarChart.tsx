// A small bar chart on echarts/core with only the parts it uses (bar series, grid, tooltip, canvas),
// so pages that chart something stay in their own lazy chunk and the entry bundle carries no ECharts.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart as EBarChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([EBarChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface BarDatum {
  label: string;
  value: number;
}

export default function BarChart({ data, height = 220, ariaLabel }: { data: BarDatum[]; height?: number; ariaLabel: string }) {
  const option = {
    grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: data.map((d) => d.label), axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: data.map((d) => d.value), itemStyle: { color: '#0b6e99' }, barMaxWidth: 36 }],
  };
  return (
    <div role="img" aria-label={ariaLabel}>
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height, width: '100%' }} />
    </div>
  );
}
