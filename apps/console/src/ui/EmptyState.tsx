import type { ReactNode } from 'react';

/** Nothing to show (no tickets in this view, no results): say so, and what the user can do about it. */
export function EmptyState({
  title,
  children,
  action,
  testId = 'empty-state',
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty-state" data-testid={testId}>
      <p className="empty-state-title">{title}</p>
      {children && <div className="muted small">{children}</div>}
      {action && <div className="empty-state-action">{action}</div>}
    </div>
  );
}
