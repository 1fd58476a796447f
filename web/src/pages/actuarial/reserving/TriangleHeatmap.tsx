// The loss triangle as an ECharts heat map (origins down, development lags across), on echarts/core
// with only the heat map, grid, tooltip and visual map so the page's chunk stays small.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { Triangle } from './api';

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export default function TriangleHeatmap({ triangle, ariaLabel, lagLabel }: { triangle: Triangle; ariaLabel: string; lagLabel: string }) {
  const data: [number, number, number][] = [];
  let max = 0;
  triangle.cells.forEach((row, i) =>
    row.forEach((value, k) => {
      if (value == null) return;
      data.push([k, i, value]);
      max = Math.max(max, value);
    }),
  );
  const option = {
    grid: { left: 8, right: 8, top: 8, bottom: 80, containLabel: true },
    tooltip: {
      position: 'top',
      formatter: (p: { value: [number, number, number] }) =>
        `${triangle.origins[p.value[1]]} · ${lagLabel} ${triangle.development_lags[p.value[0]]}: ${p.value[2].toLocaleString()}`,
    },
    xAxis: { type: 'category', name: lagLabel, data: triangle.development_lags.map(String), splitArea: { show: true } },
    yAxis: { type: 'category', data: triangle.origins, inverse: true, splitArea: { show: true } },
    visualMap: { min: 0, max: max || 1, calculable: true, orient: 'horizontal', left: 'center', bottom: 0, itemHeight: 120,
      inRange: { color: ['#e6f4ff', '#69b1ff', '#0b6e99', '#003a5c'] } },
    series: [{ type: 'heatmap', data, label: { show: triangle.origins.length <= 12, fontSize: 10,
      formatter: (p: { value: [number, number, number] }) => Math.round(p.value[2]).toLocaleString() } }],
  };
  return (
    <div role="img" aria-label={ariaLabel} data-testid="triangle-heatmap">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 360, width: '100%' }} />
    </div>
  );
}
