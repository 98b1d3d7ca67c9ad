import type { Column } from '../../ui/DataTable.tsx';

/** The Title column of a list of visits, findings or recommendations: the title, tagged when the item is kept out of
 * the public report. `cellClass` is the list's own cell style. */
export function titleColumn<R extends { title: string; confidential: boolean }>(width: string, cellClass = 'visit-title-cell'): Column<R> {
  return {
    id: 'title',
    header: 'Title',
    width,
    render: (r) => (
      <span className={cellClass}>
        <span className="title">{r.title}</span>
        {r.confidential && <span className="tag">Confidential</span>}
      </span>
    ),
    sortValue: (r) => r.title.toLowerCase(),
  };
}
