import type { Column } from '../../ui/DataTable.tsx';

/** The Title column of a list of visits or findings: the title, tagged when the item is kept out of the public report. */
export function titleColumn<R extends { title: string; confidential: boolean }>(width: string): Column<R> {
  return {
    id: 'title',
    header: 'Title',
    width,
    render: (r) => (
      <span className="visit-title-cell">
        <span className="title">{r.title}</span>
        {r.confidential && <span className="tag">Confidential</span>}
      </span>
    ),
    sortValue: (r) => r.title.toLowerCase(),
  };
}
