// Catches a rendering failure in one page so the layout and menu stay usable.
import { Component, type ReactNode } from 'react';
import { Button, Result } from 'antd';
import i18n from '../i18n';

interface State {
  failed: boolean;
}

export class PageErrorBoundary extends Component<{ children: ReactNode }, State> {
  state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <Result
        status="error"
        title={i18n.t('common.page_crashed')}
        extra={<Button onClick={() => window.location.reload()}>{i18n.t('common.reload')}</Button>}
      />
    );
  }
}
