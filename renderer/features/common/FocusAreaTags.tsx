import { FOCUS_AREA_LABELS, type FocusArea } from '#core/schemas/index.ts';
import { focusShort } from '../recommendations/format.ts';

/**
 * A table row's focus areas as short tags on one line, clipped where the column ends, with the full names on hover.
 * The Engagements and Library tables showed them with the same markup; one component keeps the two columns alike.
 */
export function FocusAreaTags({ areas }: { areas: readonly FocusArea[] }) {
  return (
    <span className="tags" style={{ flexWrap: 'nowrap', overflow: 'hidden' }} title={areas.map((f) => FOCUS_AREA_LABELS[f]).join(', ')}>
      {areas.map((f) => (
        <span key={f} className="tag">
          {focusShort(f)}
        </span>
      ))}
    </span>
  );
}
