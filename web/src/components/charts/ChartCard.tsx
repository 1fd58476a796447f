// A dashboard card: a chart of some figures, the same figures as a table (the toggle), and an Excel
// export of them. The workbook is written by the server (POST /api/v1/exports/table, libxlsxwriter),
// never in the browser: the card sends its columns and rows as shown and downloads the answer.
import { Suspense, lazy, useState, type ReactNode } from 'react';
import { App, Button, Card, Empty, Segmented, Space, Table, Tooltip } from 'antd';
import { BarChartOutlined, DownloadOutlined, TableOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, errorMessage, request } from '../../api/client';
import { formatFen } from '../format';
import { PageLoading } from '../PageLoading';

const EChart = lazy(() => import('./EChart'));

/** How a column's values are shown and exported: money in fen (shown in yuan, exported with ¥ format),
 * shares in basis points (shown and exported as percent). */
export type ColumnType = 'text' | 'integer' | 'number' | 'money_fen' | 'percent_bp';
export interface ChartColumn {
  key: string;
  title: string;
  type: ColumnType;
}
export type ChartRow = Record<string, string | number | null | undefined>;

export interface ChartCardProps {
  title: string;
  /** data-testid of the card; the toggle, table and export button derive theirs from it. */
  testId: string;
  columns: ChartColumn[];
  rows: ChartRow[];
  /** The ECharts option of the chart view; none: the card opens on its table. */
  option?: object;
  height?: number;
  extra?: ReactNode;
}

export function formatCell(value: ChartRow[string], type: ColumnType): string {
  if (value === null || value === undefined || value === '') return '—';
  if (type === 'money_fen') return formatFen(value);
  if (type === 'percent_bp') return `${(Number(value) / 100).toFixed(1)}%`;
  if (type === 'number' || type === 'integer') return Number(value).toLocaleString();
  return String(value);
}

/** The body of POST /exports/table: percent cells as numbers in percent (two decimals). */
export function exportBody(title: string, columns: ChartColumn[], rows: ChartRow[]) {
  return {
    title,
    columns: columns.map((c) => ({
      header: c.title,
      type: c.type === 'percent_bp' ? ('number' as const) : c.type,
    })),
    rows: rows.map((r) =>
      columns.map((c) => {
        const v = r[c.key];
        if (v === null || v === undefined || v === '') return null;
        if (c.type === 'text') return String(v);
        if (c.type === 'percent_bp') return Math.round(Number(v)) / 100;
        if (c.type === 'number') return Number(v);
        return Math.round(Number(v));
      }),
    ),
  };
}

export async function downloadTable(title: string, columns: ChartColumn[], rows: ChartRow[]): Promise<void> {
  const blob = await request(
    api.POST('/api/v1/exports/table', { body: exportBody(title, columns, rows), parseAs: 'blob' }),
  );
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `${title.replace(/[\\/:*?"<>|]/g, '_')}.xlsx`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export default function ChartCard({ title, testId, columns, rows, option, height = 220, extra }: ChartCardProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [view, setView] = useState<'chart' | 'table'>(option ? 'chart' : 'table');
  const [exporting, setExporting] = useState(false);

  const exportXlsx = () => {
    setExporting(true);
    downloadTable(title, columns, rows)
      .catch((e: unknown) => message.error(errorMessage(e, t)))
      .finally(() => setExporting(false));
  };

  return (
    <Card
      size="small"
      title={title}
      data-testid={testId}
      style={{ marginBottom: 16 }}
      extra={
        <Space size={4}>
          {extra}
          {option && (
            <Segmented
              size="small"
              value={view}
              onChange={(v) => setView(v as 'chart' | 'table')}
              data-testid={`${testId}-view`}
              options={[
                { value: 'chart', icon: <BarChartOutlined />, title: t('dashboard.chart_view') },
                { value: 'table', icon: <TableOutlined />, title: t('dashboard.table_view') },
              ]}
            />
          )}
          <Tooltip title={t('common.export_excel')}>
            <Button
              size="small"
              icon={<DownloadOutlined />}
              loading={exporting}
              disabled={rows.length === 0}
              onClick={exportXlsx}
              aria-label={t('common.export_excel')}
              data-testid={`${testId}-export`}
            />
          </Tooltip>
        </Space>
      }
    >
      {rows.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('dashboard.nothing_yet')} />
      ) : view === 'chart' && option ? (
        <Suspense fallback={<PageLoading />}>
          <EChart option={option} height={height} ariaLabel={title} />
        </Suspense>
      ) : (
        <Table
          size="small"
          data-testid={`${testId}-table`}
          pagination={rows.length > 10 ? { pageSize: 10, size: 'small' } : false}
          rowKey={(_, i) => String(i)}
          dataSource={rows}
          columns={columns.map((c) => ({
            key: c.key,
            title: c.title,
            dataIndex: c.key,
            align: c.type === 'text' ? ('left' as const) : ('right' as const),
            render: (v: ChartRow[string]) => formatCell(v, c.type),
          }))}
        />
      )}
    </Card>
  );
}
