import type { ReactNode } from 'react';

/**
 * The layout of a screen below the top bar: a title, the screen's actions on the right, an
 * optional toolbar (filters, search) and the content. Full-screen work views (desk, wallboard)
 * lay themselves out and do not need it.
 */
export function Page({
  title,
  actions,
  toolbar,
  children,
  testId,
}: {
  title: ReactNode;
  actions?: ReactNode;
  toolbar?: ReactNode;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <section className="page" data-testid={testId}>
      <header className="page-header">
        <h1 className="page-title">{title}</h1>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {toolbar && <div className="page-toolbar">{toolbar}</div>}
      <div className="page-body">{children}</div>
    </section>
  );
}
