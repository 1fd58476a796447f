// Bars per department (or institution): the unit's own rate, its credibility-weighted rate and the
// province rate side by side; the tooltip adds Z and the risk coefficient. On echarts/core with only
// the parts it uses, in the page's lazy chunk.
import ReactEChartsCore from 'echarts-for-react/esm/core';
import * as echarts from 'echarts/core';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface RiskBar {
  label: string;
  own: number;
  credibility: number;
  province: number;
  z: number;
  coefficient: number;
}

export default function RiskBars({ bars, names, ariaLabel, zLabel, coefficientLabel }: {
  bars: RiskBar[];
  names: { own: string; credibility: string; province: string };
  ariaLabel: string;
  zLabel: string;
  coefficientLabel: string;
}) {
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const option = {
    grid: { left: 8, right: 8, top: 40, bottom: 8, containLabel: true },
    legend: { top: 0 },
    tooltip: {
      trigger: 'axis',
      formatter: (items: { dataIndex: number; seriesName: string; value: number }[]) => {
        const b = bars[items[0]?.dataIndex ?? 0];
        if (!b) return '';
        const lines = items.map((i) => `${i.seriesName}: ${round(i.value)}`);
        return [b.label, ...lines, `${zLabel}: ${round(b.z)}`, `${coefficientLabel}: ${round(b.coefficient)}`].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: bars.map((b) => b.label), axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value' },
    series: [
      { name: names.own, type: 'bar', data: bars.map((b) => round(b.own)), itemStyle: { color: '#0b6e99' }, barMaxWidth: 28 },
      { name: names.credibility, type: 'bar', data: bars.map((b) => round(b.credibility)), itemStyle: { color: '#d48806' }, barMaxWidth: 28 },
      { name: names.province, type: 'bar', data: bars.map((b) => round(b.province)), itemStyle: { color: '#8c8c8c' }, barMaxWidth: 28 },
    ],
  };
  return (
    <div role="img" aria-label={ariaLabel} data-testid="risk-bars">
      <ReactEChartsCore echarts={echarts} option={option} notMerge style={{ height: 300, width: '100%' }} />
    </div>
  );
}
