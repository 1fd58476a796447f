// Shows one legal-aid document (GET /cases/{id}/documents/{template}: Chinese Markdown filled from the case)
// as headings and paragraphs, and prints it or downloads it as a .md file. The renderer reads only the
// templates' subset of Markdown (#, ## headings, paragraphs, line breaks) and never injects HTML.
import { Button, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDocument } from '../api';

interface Block { kind: 'h1' | 'h2' | 'p'; text: string }

export function markdownBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  for (const chunk of body.replace(/\r\n/g, '\n').split(/\n{2,}/)) {
    const text = chunk.trim();
    if (!text) continue;
    if (text.startsWith('## ')) blocks.push({ kind: 'h2', text: text.slice(3).trim() });
    else if (text.startsWith('# ')) blocks.push({ kind: 'h1', text: text.slice(2).trim() });
    else blocks.push({ kind: 'p', text });
  }
  return blocks;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The document as a standalone HTML page for printing (escaped text only). */
function printableHtml(doc: CaseDocument): string {
  const body = markdownBlocks(doc.body).map((b) =>
    b.kind === 'p' ? `<p>${escapeHtml(b.text).replace(/\n/g, '<br>')}</p>` : `<${b.kind}>${escapeHtml(b.text)}</${b.kind}>`).join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(doc.title)}</title>` +
    '<style>body{font-family:"SimSun","Songti SC",serif;font-size:14pt;line-height:1.8;margin:2cm}h1{text-align:center}</style>' +
    `</head><body>${body}</body></html>`;
}

function print(doc: CaseDocument) {
  const frame = document.createElement('iframe');
  frame.style.position = 'fixed';
  frame.style.width = '0';
  frame.style.height = '0';
  frame.style.border = '0';
  document.body.appendChild(frame);
  const w = frame.contentWindow;
  if (!w) return;
  w.document.open();
  w.document.write(printableHtml(doc));
  w.document.close();
  w.focus();
  w.print();
  setTimeout(() => frame.remove(), 1000);
}

function download(doc: CaseDocument, caseId: number) {
  const blob = new Blob([doc.body], { type: 'text/markdown;charset=utf-8' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${doc.title}-${caseId}.md`;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

export function DocumentBody({ doc }: { doc: CaseDocument }) {
  return (
    <div data-testid="document-body" lang="zh-CN">
      {markdownBlocks(doc.body).map((b, i) =>
        b.kind === 'p'
          ? <Typography.Paragraph key={i} style={{ whiteSpace: 'pre-line' }}>{b.text}</Typography.Paragraph>
          : <Typography.Title key={i} level={b.kind === 'h1' ? 3 : 5} style={b.kind === 'h1' ? { textAlign: 'center' } : undefined}>{b.text}</Typography.Title>)}
    </div>
  );
}

export function CaseDocumentModal({ doc, caseId, onClose }: { doc: CaseDocument | null; caseId: number; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal open={doc != null} title={doc?.title} onCancel={onClose} width={760} data-testid="document-modal"
      footer={doc && (
        <Space>
          <Button onClick={() => print(doc)} data-testid="document-print">{t('disputes.legal_aid.print')}</Button>
          <Button onClick={() => download(doc, caseId)} data-testid="document-download">{t('disputes.legal_aid.download')}</Button>
          <Button href={`/api/v1/cases/${caseId}/documents/${doc.template}/document.pdf`} download data-testid="document-download-pdf">
            {t('disputes.legal_aid.download_pdf')}
          </Button>
          <Button type="primary" onClick={onClose} data-testid="document-close">{t('disputes.legal_aid.close')}</Button>
        </Space>
      )}>
      {doc && <DocumentBody doc={doc} />}
    </Modal>
  );
}
