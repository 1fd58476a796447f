// Locale-aware formatting for display: server timestamps (ISO 8601) and money (integer fen, lib/money).
import { currentLanguage } from '../i18n';
import { formatMoney, type Fen } from '../lib/money';

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLanguage(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Integer fen → the amount in the page's language: 150000000 → "¥1,500,000.00" / "CNY 1,500,000.00". */
export function formatFen(fen: Fen | null | undefined): string {
  return formatMoney(fen, currentLanguage());
}
